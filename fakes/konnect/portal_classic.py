"""The classic Dev Portal's developer API (Dev Portal v2, ``/api/v2/...``): strategies on
offer, applications with their credential nested in the create answer, registrations to
product versions, ``refresh-token`` and credentials.

Konnect does for a classic application what it does for a v3 one (``portal_apps``): the same
DCR calls to Okta, the same name and strategy checks. What differs is the surface:
- the create answer nests ``credentials: {client_id, client_secret}``; reads never show either;
- a registration names a ``product_version_id`` that must be published on this portal with
  registration enabled (else 404 / 400 ``invalid``) and with the app's strategy (400);
- the secret is rotated by ``POST .../refresh-token`` (201 ``{client_id, client_secret}``).

Choices [I]: a second registration of one app to one version is 409; a version published with
``application_registration_enabled: false`` refuses registrations with 400 ``invalid``.
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import classic_views, portal_credentials, schemas
from dcr_harness.fakes.konnect.applications import remove_application
from dcr_harness.fakes.konnect.context import Context, body_of, json_response, no_content
from dcr_harness.fakes.konnect.errors import conflict, invalid, not_found
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.portal_apps import (
    auto_approves,
    new_application,
    owned_application,
    rotate_secret,
    strategies_on_offer,
)
from dcr_harness.fakes.konnect.portal_auth import current_developer
from dcr_harness.fakes.konnect.state import Application, Registration
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "portal-v2.auth-strategies.list",
    "portal-v2.applications.create",
    "portal-v2.applications.list",
    "portal-v2.applications.get",
    "portal-v2.applications.delete",
    "portal-v2.applications.refresh-token",
    "portal-v2.registrations.create",
    "portal-v2.registrations.list",
    "portal-v2.registrations.get",
    "portal-v2.registrations.delete",
)


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def own_application(request: httpx.Request, application_id: str) -> Application:
        return owned_application(ctx, request, application_id)

    def list_strategies(request: httpx.Request) -> httpx.Response:
        return strategies_on_offer(ctx, request)

    def create_application(request: httpx.Request) -> httpx.Response:
        developer = current_developer(request, ctx)
        body = body_of(request)
        check(body, schemas.CLASSIC_CREATE_APPLICATION)
        fields = {k: body.get(k) for k in ("redirect_uri", "scopes", "reference_id")}
        app, secret = new_application(
            ctx, developer, body["name"], body.get("auth_strategy_id"), fields
        )
        response: dict[str, Any] = classic_views.application(state, app)
        if secret is not None and app.client_id is not None:
            response["credentials"] = {"client_id": app.client_id, "client_secret": secret}
        return json_response(201, response)

    def list_applications(request: httpx.Request) -> httpx.Response:
        developer = current_developer(request, ctx)
        fields: Fields[Application] = {
            "id": lambda a: a.id,
            "name": lambda a: a.name,
            "reference_id": lambda a: a.reference_id,
        }
        body = page(
            request,
            state.applications.having(developer.id, by="developer_id"),
            fields,
            lambda a: classic_views.application(state, a),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_application(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        return json_response(200, classic_views.application(state, app))

    def delete_application(request: httpx.Request, application_id: str) -> httpx.Response:
        remove_application(ctx, own_application(request, application_id))
        return no_content()

    def refresh_token(request: httpx.Request, application_id: str) -> httpx.Response:
        client_id, secret = rotate_secret(ctx, own_application(request, application_id))
        return json_response(201, {"client_id": client_id, "client_secret": secret})

    def create_registration(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        body = body_of(request)
        check(body, schemas.CLASSIC_CREATE_REGISTRATION)
        version_id = body["product_version_id"]
        publication = state.portal_product_versions.get((app.portal_id, version_id))
        if publication is None or publication.publish_status != "published":
            raise not_found(f"product version {version_id} is not published on this portal")
        if not publication.application_registration_enabled:
            reason = "the product version does not accept application registrations"
            raise invalid("product_version_id", "invalid", reason)
        if app.auth_strategy_id not in publication.auth_strategy_ids:
            reason = "the product version is not published with the application's auth strategy"
            raise invalid("product_version_id", "invalid", reason)
        if any(r.api_id == version_id for r in state.registrations_of(app.id)):
            raise conflict("The application is already registered to this product version")
        now = ctx.now()
        registration = Registration(
            id=ctx.ids.uuid(),
            application_id=app.id,
            api_id=version_id,
            status=auto_approves(ctx, app, publication.auto_approve_registration),
            created_at=now,
            updated_at=now,
        )
        state.registrations[registration.id] = registration
        return json_response(201, classic_views.registration(state, registration))

    def own_registration(
        request: httpx.Request, application_id: str, registration_id: str
    ) -> Registration:
        app = own_application(request, application_id)
        registration = state.registrations.get(registration_id)
        if registration is None or registration.application_id != app.id:
            raise not_found()
        return registration

    def list_registrations(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        fields: Fields[Registration] = {
            "id": lambda r: r.id,
            "status": lambda r: r.status,
            "product_version_id": lambda r: r.api_id,
        }
        body = page(
            request,
            state.registrations_of(app.id),
            fields,
            lambda r: classic_views.registration(state, r),
            ("created_at",),
            {"status": schemas.STATUSES},
        )
        return json_response(200, body)

    def get_registration(
        request: httpx.Request, application_id: str, registration_id: str
    ) -> httpx.Response:
        registration = own_registration(request, application_id, registration_id)
        return json_response(200, classic_views.registration(state, registration))

    def delete_registration(
        request: httpx.Request, application_id: str, registration_id: str
    ) -> httpx.Response:
        own_registration(request, application_id, registration_id)
        del state.registrations[registration_id]
        return no_content()

    router.add("GET", "/api/v2/applications/auth-strategies", ROUTES[0], list_strategies)
    router.add("POST", "/api/v2/applications", ROUTES[1], create_application)
    router.add("GET", "/api/v2/applications", ROUTES[2], list_applications)
    one = "/api/v2/applications/{application_id}"
    router.add("GET", one, ROUTES[3], get_application)
    router.add("DELETE", one, ROUTES[4], delete_application)
    router.add("POST", one + "/refresh-token", ROUTES[5], refresh_token)
    router.add("POST", one + "/registrations", ROUTES[6], create_registration)
    router.add("GET", one + "/registrations", ROUTES[7], list_registrations)
    router.add("GET", one + "/registrations/{registration_id}", ROUTES[8], get_registration)
    router.add("DELETE", one + "/registrations/{registration_id}", ROUTES[9], delete_registration)
    portal_credentials.register(router, ctx, own_application, generation="v2")
