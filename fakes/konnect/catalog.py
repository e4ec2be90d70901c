"""Admin v3: APIs and their publications, portals, developers and registration approval.

Choices:
- APIs are created by ``FakeKonnect.seed_api`` only (already linked to a gateway service);
  the fake serves no ``POST /v3/apis``.
- ``PUT /v3/apis/{apiId}/publications/{portalId}`` answers 200 (the spec; the Auth0 how-to says
  201). Omitting ``auth_strategy_ids`` takes the portal's ``default_application_auth_strategy_id``;
  ``null`` publishes without application auth. An unknown strategy id is 400
  ``missing_reference``. ``auto_approve_registrations`` defaults to false.
- ``PATCH /v3/portals/{portalId}`` changes the portal's settings; ``auto_approve_developers``
  and ``auto_approve_applications`` act on new developers and registrations, the rest are kept
  and read back.
- Developer and registration status changes take effect at once (sessions of a developer who is
  no longer approved stop working; a registration that is not approved stops traffic).
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas, serialise
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
from dcr_harness.fakes.konnect.state import Api, Developer, Portal, Publication, Registration
from dcr_harness.fakes.konnect.validation import check, merge_labels

ROUTES = (
    "apis.list",
    "apis.get",
    "publications.put",
    "publications.get",
    "publications.delete",
    "portals.list",
    "portals.get",
    "portals.update",
    "developers.list",
    "developers.update",
    "registrations.admin-list",
    "registrations.admin-update",
)


def update_portal_fields(ctx: Context, portal: Portal, body: dict[str, Any]) -> None:
    """A portal PATCH's fields both generations share: names, the default strategy (which must
    exist), the auto-approve settings and labels."""
    strategy_id = body.get("default_application_auth_strategy_id")
    if strategy_id is not None and strategy_id not in ctx.state.strategies:
        raise invalid(
            "default_application_auth_strategy_id",
            "missing_reference",
            f"auth strategy {strategy_id} does not exist",
        )
    for name in ("name", "display_name", "description", "default_application_auth_strategy_id"):
        if name in body:
            setattr(portal, name, body[name])
    for name in ("auto_approve_developers", "auto_approve_applications"):
        if name in body:
            setattr(portal, name, bool(body[name]))
    if "labels" in body:
        portal.labels = merge_labels(portal.labels, body["labels"])
    portal.updated_at = ctx.now()


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def list_apis(request: httpx.Request) -> httpx.Response:
        fields: Fields[Api] = {
            "id": lambda a: a.id,
            "name": lambda a: a.name,
            "version": lambda a: a.version,
            "slug": lambda a: a.slug,
            "created_at": lambda a: a.created_at,
            "updated_at": lambda a: a.updated_at,
        }

        body = page(
            request,
            list(state.apis.values()),
            fields,
            lambda a: serialise.api(state, a),
            ("name", "created_at", "updated_at", "slug"),
        )
        return json_response(200, body)

    def get_api(request: httpx.Request, api_id: str) -> httpx.Response:
        api: Api = lookup(state.apis, api_id)
        return json_response(200, serialise.api(state, api))

    def put_publication(request: httpx.Request, api_id: str, portal_id: str) -> httpx.Response:
        api: Api = lookup(state.apis, api_id)
        portal: Portal = lookup(state.portals, portal_id)
        body = body_of(request)
        check(body, schemas.PUBLICATION)
        if "auth_strategy_ids" in body:
            strategy_ids = body["auth_strategy_ids"]
        elif portal.default_application_auth_strategy_id:
            strategy_ids = [portal.default_application_auth_strategy_id]
        else:
            strategy_ids = None
        for index, strategy_id in enumerate(strategy_ids or []):
            if strategy_id not in state.strategies:
                raise invalid(
                    f"auth_strategy_ids[{index}]",
                    "missing_reference",
                    f"auth strategy {strategy_id} does not exist",
                )
        now = ctx.now()
        key = (api.id, portal.id)
        existing = state.publications.get(key)
        publication = Publication(
            api_id=api.id,
            portal_id=portal.id,
            auth_strategy_ids=list(strategy_ids) if strategy_ids is not None else None,
            auto_approve_registrations=bool(body.get("auto_approve_registrations", False)),
            visibility=body.get("visibility", "private"),
            created_at=existing.created_at if existing else now,
            updated_at=now,
        )
        state.publications[key] = publication
        return json_response(200, serialise.publication(publication))

    def get_publication(request: httpx.Request, api_id: str, portal_id: str) -> httpx.Response:
        publication: Publication = lookup(state.publications, (api_id, portal_id))
        return json_response(200, serialise.publication(publication))

    def delete_publication(request: httpx.Request, api_id: str, portal_id: str) -> httpx.Response:
        lookup(state.publications, (api_id, portal_id))
        del state.publications[(api_id, portal_id)]
        return no_content()

    def list_portals(request: httpx.Request) -> httpx.Response:
        fields: Fields[Portal] = {
            "id": lambda p: p.id,
            "name": lambda p: p.name,
            "display_name": lambda p: p.display_name,
            "created_at": lambda p: p.created_at,
            "updated_at": lambda p: p.updated_at,
        }

        body = page(
            request,
            [p for p in state.portals.values() if not p.classic],
            fields,
            serialise.portal,
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_portal(request: httpx.Request, portal_id: str) -> httpx.Response:
        portal: Portal = lookup(state.portals, portal_id)
        return json_response(200, serialise.portal(portal))

    def update_portal(request: httpx.Request, portal_id: str) -> httpx.Response:
        portal: Portal = lookup(state.portals, portal_id)
        body = body_of(request)
        check(body, schemas.PORTAL_UPDATE)
        update_portal_fields(ctx, portal, body)
        portal.settings.update({k: v for k, v in body.items() if k in portal.settings})
        return json_response(200, serialise.portal(portal))

    def list_developers(request: httpx.Request, portal_id: str) -> httpx.Response:
        lookup(state.portals, portal_id)

        fields: Fields[Developer] = {
            "id": lambda d: d.id,
            "email": lambda d: d.email,
            "full_name": lambda d: d.full_name,
            "status": lambda d: d.status,
            "created_at": lambda d: d.created_at,
            "updated_at": lambda d: d.updated_at,
        }

        developers = [d for d in state.developers.values() if d.portal_id == portal_id]
        body = page(
            request,
            developers,
            fields,
            serialise.developer,
            ("email", "full_name", "status", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def update_developer(
        request: httpx.Request, portal_id: str, developer_id: str
    ) -> httpx.Response:
        developer: Developer = lookup(state.developers, developer_id)
        ensure(developer.portal_id == portal_id, not_found())
        body = body_of(request)
        check(body, schemas.DEVELOPER_UPDATE)
        if "status" in body:
            developer.status = body["status"]
            developer.updated_at = ctx.now()
        return json_response(200, serialise.developer(developer))

    def application_of(portal_id: str, application_id: str) -> None:
        lookup(state.portals, portal_id)
        app = lookup(state.applications, application_id)
        ensure(app.portal_id == portal_id, not_found())

    def list_registrations(
        request: httpx.Request, portal_id: str, application_id: str
    ) -> httpx.Response:
        application_of(portal_id, application_id)

        fields: Fields[Registration] = {
            "id": lambda r: r.id,
            "status": lambda r: r.status,
            "api_id": lambda r: r.api_id,
            "created_at": lambda r: r.created_at,
            "updated_at": lambda r: r.updated_at,
        }

        body = page(
            request,
            state.registrations_of(application_id),
            fields,
            lambda r: serialise.admin_registration(state, r),
            ("status", "created_at", "updated_at"),
            {"status": schemas.STATUSES},
        )
        return json_response(200, body)

    def update_registration(
        request: httpx.Request, portal_id: str, application_id: str, registration_id: str
    ) -> httpx.Response:
        application_of(portal_id, application_id)
        registration: Registration = lookup(state.registrations, registration_id)
        ensure(registration.application_id == application_id, not_found())
        body = body_of(request)
        check(body, schemas.REGISTRATION_UPDATE)
        if "status" in body:
            registration.status = body["status"]
            registration.updated_at = ctx.now()
        return json_response(200, serialise.admin_registration(state, registration))

    router.add("GET", "/v3/apis", ROUTES[0], list_apis)
    router.add("GET", "/v3/apis/{api_id}", ROUTES[1], get_api)
    publication_path = "/v3/apis/{api_id}/publications/{portal_id}"
    router.add("PUT", publication_path, ROUTES[2], put_publication)
    router.add("GET", publication_path, ROUTES[3], get_publication)
    router.add("DELETE", publication_path, ROUTES[4], delete_publication)
    router.add("GET", "/v3/portals", ROUTES[5], list_portals)
    router.add("GET", "/v3/portals/{portal_id}", ROUTES[6], get_portal)
    router.add("PATCH", "/v3/portals/{portal_id}", ROUTES[7], update_portal)
    router.add("GET", "/v3/portals/{portal_id}/developers", ROUTES[8], list_developers)
    router.add(
        "PATCH", "/v3/portals/{portal_id}/developers/{developer_id}", ROUTES[9], update_developer
    )
    registrations = "/v3/portals/{portal_id}/applications/{application_id}/registrations"
    router.add("GET", registrations, ROUTES[10], list_registrations)
    router.add("PATCH", registrations + "/{registration_id}", ROUTES[11], update_registration)
