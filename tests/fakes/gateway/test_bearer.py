"""KAA's bearer path: the JWT names the app by a credential claim, then the plugin verifies it."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import (
    API,
    CLIENT_ID,
    UNAUTHORIZED,
    assert_kong_error,
    assert_oidc_unauthorized,
    bearer,
    oidc_config,
)
from tests.fakes.gateway.idp import StandInIdp


def test_valid_bearer_reaches_the_upstream(
    client: httpx.Client, gateway: FakeGateway, idp: StandInIdp
) -> None:
    token = idp.mint(CLIENT_ID)

    response = client.get("/orders", headers=bearer(token))

    assert response.status_code == 200, response.text
    [upstream] = gateway.upstream_requests
    assert upstream.headers["Authorization"] == f"Bearer {token}"
    assert upstream.headers["X-Application-ID"] == f"app-{CLIENT_ID}"
    assert idp.count("/token") == 0


def test_credential_claim_is_a_top_level_claim_name(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    """The how-to's custom claim: ``credential_claim: ["client_id"]`` = ``app.clientId``."""
    control_plane.publish(API, oidc_config(credential_claim=["client_id"]))
    idp.extra_claims["client_id"] = "app.clientId"

    assert client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))).status_code == 200


def test_bearer_without_the_credential_claim_is_unauthorized(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    """Okta without the ``app.clientId`` claim: ``sub``/``cid`` carry the id, not ``client_id``."""
    control_plane.publish(API, oidc_config(credential_claim=["client_id"]))

    assert_kong_error(client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))), 401, UNAUTHORIZED)


def test_bearer_signed_by_a_stranger_is_the_plugins_401(
    client: httpx.Client, idp: StandInIdp
) -> None:
    forged = idp.mint(CLIENT_ID, key=idp.key("stranger"))
    _, payload, signature = forged.split(".")
    genuine_header = idp.mint(CLIENT_ID).split(".")[0]  # claims kid key-1, signed by stranger

    assert_oidc_unauthorized(client.get("/orders", headers=bearer(forged)))
    tampered = f"{genuine_header}.{payload}.{signature}"
    assert_oidc_unauthorized(client.get("/orders", headers=bearer(tampered)))


def test_expired_bearer_is_the_plugins_401(
    client: httpx.Client, idp: StandInIdp, clock: Clock
) -> None:
    token = idp.mint(CLIENT_ID)
    assert client.get("/orders", headers=bearer(token)).status_code == 200

    clock.advance(3600)

    assert_oidc_unauthorized(client.get("/orders", headers=bearer(token)))


def test_garbage_bearer_is_unauthorized(client: httpx.Client) -> None:
    assert_kong_error(client.get("/orders", headers=bearer("asdfasdfasdf")), 401, UNAUTHORIZED)


def test_bearer_not_in_auth_methods_never_identifies_an_app(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    control_plane.publish(API, oidc_config(auth_methods=["client_credentials"]))
    token = idp.mint(CLIENT_ID)
    idp.calls.clear()

    assert_kong_error(client.get("/orders", headers=bearer(token)), 401, UNAUTHORIZED)
    assert idp.calls == []


def test_bearer_for_an_unapproved_app_is_forbidden(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    control_plane.add_app(CLIENT_ID, "strategy-okta", "another-api")

    response = client.get("/orders", headers=bearer(idp.mint(CLIENT_ID)))

    assert_kong_error(response, 403, "You cannot consume this service")


def test_bearer_from_another_issuer_is_the_plugins_401(
    client: httpx.Client, idp: StandInIdp
) -> None:
    token = idp.mint(CLIENT_ID, iss="https://evil.test/oauth2/default")

    assert_oidc_unauthorized(client.get("/orders", headers=bearer(token)))
