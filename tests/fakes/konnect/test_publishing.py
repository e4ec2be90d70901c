"""Admin v3: APIs, publications, portals, developers, registration approval."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import create_provider, create_strategy, dcr_setup, login, publish
from tests.spec_check import assert_conforms

CATALOG = "konnect-api-builder-v3"
PORTALS = "konnect-portal-management-v3"


def test_seeded_api_is_listed_and_not_published(konnect: FakeKonnect, admin: httpx.Client) -> None:
    api = konnect.seed_api("Orders API")
    response = admin.get("/v3/apis")
    assert_conforms(CATALOG, "GET", "/apis", response)
    assert [a["slug"] for a in response.json()["data"]] == ["orders-api"]
    one = admin.get(f"/v3/apis/{api.id}")
    assert_conforms(CATALOG, "GET", "/apis/{apiId}", one)
    assert one.json()["portals"] == []
    assert konnect.state.is_published(api.id) is False
    missing = admin.get("/v3/apis/4b7d1b1e-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert_conforms(CATALOG, "GET", "/apis/{apiId}", missing)


def test_publish_with_a_dcr_strategy(konnect: FakeKonnect, admin: httpx.Client) -> None:
    strategy = create_strategy(admin, create_provider(admin)["id"])
    portal = konnect.seed_portal("harness")
    api = konnect.seed_api("Orders API")
    path = f"/v3/apis/{api.id}/publications/{portal.id}"
    body = {
        "auth_strategy_ids": [strategy["id"]],
        "auto_approve_registrations": True,
        "visibility": "public",
    }
    response = admin.put(path, json=body)
    assert response.status_code == 200  # the spec; the Auth0 how-to says 201
    assert_conforms(CATALOG, "PUT", "/apis/{apiId}/publications/{portalId}", response)
    assert response.json()["auth_strategy_ids"] == [strategy["id"]]
    got = admin.get(path)
    assert_conforms(CATALOG, "GET", "/apis/{apiId}/publications/{portalId}", got)
    assert got.json() == response.json()
    assert admin.get(f"/v3/apis/{api.id}").json()["portals"][0]["id"] == portal.id
    config = konnect.state.auth_config_for_api(api.id)
    assert config is not None and config.strategy_id == strategy["id"]
    assert config.strategy_type == "openid_connect"
    assert config.openid_connect == strategy["configs"]["openid-connect"]
    deleted = admin.delete(path)
    assert deleted.status_code == 204
    assert_conforms(CATALOG, "DELETE", "/apis/{apiId}/publications/{portalId}", deleted)
    assert konnect.state.is_published(api.id) is False
    assert admin.get(path).status_code == 404


def test_publication_validation(konnect: FakeKonnect, admin: httpx.Client) -> None:
    portal = konnect.seed_portal("harness")
    api = konnect.seed_api("Orders API")
    path = f"/v3/apis/{api.id}/publications/{portal.id}"
    two = admin.put(path, json={"auth_strategy_ids": ["4b7d1b1e-0000-4000-8000-000000000000"] * 2})
    assert two.status_code == 400
    assert_conforms(CATALOG, "PUT", "/apis/{apiId}/publications/{portalId}", two)
    assert two.json()["invalid_parameters"][0]["rule"] == "max_items"
    unknown = admin.put(path, json={"auth_strategy_ids": ["4b7d1b1e-0000-4000-8000-000000000000"]})
    assert unknown.json()["invalid_parameters"][0]["rule"] == "missing_reference"
    visibility = admin.put(path, json={"visibility": "everyone"})
    assert visibility.json()["invalid_parameters"][0]["choices"] == ["public", "private"]
    without_auth = admin.put(path, json={"auth_strategy_ids": None})
    assert without_auth.status_code == 200 and without_auth.json()["auth_strategy_ids"] is None
    assert konnect.state.is_published(api.id) and konnect.state.auth_config_for_api(api.id) is None


def test_portals_are_listed(konnect: FakeKonnect, admin: httpx.Client) -> None:
    portal = konnect.seed_portal("harness", auto_approve_developers=False)
    response = admin.get("/v3/portals")
    assert_conforms(PORTALS, "GET", "/portals", response)
    domain = httpx.URL(konnect.portal_url).host  # over HTTP "127.0.0.1": a hostname, no port
    assert response.json()["data"][0]["default_domain"] == domain
    one = admin.get(f"/v3/portals/{portal.id}")
    assert_conforms(PORTALS, "GET", "/portals/{portalId}", one)
    assert one.json()["auto_approve_developers"] is False


def test_developers_are_listed_filtered_and_approved(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    portal = konnect.seed_portal("harness", auto_approve_developers=False)
    for email in ("a@example.com", "b@example.com"):
        portal_http.post("/api/v3/developer", json={"email": email, "full_name": "Dev"})
    path = f"/v3/portals/{portal.id}/developers"
    response = admin.get(path, params={"filter[email][eq]": "b@example.com"})
    assert_conforms(PORTALS, "GET", "/portals/{portalId}/developers", response)
    [developer] = response.json()["data"]
    assert developer["status"] == "pending"
    approved = admin.patch(f"{path}/{developer['id']}", json={"status": "approved"})
    assert_conforms(PORTALS, "PATCH", "/portals/{portalId}/developers/{developerId}", approved)
    assert approved.json()["status"] == "approved"
    bad = admin.patch(f"{path}/{developer['id']}", json={"status": "active"})
    assert bad.status_code == 400
    assert_conforms(PORTALS, "PATCH", "/portals/{portalId}/developers/{developerId}", bad)


def test_admin_revokes_and_approves_a_registration(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    _, strategy_id, portal_id, api_id = dcr_setup(konnect, admin, auto_approve_applications=False)
    login(konnect, portal_http)
    app = portal_http.post(
        "/api/v3/applications", json={"name": "app", "auth_strategy_id": strategy_id}
    ).json()
    registration = portal_http.post(
        f"/api/v3/applications/{app['id']}/registrations", json={"api_id": api_id}
    ).json()
    assert registration["status"] == "pending"
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.approved_api_ids == frozenset()
    base = f"/v3/portals/{portal_id}/applications/{app['id']}/registrations"
    listed = admin.get(base)
    assert_conforms(
        PORTALS, "GET", "/portals/{portalId}/applications/{applicationId}/registrations", listed
    )
    response = admin.patch(f"{base}/{registration['id']}", json={"status": "approved"})
    spec_path = "/portals/{portalId}/applications/{applicationId}/registrations/{registrationId}"
    assert_conforms(PORTALS, "PATCH", spec_path, response)
    assert response.json()["status"] == "approved"
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.approved_api_ids == {api_id}
    admin.patch(f"{base}/{registration['id']}", json={"status": "revoked"})
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.approved_api_ids == frozenset()


def test_publication_auto_approve_overrides_the_portal(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    """``auto_approve_registrations`` on the publication approves although the portal does not
    auto-approve applications; without it the portal's setting decides (pending)."""
    _, strategy_id, portal_id, api_id = dcr_setup(konnect, admin, auto_approve_applications=False)
    publish(admin, api_id, portal_id, strategy_id, auto_approve_registrations=True)
    login(konnect, portal_http)
    app = portal_http.post(
        "/api/v3/applications", json={"name": "app", "auth_strategy_id": strategy_id}
    ).json()
    registration = portal_http.post(
        f"/api/v3/applications/{app['id']}/registrations", json={"api_id": api_id}
    )
    assert registration.status_code == 201 and registration.json()["status"] == "approved"
    data_plane = konnect.state.application_by_client_id(app["client_id"])
    assert data_plane is not None and data_plane.approved_api_ids == {api_id}


