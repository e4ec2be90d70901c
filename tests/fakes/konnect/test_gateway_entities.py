"""An API of one's own: created, implemented by a Gateway Service on a control plane, routed,
published, served by the data plane once the route has synced, and removed without a trace.
API Catalog answers are validated against its spec by the clients' hook; the control-plane
entities have no vendor spec in the repository (``fakes.konnect.control_planes``)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import create_provider, create_strategy, publish

GATEWAY = "http://gateway.example:8000"


@pytest.fixture
def plane(konnect: FakeKonnect) -> str:
    return konnect.seed_control_plane("default").id


@pytest.fixture
def gateway(konnect: FakeKonnect) -> Iterator[httpx.Client]:
    with httpx.Client() as outgoing:
        fake = FakeGateway(GATEWAY, control_plane=konnect.state, http=outgoing)
        yield httpx.Client(transport=httpx.MockTransport(fake.handle), base_url=GATEWAY)


def own_api(admin: httpx.Client, plane: str, path: str = "/mine") -> dict[str, str]:
    entities = f"/v2/control-planes/{plane}/core-entities"
    service = admin.post(
        f"{entities}/services", json={"name": "svc", "url": "http://upstream.example/anything"}
    )
    assert service.status_code == 201, service.text
    route = admin.post(
        f"{entities}/routes",
        json={"name": "rt", "paths": [path], "service": {"id": service.json()["id"]}},
    )
    assert route.status_code == 201, route.text
    api = admin.post("/v3/apis", json={"name": "Mine", "version": "v1"})
    assert api.status_code == 201, api.text
    linked = admin.post(
        f"/v3/apis/{api.json()['id']}/implementations",
        json={"service": {"control_plane_id": plane, "id": service.json()["id"]}},
    )
    assert linked.status_code == 201, linked.text
    return {
        "api": api.json()["id"],
        "service": service.json()["id"],
        "route": route.json()["id"],
        "implementation": linked.json()["id"],
    }


def test_the_control_plane_is_found_by_name(admin: httpx.Client, plane: str) -> None:
    found = admin.get("/v2/control-planes", params={"filter[name][eq]": "default"}).json()
    assert [cp["id"] for cp in found["data"]] == [plane]


def test_a_published_api_of_ones_own_is_served_on_its_route(
    konnect: FakeKonnect, admin: httpx.Client, gateway: httpx.Client, plane: str
) -> None:
    ids = own_api(admin, plane)
    assert gateway.get("/mine").status_code == 200  # routed; unpublished APIs have no auth
    strategy = create_strategy(admin, create_provider(admin)["id"])
    publish(admin, ids["api"], konnect.seed_portal("p").id, strategy["id"])
    assert gateway.get("/mine").status_code == 401
    assert gateway.get("/orders").status_code == 404


def test_a_new_route_reaches_the_data_plane_after_the_sync_delay(
    konnect: FakeKonnect, admin: httpx.Client, gateway: httpx.Client, plane: str
) -> None:
    konnect.sync_delay = 0.2
    try:
        own_api(admin, plane, "/late")
        assert gateway.get("/late").status_code == 404
        time.sleep(0.25)
        assert gateway.get("/late").status_code == 200
    finally:
        konnect.sync_delay = 0.0


def test_deleting_the_api_removes_its_publication_and_implementation(
    konnect: FakeKonnect, admin: httpx.Client, plane: str
) -> None:
    ids = own_api(admin, plane)
    strategy = create_strategy(admin, create_provider(admin)["id"])
    publish(admin, ids["api"], konnect.seed_portal("p").id, strategy["id"])
    assert admin.delete(f"/v3/apis/{ids['api']}").status_code == 204
    assert konnect.state.publications == {} and konnect.state.implementations == {}
    assert admin.delete(f"/v2/application-auth-strategies/{strategy['id']}").status_code == 204


def test_an_api_has_one_implementation(admin: httpx.Client, plane: str) -> None:
    ids = own_api(admin, plane)
    again = admin.post(
        f"/v3/apis/{ids['api']}/implementations",
        json={"service": {"control_plane_id": plane, "id": ids["service"]}},
    )
    assert again.status_code == 409
    got = admin.get(f"/v3/apis/{ids['api']}/implementations/{ids['implementation']}")
    assert got.json()["service"] == {"control_plane_id": plane, "id": ids["service"]}


def test_references_are_checked(admin: httpx.Client, plane: str) -> None:
    entities = f"/v2/control-planes/{plane}/core-entities"
    unknown = "4b7d1b1e-0000-4000-8000-000000000000"
    route = admin.post(
        f"{entities}/routes", json={"name": "r", "paths": ["/r"], "service": {"id": unknown}}
    )
    assert route.status_code == 400
    api = admin.post("/v3/apis", json={"name": "A"}).json()
    link = admin.post(
        f"/v3/apis/{api['id']}/implementations",
        json={"service": {"control_plane_id": plane, "id": unknown}},
    )
    assert link.status_code == 400
    assert link.json()["invalid_parameters"][0]["rule"] == "missing_reference"


def test_a_service_in_use_by_a_route_cannot_be_deleted_and_both_go_in_order(
    admin: httpx.Client, plane: str
) -> None:
    ids = own_api(admin, plane)
    entities = f"/v2/control-planes/{plane}/core-entities"
    assert admin.delete(f"{entities}/services/{ids['service']}").status_code == 400
    assert admin.delete(f"{entities}/routes/{ids['route']}").status_code == 204
    assert admin.delete(f"/v3/apis/{ids['api']}").status_code == 204
    assert admin.delete(f"{entities}/services/{ids['service']}").status_code == 204
    assert admin.get(f"{entities}/services").json() == {"data": [], "offset": None}


def test_names_are_unique_per_control_plane_and_bodies_are_validated(
    admin: httpx.Client, plane: str
) -> None:
    entities = f"/v2/control-planes/{plane}/core-entities"
    body = {"name": "svc", "url": "http://u.example"}
    assert admin.post(f"{entities}/services", json=body).status_code == 201
    assert admin.post(f"{entities}/services", json=body).status_code == 409
    wrong = admin.post(f"{entities}/services", json={"name": "x", "url": "not a url", "y": 1})
    assert wrong.status_code == 400
    assert admin.post("/v3/apis", json={"version": "v1"}).status_code == 400
