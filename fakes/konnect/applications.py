"""Application operations shared by the Dev Portal and the admin API, and the admin routes.

Admin v3: ``GET /v3/portals/{portalId}/applications``, ``GET``/``DELETE .../{applicationId}``.
Deleting from either side deletes the Okta client first; when Okta refuses (other than 404,
already gone) the application stays and the answer is 400 naming the IdP's answer. The spec
documents no 400 for the admin DELETE; keeping Konnect's record and the IdP in step matters more
for the harness (a silent orphan client at Okta is what it must detect).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import serialise
from dcr_harness.fakes.konnect.context import Context, ensure, json_response, lookup, no_content
from dcr_harness.fakes.konnect.dcr import DcrError
from dcr_harness.fakes.konnect.errors import KonnectError, bad_request, not_found
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import Application

ROUTES = ("applications.admin-list", "applications.admin-get", "applications.admin-delete")


def dcr_failure(action: str, error: DcrError) -> KonnectError:
    detail = f"The DCR provider refused to {action}: {error.summary}"
    entry = {
        "field": "auth_strategy_id",
        "rule": "invalid",
        "reason": error.summary,
        "source": "body",
    }
    return bad_request([entry], detail=detail)


def remove_application(ctx: Context, app: Application) -> None:
    state = ctx.state
    provider = state.providers.get(app.dcr_provider_id or "")
    if provider is not None and app.client_id:
        try:
            ctx.dcr.delete(provider, app.client_id)
        except DcrError as error:
            raise dcr_failure("delete the application's client", error) from None
    for registration in state.registrations_of(app.id):
        del state.registrations[registration.id]
    state.exhausted = {(a, api) for (a, api) in state.exhausted if a != app.id}
    del state.applications[app.id]


def admin_application(ctx: Context, app: Application) -> dict[str, Any]:
    state = ctx.state
    body: dict[str, Any] = {
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "labels": {},
        "registration_count": len(state.registrations_of(app.id)),
        "portal": {"id": app.portal_id},
        "owner": {"type": "developer", "id": app.developer_id},
        "created_at": app.created_at,
        "updated_at": app.updated_at,
    }
    strategy = state.strategies.get(app.auth_strategy_id)
    if strategy is not None:
        body["auth_strategy"] = serialise.portal_strategy(state, strategy)
    if strategy is None or strategy.strategy_type == "openid_connect":
        body["client_id"] = app.client_id or ""
        body["dcr_provider"] = {"id": app.dcr_provider_id} if app.dcr_provider_id else None
        body["granted_scopes"] = list(app.scopes)
    return body


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def portal_application(portal_id: str, application_id: str) -> Application:
        lookup(state.portals, portal_id)
        app: Application = lookup(state.applications, application_id)
        ensure(app.portal_id == portal_id, not_found())
        return app

    def _portal_applications(request: httpx.Request, portal_id: str) -> Sequence[Application]:
        """The portal's applications, narrowed first by an equality filter on client_id (the
        index the data plane uses), which ``page`` then applies like any other filter."""
        params = request.url.params
        client_id = params.get("filter[client_id]") or params.get("filter[client_id][eq]")
        if client_id:
            return [a for a in state.applications.having(client_id) if a.portal_id == portal_id]
        return state.applications.having(portal_id, by="portal_id")

    def list_(request: httpx.Request, portal_id: str) -> httpx.Response:
        lookup(state.portals, portal_id)
        apps = _portal_applications(request, portal_id)

        fields: Fields[Application] = {
            "id": lambda a: a.id,
            "name": lambda a: a.name,
            "client_id": lambda a: a.client_id,
            "developer_id": lambda a: a.developer_id,
            "team_id": lambda a: None,  # the fake has no teams: a developer owns each app
            "created_at": lambda a: a.created_at,
            "updated_at": lambda a: a.updated_at,
        }

        sortable = ("name", "created_at", "updated_at")
        body = page(request, apps, fields, lambda a: admin_application(ctx, a), sortable)
        return json_response(200, body)

    def get(request: httpx.Request, portal_id: str, application_id: str) -> httpx.Response:
        return json_response(
            200, admin_application(ctx, portal_application(portal_id, application_id))
        )

    def delete(request: httpx.Request, portal_id: str, application_id: str) -> httpx.Response:
        remove_application(ctx, portal_application(portal_id, application_id))
        return no_content()

    base = "/v3/portals/{portal_id}/applications"
    router.add("GET", base, ROUTES[0], list_)
    router.add("GET", base + "/{application_id}", ROUTES[1], get)
    router.add("DELETE", base + "/{application_id}", ROUTES[2], delete)
