"""Every endpoint's documented auth and lookup errors. Admin: 401 without a valid PAT, 403 for
a PAT whose owner may only read, 404 for an unknown id. Dev Portal: 401 without a valid
``portalaccesstoken`` cookie, 404 for an unknown application. Each response is validated
against the endpoint's spec by the clients' hook (``spec_hook``); the tables are checked
against the routes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dcr_harness.fakes.konnect import ADMIN_ROUTES, PORTAL_ROUTES, FakeKonnect
from tests.fakes.konnect.helpers import OIDC, login
from tests.fakes.konnect.serving import ServedKonnect

NO = "4b7d1b1e-0000-4000-8000-000000000000"
VIEWER = "kpat_viewer0123456789"
STRATEGY = {
    "name": "x",
    "display_name": "x",
    "strategy_type": "openid_connect",
    "configs": {"openid-connect": OIDC},
}

# route name -> (method, path with unknown ids, a body valid for the operation)
ENDPOINTS: dict[str, tuple[str, str, Any]] = {
    "dcr-providers.create": ("POST", "/v2/dcr-providers", None),
    "dcr-providers.list": ("GET", "/v2/dcr-providers", None),
    "dcr-providers.get": ("GET", f"/v2/dcr-providers/{NO}", None),
    "dcr-providers.update": ("PATCH", f"/v2/dcr-providers/{NO}", {"name": "x"}),
    "dcr-providers.delete": ("DELETE", f"/v2/dcr-providers/{NO}", None),
    "dcr-providers.verify": ("POST", f"/v2/dcr-providers/{NO}/verify", None),
    "auth-strategies.create": ("POST", "/v2/application-auth-strategies", None),
    "auth-strategies.list": ("GET", "/v2/application-auth-strategies", None),
    "auth-strategies.get": ("GET", f"/v2/application-auth-strategies/{NO}", None),
    "auth-strategies.replace": ("PUT", f"/v2/application-auth-strategies/{NO}", STRATEGY),
    "auth-strategies.update": ("PATCH", f"/v2/application-auth-strategies/{NO}", {"name": "x"}),
    "auth-strategies.delete": ("DELETE", f"/v2/application-auth-strategies/{NO}", None),
}
PUBLICATION = f"/v3/apis/{NO}/publications/{NO}"
ENTITIES = f"/v2/control-planes/{NO}/core-entities"
ENDPOINTS.update(
    {
        "apis.list": ("GET", "/v3/apis", None),
        "apis.get": ("GET", f"/v3/apis/{NO}", None),
        "publications.put": ("PUT", PUBLICATION, {"visibility": "public"}),
        "publications.get": ("GET", PUBLICATION, None),
        "publications.delete": ("DELETE", PUBLICATION, None),
        "portals.list": ("GET", "/v3/portals", None),
        "portals.get": ("GET", f"/v3/portals/{NO}", None),
        "portals.update": ("PATCH", f"/v3/portals/{NO}", {"auto_approve_applications": False}),
        "developers.list": ("GET", f"/v3/portals/{NO}/developers", None),
        "developers.update": (
            "PATCH",
            f"/v3/portals/{NO}/developers/{NO}",
            {"status": "approved"},
        ),
        "registrations.admin-list": (
            "GET",
            f"/v3/portals/{NO}/applications/{NO}/registrations",
            None,
        ),
        "registrations.admin-update": (
            "PATCH",
            f"/v3/portals/{NO}/applications/{NO}/registrations/{NO}",
            {"status": "approved"},
        ),
        "apis.create": ("POST", "/v3/apis", {"name": "x"}),
        "apis.delete": ("DELETE", f"/v3/apis/{NO}", None),
        "implementations.create": (
            "POST",
            f"/v3/apis/{NO}/implementations",
            {"service": {"control_plane_id": NO, "id": NO}},
        ),
        "implementations.get": ("GET", f"/v3/apis/{NO}/implementations/{NO}", None),
        "implementations.delete": ("DELETE", f"/v3/apis/{NO}/implementations/{NO}", None),
        "control-planes.list": ("GET", "/v2/control-planes", None),
        "control-planes.get": ("GET", f"/v2/control-planes/{NO}", None),
        "services.create": (
            "POST",
            f"{ENTITIES}/services",
            {"name": "s", "url": "http://upstream.example"},
        ),
        "services.list": ("GET", f"{ENTITIES}/services", None),
        "services.get": ("GET", f"{ENTITIES}/services/{NO}", None),
        "services.delete": ("DELETE", f"{ENTITIES}/services/{NO}", None),
        "routes.create": (
            "POST",
            f"{ENTITIES}/routes",
            {"name": "r", "paths": ["/r"], "service": {"id": NO}},
        ),
        "routes.list": ("GET", f"{ENTITIES}/routes", None),
        "routes.get": ("GET", f"{ENTITIES}/routes/{NO}", None),
        "routes.delete": ("DELETE", f"{ENTITIES}/routes/{NO}", None),
        "applications.admin-list": ("GET", f"/v3/portals/{NO}/applications", None),
        "applications.admin-get": ("GET", f"/v3/portals/{NO}/applications/{NO}", None),
        "applications.admin-delete": ("DELETE", f"/v3/portals/{NO}/applications/{NO}", None),
    }
)
PRODUCT = f"/v2/api-products/{NO}"
CLASSIC = f"/v2/portals/{NO}"
CLASSIC_REGISTRATION = f"{CLASSIC}/applications/{NO}/registrations/{NO}"
PUBLISHED_VERSION = {
    "product_version_id": NO,
    "auth_strategy_ids": [],
    "publish_status": "published",
    "application_registration_enabled": True,
    "auto_approve_registration": True,
    "deprecated": False,
}
REPUBLISHED = {k: v for k, v in PUBLISHED_VERSION.items() if k != "product_version_id"}
ENDPOINTS.update(
    {
        "products.create": ("POST", "/v2/api-products", {"name": "p"}),
        "products.list": ("GET", "/v2/api-products", None),
        "products.get": ("GET", PRODUCT, None),
        "products.update": ("PATCH", PRODUCT, {"name": "p"}),
        "products.delete": ("DELETE", PRODUCT, None),
        "product-versions.create": ("POST", f"{PRODUCT}/product-versions", {"name": "v1"}),
        "product-versions.list": ("GET", f"{PRODUCT}/product-versions", None),
        "product-versions.get": ("GET", f"{PRODUCT}/product-versions/{NO}", None),
        "product-versions.update": ("PATCH", f"{PRODUCT}/product-versions/{NO}", {"name": "v"}),
        "product-versions.delete": ("DELETE", f"{PRODUCT}/product-versions/{NO}", None),
        "classic-portals.list": ("GET", "/v2/portals", None),
        "classic-portals.get": ("GET", CLASSIC, None),
        "classic-portals.update": ("PATCH", CLASSIC, {"auto_approve_applications": False}),
        "portal-product-versions.create": (
            "POST",
            f"{CLASSIC}/product-versions",
            PUBLISHED_VERSION,
        ),
        "portal-product-versions.list": ("GET", f"{CLASSIC}/product-versions", None),
        "portal-product-versions.get": ("GET", f"{CLASSIC}/product-versions/{NO}", None),
        "portal-product-versions.update": (
            "PATCH",
            f"{CLASSIC}/product-versions/{NO}",
            {"deprecated": True},
        ),
        "portal-product-versions.replace": (
            "PUT",
            f"{CLASSIC}/product-versions/{NO}",
            REPUBLISHED,
        ),
        "portal-product-versions.delete": ("DELETE", f"{CLASSIC}/product-versions/{NO}", None),
        "classic-applications.list": ("GET", f"{CLASSIC}/applications", None),
        "classic-applications.get": ("GET", f"{CLASSIC}/applications/{NO}", None),
        "classic-applications.delete": ("DELETE", f"{CLASSIC}/applications/{NO}", None),
        "classic-registrations.list": (
            "GET",
            f"{CLASSIC}/applications/{NO}/registrations",
            None,
        ),
        "classic-registrations.get": ("GET", CLASSIC_REGISTRATION, None),
        "classic-registrations.update": (
            "PATCH",
            CLASSIC_REGISTRATION,
            {"status": "approved"},
        ),
        "classic-registrations.delete": ("DELETE", CLASSIC_REGISTRATION, None),
    }
)
WRITES = [name for name, (method, _, _) in ENDPOINTS.items() if method not in ("GET", "HEAD")]
READS = [name for name in ENDPOINTS if name not in WRITES]
BY_ID = [name for name, (_, path, _) in ENDPOINTS.items() if NO in path]


def call(client: httpx.Client, name: str, **headers: str) -> httpx.Response:
    method, path, body = ENDPOINTS[name]
    return client.request(method, path, json=body, headers=headers)


def assert_problem(response: httpx.Response, status: int, title: str, detail: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"], body["detail"]) == (status, title, detail)
    assert body["instance"].startswith("kong:trace:")


def test_the_tables_name_every_route() -> None:
    assert set(ENDPOINTS) == set(ADMIN_ROUTES)
    assert set(PORTAL_ENDPOINTS) | OPEN_PORTAL_ROUTES == set(PORTAL_ROUTES)


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_without_a_valid_pat_every_endpoint_is_401(
    served: ServedKonnect, konnect: FakeKonnect, name: str
) -> None:
    client = served.client("admin")
    assert_problem(call(client, name), 401, "Unauthorized", "Unauthorized")
    assert_problem(
        call(client, name, Authorization="Bearer spat_unknown"), 401, "Unauthorized", "Unauthorized"
    )


@pytest.mark.parametrize("name", WRITES)
def test_a_viewer_pat_may_not_write(served: ServedKonnect, konnect: FakeKonnect, name: str) -> None:
    konnect.seed_pat(VIEWER, viewer=True)
    response = call(served.client("admin"), name, Authorization=f"Bearer {VIEWER}")
    detail = "You do not have permission to perform this action"
    assert_problem(response, 403, "Forbidden", detail)


@pytest.mark.parametrize("name", READS)
def test_a_viewer_pat_may_read(served: ServedKonnect, konnect: FakeKonnect, name: str) -> None:
    konnect.seed_pat(VIEWER, viewer=True)
    response = call(served.client("admin"), name, Authorization=f"Bearer {VIEWER}")
    assert response.status_code in (200, 404), response.text


@pytest.mark.parametrize("name", BY_ID)
def test_an_unknown_id_is_404(admin: httpx.Client, name: str) -> None:
    assert_problem(call(admin, name), 404, "Not Found", "Not Found")


APP = f"/api/v3/applications/{NO}"
# Dev Portal routes behind the portalaccesstoken cookie -> (method, path with unknown ids, body)
PORTAL_ENDPOINTS: dict[str, tuple[str, str, Any]] = {
    "portal.me": ("GET", "/api/v3/developer/me", None),
    "portal.auth-strategies.list": ("GET", "/api/v3/application-auth-strategies", None),
    "portal.apis.list": ("GET", "/api/v3/apis", None),
    "portal.applications.create": ("POST", "/api/v3/applications", {"name": "a"}),
    "portal.applications.list": ("GET", "/api/v3/applications", None),
    "portal.applications.get": ("GET", APP, None),
    "portal.applications.delete": ("DELETE", APP, None),
    "portal.applications.regenerate-secret": ("POST", f"{APP}/regenerate-secret", None),
    "portal.registrations.create": ("POST", f"{APP}/registrations", {"api_id": NO}),
    "portal.registrations.list": ("GET", f"{APP}/registrations", None),
    "portal.credentials.list": ("GET", f"{APP}/credentials", None),
    "portal.credentials.create": ("POST", f"{APP}/credentials", {}),
    "portal.credentials.update": ("PUT", f"{APP}/credentials/{NO}", {"display_name": "x"}),
    "portal.credentials.delete": ("DELETE", f"{APP}/credentials/{NO}", None),
}
CLASSIC_APP = f"/api/v2/applications/{NO}"
PORTAL_ENDPOINTS.update(
    {
        "portal-v2.me": ("GET", "/api/v2/developer/me", None),
        "portal-v2.auth-strategies.list": ("GET", "/api/v2/applications/auth-strategies", None),
        "portal-v2.applications.create": ("POST", "/api/v2/applications", {"name": "a"}),
        "portal-v2.applications.list": ("GET", "/api/v2/applications", None),
        "portal-v2.applications.get": ("GET", CLASSIC_APP, None),
        "portal-v2.applications.delete": ("DELETE", CLASSIC_APP, None),
        "portal-v2.applications.refresh-token": ("POST", f"{CLASSIC_APP}/refresh-token", None),
        "portal-v2.registrations.create": (
            "POST",
            f"{CLASSIC_APP}/registrations",
            {"product_version_id": NO},
        ),
        "portal-v2.registrations.list": ("GET", f"{CLASSIC_APP}/registrations", None),
        "portal-v2.registrations.get": ("GET", f"{CLASSIC_APP}/registrations/{NO}", None),
        "portal-v2.registrations.delete": ("DELETE", f"{CLASSIC_APP}/registrations/{NO}", None),
        "portal-v2.credentials.list": ("GET", f"{CLASSIC_APP}/credentials", None),
        "portal-v2.credentials.create": ("POST", f"{CLASSIC_APP}/credentials", {}),
        "portal-v2.credentials.update": (
            "PUT",
            f"{CLASSIC_APP}/credentials/{NO}",
            {"display_name": "x"},
        ),
        "portal-v2.credentials.delete": ("DELETE", f"{CLASSIC_APP}/credentials/{NO}", None),
    }
)
OPEN_PORTAL_ROUTES = {  # no cookie needed; their errors are in test_portal_developer
    "portal.register",
    "portal.verify-email",
    "portal.reset-password",
    "portal.authenticate",
    "portal.logout",
    "portal-v2.authenticate",
    "portal-v2.logout",
}
PORTAL_BY_ID = [name for name, (_, path, _) in PORTAL_ENDPOINTS.items() if NO in path]
# list-credentials documents 200, 400, 404 and 409 only, though like every operation here it
# needs the cookie: the fake answers 401 as for the others [I]
UNDOCUMENTED_401 = {"portal.credentials.list", "portal-v2.credentials.list"}


def _classic(name: str) -> bool:
    return name.startswith("portal-v2.")


@pytest.mark.parametrize("name", list(PORTAL_ENDPOINTS))
def test_without_the_portal_cookie_every_developer_endpoint_is_401(
    konnect: FakeKonnect, portal_http: httpx.Client, name: str
) -> None:
    konnect.seed_portal("harness", classic=_classic(name))
    method, path, body = PORTAL_ENDPOINTS[name]
    if name in UNDOCUMENTED_401:
        portal_http.event_hooks["response"] = []  # the status is not in the spec; the body is
    for cookie in ({}, {"Cookie": "portalaccesstoken=forged"}):
        response = portal_http.request(method, path, json=body, headers=cookie)
        assert response.status_code == 401, response.text
        problem = response.json()
        assert (problem["title"], problem["detail"]) == ("Unauthorized", "Unauthorized")
        assert problem["instance"].startswith("konnect:trace:")


@pytest.mark.parametrize("name", PORTAL_BY_ID)
def test_an_unknown_application_is_404(
    konnect: FakeKonnect, portal_http: httpx.Client, name: str
) -> None:
    konnect.seed_portal("harness", classic=_classic(name))
    login(konnect, portal_http, generation="v2" if _classic(name) else "v3")
    method, path, body = PORTAL_ENDPOINTS[name]
    response = portal_http.request(method, path, json=body)
    assert response.status_code == 404, response.text
    assert response.json()["title"] == "Not Found"