def test_portal_settings_are_patchable_and_act_on_new_developers(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    portal = konnect.seed_portal("settings")
    path = f"/v3/portals/{portal.id}"
    patched = admin.patch(
        path,
        json={
            "auto_approve_developers": False,
            "auto_approve_applications": False,
            "rbac_enabled": True,
            "labels": {"team": "qa"},
        },
    )
    assert patched.status_code == 200, patched.text
    assert_conforms("konnect-portal-management-v3", "PATCH", "/portals/{portalId}", patched)
    body = admin.get(path).json()
    assert (body["auto_approve_developers"], body["auto_approve_applications"]) == (False, False)
    assert body["rbac_enabled"] is True and body["labels"] == {"team": "qa"}
    assert not konnect.state.portals[portal.id].auto_approve_developers


def test_portal_settings_are_validated(konnect: FakeKonnect, admin: httpx.Client) -> None:
    portal = konnect.seed_portal("strict")
    path = f"/v3/portals/{portal.id}"
    wrong = admin.patch(path, json={"default_api_visibility": "everyone", "colour": "red"})
    assert wrong.status_code == 400
    unknown = admin.patch(
        path, json={"default_application_auth_strategy_id": "4b7d1b1e-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["invalid_parameters"][0]["rule"] == "missing_reference"
