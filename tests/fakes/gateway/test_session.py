"""KAA's ``session`` auth method: an authorized request starts a session whose cookie alone
authorizes the same application later, as Kong's openid-connect plugin does."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.gateway.sessions import IDLING_TIMEOUT
from dcr_harness.fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import (
    API,
    CLIENT_ID,
    UNAUTHORIZED,
    assert_kong_error,
    basic,
    oidc_config,
)
from tests.fakes.gateway.idp import StandInIdp

WITH_SESSION = ["client_credentials", "bearer", "session"]


def cookie_of(response: httpx.Response, name: str = "session") -> str:
    header = response.headers["Set-Cookie"]
    pair, *attributes = [part.strip() for part in header.split(";")]
    key, _, value = pair.partition("=")
    assert key == name and len(value) >= 32
    assert set(attributes) >= {"Path=/", "SameSite=Lax", "HttpOnly"}
    return value


@pytest.fixture
def with_session(control_plane: StubControlPlane) -> StubControlPlane:
    control_plane.publish(API, oidc_config(auth_methods=WITH_SESSION))
    return control_plane


def test_an_authorized_request_sets_the_default_session_cookie(
    client: httpx.Client, with_session: StubControlPlane, idp: StandInIdp
) -> None:
    response = client.get("/orders", headers=basic())

    assert response.status_code == 200, response.text
    cookie_of(response)


def test_the_cookie_alone_is_authorized_as_the_same_application(
    client: httpx.Client, gateway: FakeGateway, with_session: StubControlPlane, idp: StandInIdp
) -> None:
    value = cookie_of(client.get("/orders", headers=basic()))
    tokens_before = idp.count("/token")

    again = client.get("/orders/1", headers={"Cookie": f"session={value}"})

    assert again.status_code == 200, again.text
    assert "Set-Cookie" not in again.headers
    upstream = gateway.upstream_requests[-1]
    assert upstream.headers["X-Application-ID"] == f"app-{CLIENT_ID}"
    first, second = gateway.upstream_requests[-2:]
    assert second.headers["Authorization"] == first.headers["Authorization"]
    assert idp.count("/token") == tokens_before, "a session needs no new token"


def test_the_cookie_name_comes_from_the_strategy(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    control_plane.publish(
        API, oidc_config(auth_methods=WITH_SESSION, session_cookie_name="portal_sid")
    )
    value = cookie_of(client.get("/orders", headers=basic()), "portal_sid")

    assert client.get("/orders", headers={"Cookie": f"portal_sid={value}"}).status_code == 200
    refused = client.get("/orders", headers={"Cookie": f"session={value}"})
    assert_kong_error(refused, 401, UNAUTHORIZED)


def test_a_strategy_without_session_sets_no_cookie_and_refuses_one(
    client: httpx.Client, control_plane: StubControlPlane, idp: StandInIdp
) -> None:
    control_plane.publish(API, oidc_config(auth_methods=WITH_SESSION))
    value = cookie_of(client.get("/orders", headers=basic()))
    control_plane.publish(API, oidc_config(auth_methods=["client_credentials", "bearer"]))

    answer = client.get("/orders", headers=basic())
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers
    assert_kong_error(
        client.get("/orders", headers={"Cookie": f"session={value}"}), 401, UNAUTHORIZED
    )


def test_an_unknown_or_idle_session_is_refused(
    client: httpx.Client, with_session: StubControlPlane, idp: StandInIdp, clock: Clock
) -> None:
    assert_kong_error(
        client.get("/orders", headers={"Cookie": "session=" + "x" * 43}), 401, UNAUTHORIZED
    )
    value = cookie_of(client.get("/orders", headers=basic()))
    clock.advance(IDLING_TIMEOUT + 1)
    assert_kong_error(
        client.get("/orders", headers={"Cookie": f"session={value}"}), 401, UNAUTHORIZED
    )


def test_a_session_of_an_application_no_longer_approved_is_forbidden(
    client: httpx.Client, with_session: StubControlPlane, idp: StandInIdp
) -> None:
    value = cookie_of(client.get("/orders", headers=basic()))
    with_session.add_app(CLIENT_ID, "strategy-okta")  # the same app, approved for nothing

    refused = client.get("/orders", headers={"Cookie": f"session={value}"})

    assert_kong_error(refused, 403, "You cannot consume this service")
