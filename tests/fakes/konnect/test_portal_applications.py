"""Dev Portal v3 applications with an Okta DCR strategy: the DCR calls Konnect really makes."""

from __future__ import annotations

import json

import httpx

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import DCR_TOKEN, OKTA, dcr_setup, login
from tests.fakes.konnect.okta_stub import OktaStub
from tests.fakes.konnect.spec_compat import assert_portal_conforms

APPS = "/api/v3/applications"
ONE = "/api/v3/applications/{applicationId}"


def test_strategies_and_apis_on_offer(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, _, api_id = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    strategies = portal_http.get("/api/v3/application-auth-strategies")
    assert_portal_conforms("GET", "/api/v3/application-auth-strategies", strategies)
    [strategy] = strategies.json()["data"]
    assert strategy["id"] == strategy_id and strategy["credential_type"] == "client_credentials"
    assert strategy["auth_methods"] == ["client_credentials", "bearer"]
    apis = portal_http.get("/api/v3/apis")
    assert_portal_conforms("GET", "/api/v3/apis", apis)
    assert apis.json()["data"][0]["id"] == api_id


def test_create_application_registers_an_okta_client(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, portal_id, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    response = portal_http.post(APPS, json={"name": "orders-app", "auth_strategy_id": strategy_id})
    assert response.status_code == 201
    assert_portal_conforms("POST", APPS, response)
    body = response.json()
    assert body["client_id"] == "0oastub0000000000001" and body["client_secret"] == "secret-1"
    assert body["auth_strategy"]["credential_type"] == "client_credentials"
    [call] = okta.calls
    assert (call.method, str(call.url)) == ("POST", f"{OKTA}/oauth2/v1/clients")
    assert call.headers["authorization"] == f"SSWS {DCR_TOKEN}"
    assert json.loads(call.content) == {
        "client_name": "orders-app",
        "application_type": "service",
        "grant_types": ["client_credentials"],
        "response_types": ["token"],
        "token_endpoint_auth_method": "client_secret_basic",
        "redirect_uris": [],
    }
    assert konnect.dcr_calls == okta.calls
    got = portal_http.get(f"{APPS}/{body['id']}")
    assert_portal_conforms("GET", ONE, got)
    assert got.json()["client_id"] == body["client_id"] and "client_secret" not in got.json()
    listed = portal_http.get(APPS)
    assert_portal_conforms("GET", APPS, listed)
    assert "client_secret" not in listed.text
    data_plane = konnect.state.application_by_client_id(body["client_id"])
    assert data_plane is not None and data_plane.portal_id == portal_id
    assert data_plane.auth_strategy_id == strategy_id and data_plane.org_id == konnect.state.org_id


def test_default_strategy_and_duplicate_names(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, portal_id, _ = dcr_setup(konnect, admin)
    konnect.state.portals[portal_id].default_application_auth_strategy_id = strategy_id
    login(konnect, portal_http)
    assert portal_http.post(APPS, json={"name": "app"}).status_code == 201
    duplicate = portal_http.post(APPS, json={"name": "app"})
    assert duplicate.status_code == 409
    assert_portal_conforms("POST", APPS, duplicate)


def test_okta_refusal_creates_nothing_and_names_the_idp_answer(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    okta.token = "a-different-token"
    login(konnect, portal_http)
    response = portal_http.post(APPS, json={"name": "orders-app", "auth_strategy_id": strategy_id})
    assert response.status_code == 400
    assert_portal_conforms("POST", APPS, response)
    detail = response.json()["detail"]
    assert "401" in detail and "E0000011" in detail and "Invalid token provided" in detail
    assert DCR_TOKEN not in response.text
    assert konnect.state.applications == {}
    assert portal_http.get(APPS).json()["data"] == []


def test_okta_oauth_style_error_and_unreachable(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    okta.fail_next = httpx.Response(
        400, json={"error": "invalid_client_metadata", "error_description": "bad grant_types"}
    )
    refused = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id})
    assert "invalid_client_metadata" in refused.json()["detail"]
    assert "bad grant_types" in refused.json()["detail"]
    okta.unreachable = True
    down = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id})
    assert down.status_code == 400 and "could not reach" in down.json()["detail"]
    assert konnect.state.applications == {}


def test_registration_is_approved_by_auto_approve_and_conflicts_twice(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, _, api_id = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id}).json()
    path = f"{APPS}/{app['id']}/registrations"
    response = portal_http.post(path, json={"api_id": api_id})
    assert response.status_code == 201
    assert_portal_conforms("POST", f"{ONE}/registrations", response)
    assert response.json()["status"] == "approved" and response.json()["api_slug"] == "orders-api"
    again = portal_http.post(path, json={"api_id": api_id})
    assert again.status_code == 409
    assert_portal_conforms("POST", f"{ONE}/registrations", again)
    listed = portal_http.get(path)
    assert_portal_conforms("GET", f"{ONE}/registrations", listed)
    assert len(listed.json()["data"]) == 1
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.approved_api_ids == {api_id}
    konnect.state.mark_exhausted(app["id"], api_id)
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.exhausted_api_ids == {api_id}


def test_registration_is_pending_without_auto_approve(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, _, api_id = dcr_setup(konnect, admin, auto_approve_applications=False)
    login(konnect, portal_http)
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id}).json()
    response = portal_http.post(f"{APPS}/{app['id']}/registrations", json={"api_id": api_id})
    assert response.json()["status"] == "pending"
    unknown = portal_http.post(
        f"{APPS}/{app['id']}/registrations", json={"api_id": "4b7d1b1e-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 404
    assert_portal_conforms("POST", f"{ONE}/registrations", unknown)


def test_regenerate_secret_calls_new_secret(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id}).json()
    response = portal_http.post(f"{APPS}/{app['id']}/regenerate-secret")
    assert response.status_code == 201
    assert_portal_conforms("POST", f"{ONE}/regenerate-secret", response)
    assert response.json() == {"client_id": app["client_id"], "client_secret": "secret-2"}
    assert str(okta.calls[-1].url).endswith(
        f"/oauth2/v1/clients/{app['client_id']}/lifecycle/newSecret"
    )


def test_delete_application_deletes_the_okta_client(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, _, api_id = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id}).json()
    portal_http.post(f"{APPS}/{app['id']}/registrations", json={"api_id": api_id})
    response = portal_http.delete(f"{APPS}/{app['id']}")
    assert response.status_code == 204
    assert_portal_conforms("DELETE", ONE, response)
    assert (okta.calls[-1].method, okta.calls[-1].url.path) == (
        "DELETE",
        f"/oauth2/v1/clients/{app['client_id']}",
    )
    assert okta.clients == {} and konnect.state.registrations == {}
    assert konnect.state.application_by_client_id(app["client_id"]) is None
    assert portal_http.get(f"{APPS}/{app['id']}").status_code == 404


def test_another_developers_application_is_404(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http, "first@example.com")
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": strategy_id}).json()
    portal_http.cookies.clear()
    login(konnect, portal_http, "second@example.com")
    response = portal_http.get(f"{APPS}/{app['id']}")
    assert response.status_code == 404
    assert_portal_conforms("GET", ONE, response)


def test_unpublished_strategy_is_not_offered(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    konnect.seed_portal("harness")
    login(konnect, portal_http)
    response = portal_http.post(
        APPS, json={"name": "a", "auth_strategy_id": "4b7d1b1e-0000-4000-8000-000000000000"}
    )
    assert response.status_code == 400
    assert_portal_conforms("POST", APPS, response)
    assert response.json()["invalid_parameters"][0]["rule"] == "missing_reference"
