"""Routing, unprotected APIs, Kong's own answers, faults, reset."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.gateway.control_plane import ApiAuthConfig
from dcr_harness.fakes.gateway.kaa import decode_basic
from dcr_harness.fakes.kit.faults import Fault
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import (
    API,
    CLIENT_ID,
    assert_kong_error,
    assert_oidc_unauthorized,
    basic,
    bearer,
)
from tests.fakes.gateway.idp import StandInIdp
from tests.fakes.gateway.serving import ServedGateway


def test_unknown_route_is_kongs_404(client: httpx.Client) -> None:
    assert_kong_error(client.get("/payments"), 404, "no Route matched with those values")


def test_longest_prefix_wins_and_strips(
    client: httpx.Client, gateway: FakeGateway, control_plane: StubControlPlane
) -> None:
    gateway.seed_route("/orders/admin", "api-admin")

    response = client.post("/orders/admin/users", json={"a": 1})

    assert response.status_code == 200  # api-admin is not published: no KAA
    assert response.json()["path"] == "/users"
    assert gateway.upstream_requests[0].content == b'{"a":1}'


def test_unpublished_api_is_proxied_without_auth(
    client: httpx.Client, gateway: FakeGateway
) -> None:
    gateway.seed_route("/internal", "api-unpublished")

    response = client.get("/internal", headers={"X-Application-ID": "spoofed"})

    assert response.status_code == 200
    assert response.json()["path"] == "/"
    assert gateway.upstream_requests[0].headers["X-Application-ID"] == "spoofed"


def test_published_without_auth_strategy_is_proxied(
    client: httpx.Client, gateway: FakeGateway, control_plane: StubControlPlane
) -> None:
    control_plane.publish("api-open", None)
    gateway.seed_route("/open", "api-open")

    assert client.get("/open").status_code == 200


def test_request_ids_are_per_request_and_repeated_upstream(
    client: httpx.Client, gateway: FakeGateway
) -> None:
    first = client.get("/nowhere").json()["request_id"]
    second = client.get("/nowhere").json()["request_id"]
    assert first != second
    client.get("/orders", headers=basic())
    upstream = gateway.upstream_requests[0]
    assert upstream.headers["X-Kong-Request-Id"] not in (first, second)
    assert upstream.headers["Host"] == "upstream.harness.test"
    assert len(gateway.requests) == 3


def test_discovery_unreachable_is_an_unexpected_error(
    client: httpx.Client, idp: StandInIdp
) -> None:
    idp.unreachable = True

    assert_kong_error(client.get("/orders", headers=basic()), 500, "An unexpected error occurred")


def test_token_endpoint_unreachable_is_the_plugins_401(
    client: httpx.Client, idp: StandInIdp
) -> None:
    client.get("/orders", headers=bearer(idp.mint(CLIENT_ID)))  # discovery and keys cached
    idp.unreachable = True

    assert_oidc_unauthorized(client.get("/orders", headers=basic()))


def test_fault_plan_routes(
    client: httpx.Client, gateway: FakeGateway, served: ServedGateway
) -> None:
    gateway.faults.add(
        "proxy", Fault(503, {"message": "failure to get a peer from the ring-balancer"})
    )
    gateway.faults.add(
        "upstream",
        Fault(502, {"message": "An invalid response was received from the upstream server"}),
    )

    assert client.get("/orders", headers=basic()).status_code == 503
    assert client.get("/orders", headers=basic()).status_code == 502
    assert gateway.upstream_requests == []
    assert client.get("/orders", headers=basic()).status_code == 200
    gateway.faults.add("proxy", Fault(connection_error=True))
    # Served, the dropped connection reaches httpx as RemoteProtocolError (dcr_harness.fakes.kit.server).
    expected = httpx.RemoteProtocolError if served.over_http else httpx.ConnectError
    with pytest.raises(expected):
        client.get("/orders")
    assert client.get("/orders", headers=basic()).status_code == 200


def test_reset_forgets_routes_and_logs(client: httpx.Client, gateway: FakeGateway) -> None:
    client.get("/orders", headers=basic())
    gateway.faults.add("proxy", Fault(500))

    gateway.reset()

    assert gateway.requests == [] and gateway.upstream_requests == [] and gateway.notices == []
    assert gateway.routes == []
    assert client.get("/orders").status_code == 404


def test_key_auth_strategy(
    client: httpx.Client, gateway: FakeGateway, control_plane: StubControlPlane
) -> None:
    import hashlib

    control_plane.publish("api-keyed", ApiAuthConfig("strategy-key", "key_auth"))
    gateway.seed_route("/keyed", "api-keyed")
    control_plane.add_app(hashlib.sha256(b"my-key").hexdigest(), "strategy-key", "api-keyed")

    assert_kong_error(client.get("/keyed"), 401, "Unauthorized")
    assert_kong_error(client.get("/keyed", headers={"apikey": "other"}), 401, "Unauthorized")
    assert client.get("/keyed", headers={"apikey": "my-key"}).status_code == 200
    response = client.get("/keyed?apikey=my-key&x=1")
    assert response.status_code == 200
    assert response.json()["query"] == "x=1"
    assert "apikey" not in gateway.upstream_requests[0].headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Basic MG9hMTpwdw==", ("0oa1", "pw")),
        ("BASIC MG9hMTpwdw", ("0oa1", "pw")),
        ("Basic MG9hMTpwdw==garbage", ("0oa1", "pw")),  # nginx ignores what follows '='
        ("Basic OmFiYw==", None),  # ":abc": the colon must not be the first character
        ("Basic YTpiOmM=", ("a", "b:c")),  # split at the first colon
        (f"Basic {CLIENT_ID}:secret", None),  # the how-to's literal form
        ("Basic 1234", None),  # Kong's own test: decodes, but no colon
        ("Bearer MG9hMTpwdw==", None),
        (None, None),
    ],
)
def test_decode_basic(header: str | None, expected: tuple[str, str] | None) -> None:
    assert decode_basic(header) == expected


def test_handler_serves_the_harness_api() -> None:
    """The brief's constructor: keyword-only collaborators, default clock."""
    with httpx.Client() as outgoing:
        fake = FakeGateway("http://gw.test", control_plane=StubControlPlane(), http=outgoing)
        route = fake.seed_route("/orders", API)
        assert (route.path, route.api_id) == ("/orders", API)
        assert fake.url == "http://gw.test"
