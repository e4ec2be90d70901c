"""A classic Dev Portal (v2): API products and versions linked to Gateway Services, versions
published on the portal with a DCR strategy, and the developer's applications (credential
nested in the create answer, registrations to product versions, refresh-token). Every answer
is validated against Portal Management v2 and Dev Portal v2 by the clients' hook."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import create_provider, create_strategy, login
from tests.fakes.konnect.okta_stub import OktaStub

APPS = "/api/v2/applications"


def linked_version(admin: httpx.Client, plane: str, path: str = "/orders") -> dict[str, str]:
    """A Gateway Service routed at ``path``, an API product and a version linked to it."""
    entities = f"/v2/control-planes/{plane}/core-entities"
    service = admin.post(f"{entities}/services", json={"name": "svc", "url": "http://up.example"})
    route = admin.post(
        f"{entities}/routes",
        json={"name": "rt", "paths": [path], "service": {"id": service.json()["id"]}},
    )
    assert route.status_code == 201, route.text
    product = admin.post("/v2/api-products", json={"name": "Orders"})
    assert product.status_code == 201, product.text
    version = admin.post(
        f"/v2/api-products/{product.json()['id']}/product-versions",
        json={
            "name": "v1",
            "gateway_service": {"control_plane_id": plane, "id": service.json()["id"]},
        },
    )
    assert version.status_code == 201, version.text
    return {
        "service": service.json()["id"],
        "route": route.json()["id"],
        "product": product.json()["id"],
        "version": version.json()["id"],
    }


def publish_version(
    admin: httpx.Client, portal: str, version: str, strategy: str | None, **extra: object
) -> httpx.Response:
    body = {
        "product_version_id": version,
        "auth_strategy_ids": [strategy] if strategy else [],
        "publish_status": "published",
        "application_registration_enabled": True,
        "auto_approve_registration": True,
        "deprecated": False,
        **extra,
    }
    return admin.post(f"/v2/portals/{portal}/product-versions", json=body)


@pytest.fixture
def classic(konnect: FakeKonnect, admin: httpx.Client) -> dict[str, str]:
    """A classic portal publishing a linked version with an Okta DCR strategy; registrations
    wait for an admin (neither the publication nor the portal approves them)."""
    strategy = create_strategy(admin, create_provider(admin)["id"])["id"]
    portal = konnect.seed_portal("classic", classic=True, auto_approve_applications=False).id
    plane = konnect.seed_control_plane("default").id
    ids = linked_version(admin, plane)
    published = publish_version(
        admin, portal, ids["version"], strategy, auto_approve_registration=False
    )
    assert published.status_code == 201, published.text
    return {**ids, "strategy": strategy, "portal": portal, "plane": plane}


def test_a_published_version_offers_its_strategy_and_lists_the_portal(
    admin: httpx.Client, portal_http: httpx.Client, konnect: FakeKonnect, classic: dict[str, str]
) -> None:
    published = admin.get(f"/v2/portals/{classic['portal']}/product-versions/{classic['version']}")
    assert published.json()["auth_strategies"][0]["id"] == classic["strategy"]
    product = admin.get(f"/v2/api-products/{classic['product']}").json()
    assert product["portal_ids"] == [classic["portal"]] and product["version_count"] == 1
    portal = admin.get(f"/v2/portals/{classic['portal']}").json()
    assert portal["published_product_count"] == 1
    login(konnect, portal_http, generation="v2")
    [strategy] = portal_http.get(f"{APPS}/auth-strategies").json()["data"]
    assert (strategy["id"], strategy["credential_type"]) == (
        classic["strategy"],
        "client_credentials",
    )


def test_an_application_shows_its_credential_once_and_registers_to_the_version(
    admin: httpx.Client,
    portal_http: httpx.Client,
    konnect: FakeKonnect,
    okta: OktaStub,
    classic: dict[str, str],
) -> None:
    login(konnect, portal_http, generation="v2")
    created = portal_http.post(
        APPS, json={"name": "orders-app", "auth_strategy_id": classic["strategy"]}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    credentials = body["credentials"]
    assert okta.clients[credentials["client_id"]] == credentials["client_secret"]
    assert "client_id" not in body and "client_secret" not in body
    read = portal_http.get(f"{APPS}/{body['id']}")
    assert credentials["client_secret"] not in read.text and "credentials" not in read.json()
    [listed] = portal_http.get(f"{APPS}/{body['id']}/credentials").json()["data"]
    assert listed["client_id"] == credentials["client_id"]

    registered = portal_http.post(
        f"{APPS}/{body['id']}/registrations", json={"product_version_id": classic["version"]}
    )
    assert registered.status_code == 201, registered.text
    registration = registered.json()
    assert (registration["status"], registration["product_name"]) == ("pending", "Orders")
    app = konnect.state.application_by_client_id(credentials["client_id"])
    assert app is not None and app.approved_api_ids == frozenset()

    path = f"/v2/portals/{classic['portal']}/applications/{body['id']}/registrations"
    approved = admin.patch(f"{path}/{registration['id']}", json={"status": "approved"})
    assert approved.json()["status"] == "approved"
    app = konnect.state.application_by_client_id(credentials["client_id"])
    assert app is not None and app.approved_api_ids == {classic["version"]}
    routes = konnect.state.synced_routes(float("inf"))
    assert [(path, scope) for _, path, scope, _ in routes] == [("/orders", classic["version"])]


def test_refresh_token_rotates_the_secret_at_okta(
    portal_http: httpx.Client, konnect: FakeKonnect, okta: OktaStub, classic: dict[str, str]
) -> None:
    login(konnect, portal_http, generation="v2")
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": classic["strategy"]})
    old = app.json()["credentials"]
    refreshed = portal_http.post(f"{APPS}/{app.json()['id']}/refresh-token")
    assert refreshed.status_code == 201, refreshed.text
    new = refreshed.json()
    assert new["client_id"] == old["client_id"] and new["client_secret"] != old["client_secret"]
    assert okta.clients[old["client_id"]] == new["client_secret"]
    assert okta.calls[-1].url.path.endswith("/lifecycle/newSecret")


def test_deleting_an_application_deletes_its_okta_client(
    admin: httpx.Client,
    portal_http: httpx.Client,
    konnect: FakeKonnect,
    okta: OktaStub,
    classic: dict[str, str],
) -> None:
    login(konnect, portal_http, generation="v2")
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": classic["strategy"]})
    client_id = app.json()["credentials"]["client_id"]
    listed = admin.get(f"/v2/portals/{classic['portal']}/applications").json()["data"]
    assert [a["id"] for a in listed] == [app.json()["id"]] and listed[0]["dcr_provider"]
    assert portal_http.delete(f"{APPS}/{app.json()['id']}").status_code == 204
    assert client_id not in okta.clients


def test_registrations_are_refused_as_the_publication_says(
    admin: httpx.Client, portal_http: httpx.Client, konnect: FakeKonnect, classic: dict[str, str]
) -> None:
    login(konnect, portal_http, generation="v2")
    app = portal_http.post(APPS, json={"name": "a", "auth_strategy_id": classic["strategy"]})
    registrations = f"{APPS}/{app.json()['id']}/registrations"
    unknown = "4b7d1b1e-0000-4000-8000-000000000000"
    assert portal_http.post(registrations, json={"product_version_id": unknown}).status_code == 404
    published = f"/v2/portals/{classic['portal']}/product-versions/{classic['version']}"
    admin.patch(published, json={"application_registration_enabled": False})
    closed = portal_http.post(registrations, json={"product_version_id": classic["version"]})
    assert closed.status_code == 400, closed.text
    admin.patch(published, json={"application_registration_enabled": True})
    first = portal_http.post(registrations, json={"product_version_id": classic["version"]})
    assert first.status_code == 201
    again = portal_http.post(registrations, json={"product_version_id": classic["version"]})
    assert again.status_code == 409
    bad = portal_http.post(registrations, json={"api_id": classic["version"]})
    assert bad.status_code == 400 and bad.json()["invalid_parameters"][0]["field"] in (
        "api_id",
        "product_version_id",
    )


def test_a_portal_answers_only_in_its_own_generation(
    admin: httpx.Client, portal_http: httpx.Client, konnect: FakeKonnect, classic: dict[str, str]
) -> None:
    login(konnect, portal_http, generation="v2")
    assert admin.get("/v3/portals").json()["data"] == []
    assert admin.get(f"/v3/portals/{classic['portal']}").status_code == 404
    portal_http.event_hooks["response"] = []  # the other generation's path: no spec says 404
    assert portal_http.get("/api/v3/applications").status_code == 404


def test_a_v3_portal_is_not_served_by_the_classic_api(
    admin: httpx.Client, portal_http: httpx.Client, konnect: FakeKonnect
) -> None:
    portal = konnect.seed_portal("new").id
    assert admin.get("/v2/portals").json()["data"] == []
    assert admin.get(f"/v2/portals/{portal}").status_code == 404
    login(konnect, portal_http)
    portal_http.event_hooks["response"] = []  # the other generation's path: no spec says 404
    assert portal_http.get(APPS).status_code == 404


def test_product_versions_link_only_free_services_and_publish_only_when_linked(
    admin: httpx.Client, konnect: FakeKonnect, classic: dict[str, str]
) -> None:
    product = classic["product"]
    versions = f"/v2/api-products/{product}/product-versions"
    taken = {"control_plane_id": classic["plane"], "id": classic["service"]}
    again = admin.post(versions, json={"name": "v2", "gateway_service": taken})
    assert again.status_code == 409, again.text
    elsewhere = {"control_plane_id": "4b7d1b1e-0000-4000-8000-000000000000", "id": taken["id"]}
    wrong = admin.post(versions, json={"name": "v2", "gateway_service": elsewhere})
    assert wrong.status_code == 400
    unlinked = admin.post(versions, json={"name": "v2"})
    assert unlinked.status_code == 201
    refused = publish_version(admin, classic["portal"], unlinked.json()["id"], classic["strategy"])
    assert refused.status_code == 400, refused.text
    twice = publish_version(admin, classic["portal"], classic["version"], classic["strategy"])
    assert twice.status_code == 400, twice.text


def test_deleting_a_product_unpublishes_its_versions(
    admin: httpx.Client, konnect: FakeKonnect, classic: dict[str, str]
) -> None:
    assert admin.delete(f"/v2/api-products/{classic['product']}").status_code == 204
    listed = admin.get(f"/v2/portals/{classic['portal']}/product-versions").json()["data"]
    assert listed == []
    assert not konnect.state.is_published(classic["version"])
    assert not konnect.state.strategy_in_use(classic["strategy"])
