"""The openid-connect plugin's caches: discovery, JWKS (refetched on an unknown kid) and tokens."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import (
    CLIENT_ID,
    SECRET,
    assert_oidc_unauthorized,
    basic,
    bearer,
)
from tests.fakes.gateway.idp import StandInIdp


def test_a_token_is_exchanged_once_and_reused_until_it_expires(
    client: httpx.Client, idp: StandInIdp, clock: Clock, gateway: FakeGateway
) -> None:
    assert client.get("/orders", headers=basic()).status_code == 200
    assert client.get("/orders/1", headers=basic()).status_code == 200
    assert idp.count("/token") == 1
    first, second = (r.headers["Authorization"] for r in gateway.upstream_requests)
    assert first == second

    clock.advance(3600 - 10)
    assert client.get("/orders", headers=basic()).status_code == 200
    assert idp.count("/token") == 1

    clock.advance(10)
    assert client.get("/orders", headers=basic()).status_code == 200
    assert idp.count("/token") == 2
    assert idp.count("/.well-known/openid-configuration") == 1


def test_a_deleted_client_keeps_working_until_its_cached_token_expires(
    client: httpx.Client, idp: StandInIdp, clock: Clock
) -> None:
    """As on Kong: the token cache, not the IdP, answers until the token runs out."""
    assert client.get("/orders", headers=basic()).status_code == 200
    del idp.clients[CLIENT_ID]

    assert client.get("/orders", headers=basic()).status_code == 200

    clock.advance(3600)
    assert_oidc_unauthorized(client.get("/orders", headers=basic()))


def test_the_cache_is_keyed_by_the_secret(client: httpx.Client, idp: StandInIdp) -> None:
    assert client.get("/orders", headers=basic()).status_code == 200
    idp.clients[CLIENT_ID] = "rotated-secret"

    assert client.get("/orders", headers=basic(secret="rotated-secret")).status_code == 200
    assert client.get("/orders", headers=basic(secret=SECRET)).status_code == 200  # still cached
    assert idp.count("/token") == 2


def test_a_failed_exchange_is_not_cached(
    client: httpx.Client, idp: StandInIdp, control_plane: StubControlPlane
) -> None:
    assert_oidc_unauthorized(client.get("/orders", headers=basic(secret="wrong")))
    assert_oidc_unauthorized(client.get("/orders", headers=basic(secret="wrong")))
    assert idp.count("/token") == 2


def test_jwks_is_cached_and_refetched_once_for_a_rotated_key(
    client: httpx.Client, idp: StandInIdp
) -> None:
    assert client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))).status_code == 200
    assert client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))).status_code == 200
    assert idp.count("/v1/keys") == 1

    idp.rotate("key-2")

    assert client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))).status_code == 200
    assert idp.count("/v1/keys") == 2
    assert client.get("/orders", headers=bearer(idp.mint(CLIENT_ID))).status_code == 200
    assert idp.count("/v1/keys") == 2


def test_an_unknown_kid_is_refetched_once_then_refused(
    client: httpx.Client, idp: StandInIdp
) -> None:
    token = idp.mint(CLIENT_ID, key=idp.key("key-2"))  # key-2 is not published

    assert_oidc_unauthorized(client.get("/orders", headers=bearer(token)))
    assert idp.count("/v1/keys") == 2


def test_reset_empties_the_caches(
    client: httpx.Client, idp: StandInIdp, gateway: FakeGateway
) -> None:
    assert client.get("/orders", headers=basic()).status_code == 200
    gateway.reset()
    gateway.seed_route("/orders", "api-orders")

    assert client.get("/orders", headers=basic()).status_code == 200
    assert idp.count("/token") == 2
    assert idp.count("/.well-known/openid-configuration") == 2
    assert len(gateway.requests) == 1


def test_a_revoked_registration_is_refused_at_once_despite_the_cached_token(
    client: httpx.Client, idp: StandInIdp, control_plane: StubControlPlane
) -> None:
    """KAA checks the pushed application on every request: only the IdP side is cached."""
    assert client.get("/orders", headers=basic()).status_code == 200
    control_plane.add_app(CLIENT_ID, "strategy-okta")  # Konnect pushes it without the API

    response = client.get("/orders", headers=basic())

    assert response.status_code == 403 and idp.count("/token") == 1


def test_a_deleted_application_is_unknown_at_once_despite_the_cached_token(
    client: httpx.Client, idp: StandInIdp, control_plane: StubControlPlane
) -> None:
    token = idp.mint(CLIENT_ID)
    assert client.get("/orders", headers=basic()).status_code == 200
    assert client.get("/orders", headers=bearer(token)).status_code == 200
    del control_plane.apps[CLIENT_ID]

    assert client.get("/orders", headers=basic()).status_code == 401
    assert client.get("/orders", headers=bearer(token)).status_code == 401
    assert idp.count("/token") == 1
