"""What the data plane reads from fake Konnect, and the admin view of applications."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.gateway.control_plane import ControlPlane
from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.konnect import FakeKonnect, too_many_requests
from tests.fakes.konnect.helpers import create_provider, create_strategy, dcr_setup, login, publish
from tests.fakes.konnect.okta_stub import OktaStub
from tests.fakes.konnect.spec_compat import assert_patched_conforms, assert_portal_conforms
from tests.spec_check import assert_conforms

PORTALS = "konnect-portal-management-v3"


def test_state_is_the_control_plane(konnect: FakeKonnect, admin: httpx.Client) -> None:
    control_plane: ControlPlane = konnect.state
    api = konnect.seed_api("Orders API")
    assert control_plane.auth_config_for_api(api.id) is None
    assert control_plane.application_by_client_id("0oa-unknown") is None
    strategy = create_strategy(admin, create_provider(admin)["id"])
    portal = konnect.seed_portal("harness")
    publish(admin, api.id, portal.id, strategy["id"])
    admin.patch(
        f"/v2/application-auth-strategies/{strategy['id']}",
        json={"configs": {"openid-connect": {"credential_claim": ["cid"]}}},
    )
    config = control_plane.auth_config_for_api(api.id)
    assert config is not None and config.openid_connect["credential_claim"] == ["cid"]


def test_reset_keeps_the_same_state_object_for_the_data_plane(konnect: FakeKonnect) -> None:
    state = konnect.state
    konnect.seed_api("Orders API")
    konnect.reset()
    assert konnect.state is state and state.apis == {}


def test_reset_restarts_owned_ids_but_not_shared_ones() -> None:
    with httpx.Client(transport=httpx.MockTransport(OktaStub().handle)) as outgoing:
        own = FakeKonnect(http=outgoing, clock=Clock(frozen_at=0))
        first = own.seed_api("a").id
        own.reset()
        assert own.seed_api("a").id == first
        shared_ids = IdFactory(seed=1)
        shared = FakeKonnect(http=outgoing, ids=shared_ids)
        before = shared.seed_api("a").id
        shared.reset()
        assert shared.seed_api("a").id != before


def test_admin_lists_and_deletes_applications(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, portal_id, api_id = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(
        "/api/v3/applications", json={"name": "a", "auth_strategy_id": strategy_id}
    ).json()
    portal_http.post(f"/api/v3/applications/{app['id']}/registrations", json={"api_id": api_id})
    listed = admin.get(f"/v3/portals/{portal_id}/applications")
    assert_patched_conforms(PORTALS, "GET", "/portals/{portalId}/applications", listed)
    [item] = listed.json()["data"]
    assert item["client_id"] == app["client_id"] and item["registration_count"] == 1
    one = admin.get(f"/v3/portals/{portal_id}/applications/{app['id']}")
    assert_patched_conforms(PORTALS, "GET", "/portals/{portalId}/applications/{applicationId}", one)
    deleted = admin.delete(f"/v3/portals/{portal_id}/applications/{app['id']}")
    assert deleted.status_code == 204
    assert_conforms(PORTALS, "DELETE", "/portals/{portalId}/applications/{applicationId}", deleted)
    assert okta.clients == {}


def test_okta_refusing_the_delete_keeps_the_application(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client, okta: OktaStub
) -> None:
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(
        "/api/v3/applications", json={"name": "a", "auth_strategy_id": strategy_id}
    ).json()
    okta.token = "rotated-at-okta"
    response = portal_http.delete(f"/api/v3/applications/{app['id']}")
    assert response.status_code == 400
    assert_portal_conforms("DELETE", "/api/v3/applications/{applicationId}", response)
    assert "E0000011" in response.json()["detail"]
    assert app["id"] in konnect.state.applications


def test_portal_429_through_the_fault_plan(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    dcr_setup(konnect, admin)
    login(konnect, portal_http)
    konnect.faults.add("portal.applications.list", too_many_requests(5, portal=True))
    response = portal_http.get("/api/v3/applications")
    assert response.status_code == 429 and response.headers["retry-after"] == "5"
    assert response.json()["instance"].startswith("konnect:trace:")


def test_portal_delete_can_be_rate_limited_as_documented(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    """429 is documented on the portal's DELETE of an application (the hook validates it)."""
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    app = portal_http.post(
        "/api/v3/applications", json={"name": "a", "auth_strategy_id": strategy_id}
    ).json()
    konnect.faults.add("portal.applications.delete", too_many_requests(2, portal=True))
    limited = portal_http.delete(f"/api/v3/applications/{app['id']}")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "2"
    assert_portal_conforms("DELETE", "/api/v3/applications/{applicationId}", limited)
    assert portal_http.delete(f"/api/v3/applications/{app['id']}").status_code == 204
