"""KAA's client_credentials path: Basic header -> app -> token exchange at the IdP -> upstream."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import (
    API,
    CLIENT_ID,
    SECRET,
    UNAUTHORIZED,
    assert_kong_error,
    assert_oidc_unauthorized,
    basic,
    oidc_config,
)
from tests.fakes.gateway.idp import StandInIdp


def test_valid_basic_reaches_the_upstream_with_the_application_headers(
    client: httpx.Client, gateway: FakeGateway, idp: StandInIdp
) -> None:
    response = client.get("/orders/42?status=open", headers=basic())

    assert response.status_code == 200, response.text
    echoed = response.json()
    assert echoed["method"] == "GET"
    assert echoed["path"] == "/42"
    assert echoed["query"] == "status=open"
    assert response.headers["Via"].startswith("1.1 kong/")
    [upstream] = gateway.upstream_requests
    assert upstream.headers["X-Application-ID"] == f"app-{CLIENT_ID}"
    assert upstream.headers["X-Application-Developer-ID"] == f"dev-{CLIENT_ID}"
    assert upstream.headers["X-Application-Portal-ID"] == "portal-1"
    assert upstream.headers["X-Application-Org-ID"] == "org-1"
    assert upstream.headers["X-Forwarded-Prefix"] == "/orders"
    token = upstream.headers["Authorization"].removeprefix("Bearer ")
    assert idp.count("/token") == 1
    assert token.count(".") == 2
    assert echoed["headers"]["authorization"] == f"Bearer {token}"
    assert idp.token_forms()[0] == {"grant_type": ["client_credentials"], "scope": ["orders:read"]}


def test_lowercase_basic_and_unpadded_base64_are_accepted(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    client_id, secret = "0oa1", "pw"  # "0oa1:pw" is 7 bytes: base64 needs one '=' of padding
    idp.clients[client_id] = secret
    control_plane.add_app(client_id, "strategy-okta", API)
    encoded = httpx.BasicAuth(client_id, secret)._auth_header.split()[1].rstrip("=")

    assert client.get("/orders", headers={"Authorization": f"basic {encoded}"}).status_code == 200


def test_no_credentials_is_unauthorized_without_calling_the_idp(
    client: httpx.Client, idp: StandInIdp
) -> None:
    assert_kong_error(client.get("/orders"), 401, UNAUTHORIZED)
    assert idp.calls == []


def test_the_how_to_literal_basic_header_is_unauthorized(
    client: httpx.Client, idp: StandInIdp
) -> None:
    """``Authorization: Basic CLIENT_ID:CLIENT_SECRET`` is not base64: no client_id is found."""
    response = client.get("/orders", headers={"Authorization": f"Basic {CLIENT_ID}:{SECRET}"})

    assert_kong_error(response, 401, UNAUTHORIZED)
    assert idp.calls == []


def test_wrong_secret_is_the_openid_connect_plugins_401(
    client: httpx.Client, gateway: FakeGateway, idp: StandInIdp
) -> None:
    response = client.get("/orders", headers=basic(secret="not-the-secret"))

    assert_oidc_unauthorized(response)
    assert idp.count("/token") == 1
    assert gateway.upstream_requests == []
    assert "invalid_client" in gateway.notices[-1]


def test_unknown_client_is_unauthorized(client: httpx.Client, idp: StandInIdp) -> None:
    assert_kong_error(client.get("/orders", headers=basic("0oanobody")), 401, UNAUTHORIZED)
    assert idp.calls == []


def test_app_of_another_strategy_is_unauthenticated(
    client: httpx.Client, control_plane: StubControlPlane
) -> None:
    control_plane.add_app(CLIENT_ID, "strategy-key-auth", API)

    assert_kong_error(client.get("/orders", headers=basic()), 401, "Unauthenticated")


@pytest.mark.parametrize("scopes", [None, []], ids=["absent", "empty"])
def test_strategy_without_scopes_asks_for_openid_and_okta_refuses(
    client: httpx.Client,
    control_plane: StubControlPlane,
    idp: StandInIdp,
    scopes: list[str] | None,
) -> None:
    control_plane.publish(API, oidc_config(scopes=scopes))

    response = client.get("/orders", headers=basic())

    assert idp.token_forms()[0]["scope"] == ["openid"]
    assert_oidc_unauthorized(response)


def test_client_credentials_needs_no_credential_claim_in_the_minted_token(
    client: httpx.Client, control_plane: StubControlPlane
) -> None:
    """Kong's openid-connect plugin only logs a missing credential claim; KAA already has the
    app from the Basic header. (A missing claim breaks bearer instead: see test_bearer.)"""
    control_plane.publish(API, oidc_config(credential_claim=["client_id"]))

    assert client.get("/orders", headers=basic()).status_code == 200


def test_legacy_mode_needs_the_credential_claim_in_the_minted_token(
    client: httpx.Client, control_plane: StubControlPlane, gateway: FakeGateway, idp: StandInIdp
) -> None:
    control_plane.publish(API, oidc_config(credential_claim=["client_id"]))
    gateway.match_credential_claim = True
    gateway.reset()
    gateway.seed_route("/orders", API)

    assert_kong_error(client.get("/orders", headers=basic()), 401, UNAUTHORIZED)
    assert "not in the token" in gateway.notices[-1]
    idp.extra_claims["client_id"] = "app.clientId"
    gateway.reset()
    gateway.seed_route("/orders", API)
    assert client.get("/orders", headers=basic()).status_code == 200
    idp.token_overrides["client_id"] = "0oasomeoneelse"
    gateway.reset()
    gateway.seed_route("/orders", API)
    assert_kong_error(client.get("/orders", headers=basic()), 401, UNAUTHORIZED)


def test_client_credentials_not_in_auth_methods_never_identifies_an_app(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    control_plane.publish(API, oidc_config(auth_methods=["bearer"]))

    assert_kong_error(client.get("/orders", headers=basic()), 401, UNAUTHORIZED)
    assert idp.calls == []


def test_not_approved_is_forbidden(client: httpx.Client, control_plane: StubControlPlane) -> None:
    control_plane.add_app(CLIENT_ID, "strategy-okta")  # registered for no API

    assert_kong_error(
        client.get("/orders", headers=basic()), 403, "You cannot consume this service"
    )


def test_exhausted_is_rate_limited(client: httpx.Client, control_plane: StubControlPlane) -> None:
    control_plane.exhaust(CLIENT_ID, API)

    assert_kong_error(
        client.get("/orders", headers=basic()),
        429,
        "The consumption of this api has been rate-limited. "
        "Please check the developer portal for more informations",
    )


def test_minted_token_from_another_issuer_is_refused(client: httpx.Client, idp: StandInIdp) -> None:
    idp.token_overrides["iss"] = "https://evil.test/oauth2/default"

    assert_oidc_unauthorized(client.get("/orders", headers=basic()))


def test_expired_minted_token_is_refused(
    client: httpx.Client, idp: StandInIdp, clock: Clock
) -> None:
    idp.token_overrides["exp"] = int(clock.now()) - 1

    assert_oidc_unauthorized(client.get("/orders", headers=basic()))
