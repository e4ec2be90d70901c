from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import Registered, register
from tests.spec_check import assert_conforms, assert_oauth_error_in_catalogue

INTROSPECT = "/oauth2/{authorizationServerId}/v1/introspect"
REVOKE = "/oauth2/{authorizationServerId}/v1/revoke"


def mint(http: httpx.Client, client: Registered) -> str:
    response = http.post(
        "/oauth2/default/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(client.client_id, client.client_secret),
    )
    return str(response.json()["access_token"])


def introspect(http: httpx.Client, client: Registered, access_token: str) -> httpx.Response:
    return http.post(
        "/oauth2/default/v1/introspect",
        data={"token": access_token, "token_type_hint": "access_token"},
        auth=(client.client_id, client.client_secret),
    )


def test_active_token(org: str, http: httpx.Client, ready: Registered) -> None:
    access_token = mint(http, ready)

    response = introspect(http, ready, access_token)

    assert response.status_code == 200
    assert_conforms("okta-oauth", "POST", INTROSPECT, response)
    body = response.json()
    assert body["active"] is True
    assert body["client_id"] == ready.client_id == body["sub"]
    assert body["scope"] == "portal"
    assert body["iss"] == f"{org}/oauth2/default"
    assert body["aud"] == "api://default"
    assert body["token_type"] == "Bearer"
    assert body["jti"].startswith("AT.")


def test_revoked_token_is_inactive(http: httpx.Client, ready: Registered) -> None:
    access_token = mint(http, ready)

    revoked = http.post(
        "/oauth2/default/v1/revoke",
        data={"token": access_token},
        auth=(ready.client_id, ready.client_secret),
    )

    assert revoked.status_code == 200 and revoked.content == b""
    assert_conforms("okta-oauth", "POST", REVOKE, revoked)
    assert introspect(http, ready, access_token).json() == {"active": False}


def test_revoking_garbage_is_still_success(http: httpx.Client, ready: Registered) -> None:
    response = http.post(
        "/oauth2/default/v1/revoke",
        data={"token": "not-a-token"},
        auth=(ready.client_id, ready.client_secret),
    )
    assert response.status_code == 200


def test_client_cannot_revoke_another_clients_token(
    http: httpx.Client, api: httpx.Client, ready: Registered
) -> None:
    access_token = mint(http, ready)
    other = register(api, client_name="other")
    http.post(
        "/oauth2/default/v1/revoke",
        data={"token": access_token},
        auth=(other.client_id, other.client_secret),
    )
    assert introspect(http, ready, access_token).json()["active"] is True


def test_expired_token_is_inactive(clock: Clock, http: httpx.Client, ready: Registered) -> None:
    access_token = mint(http, ready)
    clock.advance(3601)
    assert introspect(http, ready, access_token).json() == {"active": False}


def test_token_of_retired_key_is_inactive(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    access_token = mint(http, ready)
    okta.state.rotate_keys("default")
    assert introspect(http, ready, access_token).json()["active"] is True
    okta.state.retire_keys("default")
    assert introspect(http, ready, access_token).json() == {"active": False}


def test_token_of_another_server_is_inactive(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    access_token = mint(http, ready)
    other = okta.state.add_authorization_server("Other", ["api://other"])
    response = http.post(
        f"/oauth2/{other.id}/v1/introspect",
        data={"token": access_token},
        auth=(ready.client_id, ready.client_secret),
    )
    assert response.json() == {"active": False}


@pytest.mark.parametrize("path", [INTROSPECT, REVOKE])
def test_token_parameter_required(http: httpx.Client, ready: Registered, path: str) -> None:
    url = path.replace("{authorizationServerId}", "default")
    response = http.post(url, data={}, auth=(ready.client_id, ready.client_secret))

    assert response.status_code == 400
    assert_conforms("okta-oauth", "POST", path, response)
    assert_oauth_error_in_catalogue(response)
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "The 'token' parameter is required.",
    }


@pytest.mark.parametrize("path", [INTROSPECT, REVOKE])
def test_client_authentication_required(http: httpx.Client, ready: Registered, path: str) -> None:
    url = path.replace("{authorizationServerId}", "default")
    response = http.post(url, data={"token": "x"})

    assert response.status_code == 401
    assert_conforms("okta-oauth", "POST", path, response)
    assert_oauth_error_in_catalogue(response)
    assert response.json()["error_description"] == "No client credentials found."


def test_token_of_deleted_client_is_inactive(
    http: httpx.Client, api: httpx.Client, ready: Registered
) -> None:
    access_token = mint(http, ready)
    other = register(api, client_name="introspector")
    api.delete(f"/oauth2/v1/clients/{ready.client_id}")
    response = http.post(
        "/oauth2/default/v1/introspect",
        data={"token": access_token},
        auth=(other.client_id, other.client_secret),
    )
    assert response.json() == {"active": False}


def test_org_server_introspect_and_revoke(http: httpx.Client, ready: Registered) -> None:
    """The org server knows no custom server's tokens: inactive, and revoke is a quiet 200."""
    access_token = mint(http, ready)
    auth = (ready.client_id, ready.client_secret)

    introspected = http.post("/oauth2/v1/introspect", data={"token": access_token}, auth=auth)
    revoked = http.post("/oauth2/v1/revoke", data={"token": access_token}, auth=auth)

    assert introspected.json() == {"active": False}
    assert revoked.status_code == 200
    missing = http.post("/oauth2/v1/introspect", data={}, auth=auth)
    assert missing.status_code == 400
