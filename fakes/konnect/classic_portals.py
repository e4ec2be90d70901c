"""Admin v2 for classic Dev Portals (Portal Management v2): portals and their settings, the
product versions each publishes with an auth strategy, and the applications and registrations
of their developers.

A portal answers here only if it is classic; a v3 portal's id is 404 on these paths, as a
classic one's is on ``/v3/portals`` (``FakeKonnect`` gates both). Choices [I]: publishing a
version on a portal also lists the portal in its product's ``portal_ids``; a version must be
linked to a Gateway Service before it can be published, and is published once per portal
(else 400 ``invalid``: the spec documents no 409 here).
"""

from __future__ import annotations

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import classic_views, schemas
from dcr_harness.fakes.konnect.applications import remove_application
from dcr_harness.fakes.konnect.catalog import update_portal_fields
from dcr_harness.fakes.konnect.context import (
    Context,
    body_of,
    ensure,
    json_response,
    lookup,
    no_content,
)
from dcr_harness.fakes.konnect.errors import invalid, not_found
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import (
    Application,
    Portal,
    PortalProductVersion,
    ProductVersion,
    Registration,
)
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "classic-portals.list",
    "classic-portals.get",
    "classic-portals.update",
    "portal-product-versions.create",
    "portal-product-versions.list",
    "portal-product-versions.get",
    "portal-product-versions.update",
    "portal-product-versions.replace",
    "portal-product-versions.delete",
    "classic-applications.list",
    "classic-applications.get",
    "classic-applications.delete",
    "classic-registrations.list",
    "classic-registrations.get",
    "classic-registrations.update",
    "classic-registrations.delete",
)


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def classic(portal_id: str) -> Portal:
        portal: Portal = lookup(state.portals, portal_id)
        ensure(portal.classic, not_found())
        return portal

    def list_portals(request: httpx.Request) -> httpx.Response:
        fields: Fields[Portal] = {
            "id": lambda p: p.id,
            "name": lambda p: p.name,
            "display_name": lambda p: p.display_name,
        }
        portals = [p for p in state.portals.values() if p.classic]
        body = page(
            request,
            portals,
            fields,
            lambda p: classic_views.portal(state, p),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_portal(request: httpx.Request, portal_id: str) -> httpx.Response:
        return json_response(200, classic_views.portal(state, classic(portal_id)))

    def update_portal(request: httpx.Request, portal_id: str) -> httpx.Response:
        portal = classic(portal_id)
        body = body_of(request)
        check(body, schemas.CLASSIC_PORTAL_UPDATE)
        update_portal_fields(ctx, portal, body)
        if "is_public" in body:
            portal.settings["authentication_enabled"] = not body["is_public"]
        if "rbac_enabled" in body:
            portal.settings["rbac_enabled"] = body["rbac_enabled"]
        return json_response(200, classic_views.portal(state, portal))

    def strategy_ids(ids: list[str]) -> list[str]:
        for strategy_id in ids:
            if strategy_id not in state.strategies:
                raise invalid(
                    "auth_strategy_ids", "missing_reference", f"no auth strategy {strategy_id}"
                )
        return list(ids)

    def published(portal_id: str, version_id: str) -> PortalProductVersion:
        classic(portal_id)
        found: PortalProductVersion = lookup(state.portal_product_versions, (portal_id, version_id))
        return found

    def create_publication(request: httpx.Request, portal_id: str) -> httpx.Response:
        portal = classic(portal_id)
        body = body_of(request)
        check(body, schemas.PORTAL_PRODUCT_VERSION_CREATE)
        version: ProductVersion | None = state.product_versions.get(body["product_version_id"])
        if version is None:
            raise not_found(f"product version {body['product_version_id']} does not exist")
        if version.service_id is None:
            raise invalid(
                "product_version_id",
                "invalid",
                "link the product version to a gateway service before publishing it",
            )
        if (portal.id, version.id) in state.portal_product_versions:
            reason = "the product version is already published on this portal: PATCH it"
            raise invalid("product_version_id", "invalid", reason)
        now = ctx.now()
        publication = PortalProductVersion(
            id=ctx.ids.uuid(),
            portal_id=portal.id,
            product_version_id=version.id,
            auth_strategy_ids=strategy_ids(body["auth_strategy_ids"]),
            publish_status=body["publish_status"],
            application_registration_enabled=body["application_registration_enabled"],
            auto_approve_registration=body["auto_approve_registration"],
            deprecated=body["deprecated"],
            created_at=now,
            updated_at=now,
        )
        state.portal_product_versions[(portal.id, version.id)] = publication
        product = state.products[version.product_id]
        if portal.id not in product.portal_ids:
            product.portal_ids.append(portal.id)
        return json_response(201, classic_views.portal_product_version(state, publication))

    def list_publications(request: httpx.Request, portal_id: str) -> httpx.Response:
        classic(portal_id)
        fields: Fields[PortalProductVersion] = {
            "product_version_id": lambda p: p.product_version_id,
            "publish_status": lambda p: p.publish_status,
        }
        items = [p for p in state.portal_product_versions.values() if p.portal_id == portal_id]
        body = page(
            request,
            items,
            fields,
            lambda p: classic_views.portal_product_version(state, p),
            ("created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_publication(request: httpx.Request, portal_id: str, version_id: str) -> httpx.Response:
        return json_response(
            200, classic_views.portal_product_version(state, published(portal_id, version_id))
        )

    def change_publication(
        request: httpx.Request, portal_id: str, version_id: str, replace: bool
    ) -> httpx.Response:
        publication = published(portal_id, version_id)
        body = body_of(request)
        schema = schemas.PORTAL_PRODUCT_VERSION_REPLACE if replace else None
        check(body, schema or schemas.PORTAL_PRODUCT_VERSION_UPDATE)
        if "auth_strategy_ids" in body:
            publication.auth_strategy_ids = strategy_ids(body["auth_strategy_ids"])
        for name in (
            "publish_status",
            "application_registration_enabled",
            "auto_approve_registration",
            "deprecated",
        ):
            if name in body:
                setattr(publication, name, body[name])
        publication.updated_at = ctx.now()
        return json_response(200, classic_views.portal_product_version(state, publication))

    def update_publication(
        request: httpx.Request, portal_id: str, version_id: str
    ) -> httpx.Response:
        return change_publication(request, portal_id, version_id, replace=False)

    def replace_publication(
        request: httpx.Request, portal_id: str, version_id: str
    ) -> httpx.Response:
        return change_publication(request, portal_id, version_id, replace=True)

    def delete_publication(
        request: httpx.Request, portal_id: str, version_id: str
    ) -> httpx.Response:
        published(portal_id, version_id)
        del state.portal_product_versions[(portal_id, version_id)]
        return no_content()

    def application_of(portal_id: str, application_id: str) -> Application:
        classic(portal_id)
        app: Application = lookup(state.applications, application_id)
        ensure(app.portal_id == portal_id, not_found())
        return app

    def list_applications(request: httpx.Request, portal_id: str) -> httpx.Response:
        classic(portal_id)
        fields: Fields[Application] = {
            "id": lambda a: a.id,
            "name": lambda a: a.name,
            "client_id": lambda a: a.client_id,
            "developer_id": lambda a: a.developer_id,
        }
        apps = state.applications.having(portal_id, by="portal_id")
        body = page(
            request,
            apps,
            fields,
            lambda a: classic_views.admin_application(state, a),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_application(
        request: httpx.Request, portal_id: str, application_id: str
    ) -> httpx.Response:
        app = application_of(portal_id, application_id)
        return json_response(200, classic_views.admin_application(state, app))

    def delete_application(
        request: httpx.Request, portal_id: str, application_id: str
    ) -> httpx.Response:
        remove_application(ctx, application_of(portal_id, application_id))
        return no_content()

    def registration_of(portal_id: str, application_id: str, registration_id: str) -> Registration:
        application_of(portal_id, application_id)
        registration: Registration = lookup(state.registrations, registration_id)
        ensure(registration.application_id == application_id, not_found())
        return registration

    def list_registrations(
        request: httpx.Request, portal_id: str, application_id: str
    ) -> httpx.Response:
        application_of(portal_id, application_id)
        fields: Fields[Registration] = {
            "id": lambda r: r.id,
            "status": lambda r: r.status,
            "product_version_id": lambda r: r.api_id,
        }
        body = page(
            request,
            state.registrations_of(application_id),
            fields,
            lambda r: classic_views.admin_registration(state, r),
            ("status", "created_at", "updated_at"),
            {"status": schemas.STATUSES},
        )
        return json_response(200, body)

    def get_registration(
        request: httpx.Request, portal_id: str, application_id: str, registration_id: str
    ) -> httpx.Response:
        registration = registration_of(portal_id, application_id, registration_id)
        return json_response(200, classic_views.admin_registration(state, registration))

    def update_registration(
        request: httpx.Request, portal_id: str, application_id: str, registration_id: str
    ) -> httpx.Response:
        registration = registration_of(portal_id, application_id, registration_id)
        body = body_of(request)
        check(body, schemas.REGISTRATION_UPDATE)
        if "status" in body:
            registration.status = body["status"]
            registration.updated_at = ctx.now()
        return json_response(200, classic_views.admin_registration(state, registration))

    def delete_registration(
        request: httpx.Request, portal_id: str, application_id: str, registration_id: str
    ) -> httpx.Response:
        registration_of(portal_id, application_id, registration_id)
        del state.registrations[registration_id]
        return no_content()

    router.add("GET", "/v2/portals", ROUTES[0], list_portals)
    one = "/v2/portals/{portal_id}"
    router.add("GET", one, ROUTES[1], get_portal)
    router.add("PATCH", one, ROUTES[2], update_portal)
    versions = one + "/product-versions"
    router.add("POST", versions, ROUTES[3], create_publication)
    router.add("GET", versions, ROUTES[4], list_publications)
    version = versions + "/{version_id}"
    router.add("GET", version, ROUTES[5], get_publication)
    router.add("PATCH", version, ROUTES[6], update_publication)
    router.add("PUT", version, ROUTES[7], replace_publication)
    router.add("DELETE", version, ROUTES[8], delete_publication)
    apps = one + "/applications"
    router.add("GET", apps, ROUTES[9], list_applications)
    router.add("GET", apps + "/{application_id}", ROUTES[10], get_application)
    router.add("DELETE", apps + "/{application_id}", ROUTES[11], delete_application)
    registrations = apps + "/{application_id}/registrations"
    router.add("GET", registrations, ROUTES[12], list_registrations)
    router.add("GET", registrations + "/{registration_id}", ROUTES[13], get_registration)
    router.add("PATCH", registrations + "/{registration_id}", ROUTES[14], update_registration)
    router.add("DELETE", registrations + "/{registration_id}", ROUTES[15], delete_registration)
