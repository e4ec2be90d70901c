from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.okta import (
    ROUTES,
    FakeOkta,
    api_fault,
    errors,
    oauth_fault,
    rate_limit_fault,
)
from tests.fakes.okta.conftest import API_TOKEN, NOW, ORG, Registered, register
from tests.spec_check import (
    assert_conforms,
    assert_management_error_in_catalogue,
    assert_oauth_error_in_catalogue,
)


def test_dcr_list_paginates_with_link_headers(org: str, api: httpx.Client) -> None:
    ids = [register(api, client_name=f"app {n}").client_id for n in range(5)]

    seen: list[str] = []
    url: str | None = f"{org}/oauth2/v1/clients?limit=2"
    pages = 0
    while url:
        response = api.get(url)
        assert_conforms("okta-oauth", "GET", "/oauth2/v1/clients", response)
        seen += [c["client_id"] for c in response.json()]
        links = response.headers.get_list("link")
        assert any(link.endswith('rel="self"') for link in links)
        url = next(
            (
                httpx.Response(200, headers={"link": link}).links.get("next", {}).get("url")
                for link in links
                if 'rel="next"' in link
            ),
            None,
        )
        pages += 1

    assert seen == ids
    assert pages == 3


def test_default_dcr_page_is_20(api: httpx.Client) -> None:
    for n in range(21):
        register(api, client_name=f"app {n}")
    first = api.get("/oauth2/v1/clients")
    assert len(first.json()) == 20
    assert 'rel="next"' in ",".join(first.headers.get_list("link"))


def test_scopes_and_apps_paginate(api: httpx.Client) -> None:
    scopes = api.get("/api/v1/authorizationServers/default/scopes", params={"limit": 3})
    assert len(scopes.json()) == 3
    assert 'rel="next"' in ",".join(scopes.headers.get_list("link"))
    register(api)
    apps = api.get("/api/v1/apps", params={"limit": 1})
    assert len(apps.json()) == 1
    assert 'rel="next"' not in ",".join(apps.headers.get_list("link"))


def test_rate_limit_headers_on_management_responses(api: httpx.Client) -> None:
    response = api.get("/api/v1/authorizationServers")
    assert response.headers["X-Rate-Limit-Limit"] == "600"
    assert response.headers["X-Rate-Limit-Remaining"] == "599"
    assert int(response.headers["X-Rate-Limit-Reset"]) == int(NOW) - int(NOW) % 60 + 60
    assert "Date" in response.headers


def test_configured_limit_gives_429_e0000047_then_recovers(
    okta: FakeOkta, clock: Clock, api: httpx.Client
) -> None:
    okta.rate_limit.configure(2)
    assert api.get("/api/v1/authorizationServers").status_code == 200
    assert api.get("/oauth2/v1/clients").status_code == 200

    limited = api.get("/api/v1/authorizationServers")

    assert limited.status_code == 429
    assert_conforms("okta-management", "GET", "/api/v1/authorizationServers", limited)
    assert_management_error_in_catalogue(limited)
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"
    assert limited.headers["Date"]
    clock.advance(60)
    assert api.get("/api/v1/authorizationServers").status_code == 200


def test_protocol_endpoints_are_not_counted(okta: FakeOkta, http: httpx.Client) -> None:
    okta.rate_limit.configure(1)
    for _ in range(3):
        assert http.get("/oauth2/default/v1/keys").status_code == 200


def test_faults_by_route_name(okta: FakeOkta, api: httpx.Client, ready: Registered) -> None:
    okta.faults.add("dcr.create", rate_limit_fault(int(NOW) + 60))
    okta.faults.add("as.token", oauth_fault(errors.NO_MATCHING_POLICY))
    okta.faults.add("servers.get", api_fault(errors.E0000006, "E0000006"))

    limited = api.post("/oauth2/v1/clients", json={"client_name": "x"})
    assert limited.status_code == 429
    assert_conforms("okta-oauth", "POST", "/oauth2/v1/clients", limited)
    assert_management_error_in_catalogue(limited)
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"
    assert limited.headers["X-Rate-Limit-Reset"] == str(int(NOW) + 60)
    denied = api.post(
        "/oauth2/default/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(ready.client_id, ready.client_secret),
    )
    assert denied.status_code == 401
    assert_oauth_error_in_catalogue(denied)
    forbidden = api.get("/api/v1/authorizationServers/default")
    assert forbidden.status_code == 403
    assert_management_error_in_catalogue(forbidden)
    assert api.get("/api/v1/authorizationServers/default").status_code == 200
    assert all("X-Okta-Request-Id" in r.headers for r in (limited, denied, forbidden))


def test_token_endpoint_429_from_the_fault_plan(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.faults.add("as.token", rate_limit_fault(int(NOW) + 60))
    limited = http.post(
        "/oauth2/default/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(ready.client_id, ready.client_secret),
    )
    assert limited.status_code == 429
    assert limited.json()["errorCode"] == "E0000047"
    assert limited.headers["X-Rate-Limit-Reset"] == str(int(NOW) + 60)


def test_connection_fault(okta: FakeOkta, http: httpx.Client, mode: str) -> None:
    """In process the transport raises ``ConnectError``; over HTTP the connection is already
    up, so the served fake closes it without an answer and the client sees the server hang up
    (``RemoteProtocolError``). Both are ``TransportError``, what a client must handle."""
    okta.faults.add("as.keys", Fault(connection_error=True))
    expected = httpx.ConnectError if mode == "inproc" else httpx.RemoteProtocolError
    with pytest.raises(expected):
        http.get("/oauth2/default/v1/keys")
    assert http.get("/oauth2/default/v1/keys").status_code == 200


def test_route_names_are_unique_and_cover_the_surface() -> None:
    assert len(ROUTES) == len(set(ROUTES))
    assert {"as.token", "as.keys", "dcr.create", "apps.delete", "api_tokens.revoke"} <= set(ROUTES)


def test_reset_returns_a_fresh_org(okta: FakeOkta, api: httpx.Client, ready: Registered) -> None:
    okta.faults.add("servers.list", Fault(500))
    okta.rate_limit.configure(1)

    okta.reset()

    assert okta.requests == []
    assert okta.state.clients == {} and okta.state.api_tokens == {}
    assert list(okta.state.servers) == ["default"]
    assert okta.state.servers["default"].policies == {}
    assert all(s.system for s in okta.state.servers["default"].scopes.values())
    okta.seed_api_token(API_TOKEN)
    assert api.get("/api/v1/authorizationServers").status_code == 200
    assert api.get("/api/v1/authorizationServers").headers["X-Rate-Limit-Limit"] == "600"


def test_same_seed_same_ids(clock: Clock) -> None:
    from dcr_harness.fakes.kit.ids import IdFactory

    first = FakeOkta(ORG, ids=IdFactory(3), clock=clock).state.add_scope("default", "a")
    second = FakeOkta(ORG, ids=IdFactory(3), clock=clock).state.add_scope("default", "a")
    assert first.id == second.id
