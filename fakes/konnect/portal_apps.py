"""Dev Portal v3 applications: strategies and APIs on offer, apps, registrations, secrets.

For a DCR strategy whose provider is okta, creating an app registers a client at Okta
(``fakes.konnect.dcr``) and answers 201 with ``client_id`` and ``client_secret`` once; the
secret is not stored. Deleting the app deletes the Okta client; regenerate-secret calls
``lifecycle/newSecret``.

Choices (the real answers are undocumented, research §9):
- When Okta refuses or cannot be reached, nothing is created or changed and the developer gets
  400 problem+json whose ``detail`` and ``invalid_parameters[0].reason`` name the IdP's answer
  (status and errorCode/errorSummary or error/error_description), never the DCR token. 400 is
  documented on all three operations and needs an ``invalid_parameters`` entry
  (``field: auth_strategy_id``, ``rule: invalid``).
- DCR through other provider types is not implemented: 400 saying so.
- ``auth_strategy_id`` must be a strategy used by one of this portal's publications (else 400
  ``missing_reference``); omitted, the portal's default strategy is used (none -> 400 required).
- An app name already used by the same developer is 409.
- Registering requires the API to be published on this portal (else 404) with the app's strategy
  (else 400 ``invalid``); a second registration of one app to one API is 409. Status is
  ``approved`` when the publication or the portal auto-approves, else ``pending``.
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import portal_credentials, schemas, serialise
from dcr_harness.fakes.konnect.applications import dcr_failure, remove_application
from dcr_harness.fakes.konnect.context import (
    Context,
    body_of,
    ensure,
    json_response,
    lookup,
    no_content,
)
from dcr_harness.fakes.konnect.dcr import DcrError
from dcr_harness.fakes.konnect.errors import conflict, invalid, not_found
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.portal_auth import current_developer
from dcr_harness.fakes.konnect.state import (
    Api,
    Application,
    AuthStrategy,
    DcrProvider,
    Developer,
    KonnectState,
    Registration,
    named_by,
)
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "portal.auth-strategies.list",
    "portal.apis.list",
    "portal.applications.create",
    "portal.applications.list",
    "portal.applications.get",
    "portal.applications.delete",
    "portal.applications.regenerate-secret",
    "portal.registrations.create",
    "portal.registrations.list",
)


def _okta_provider(state: KonnectState, strategy: AuthStrategy) -> DcrProvider | None:
    if strategy.dcr_provider_id is None:
        return None
    provider = state.providers.get(strategy.dcr_provider_id)
    if provider is None:
        raise invalid("auth_strategy_id", "invalid", "the strategy's DCR provider no longer exists")
    if provider.provider_type != "okta":
        reason = f"the fake performs DCR only with okta providers, not {provider.provider_type}"
        raise invalid("auth_strategy_id", "invalid", reason)
    return provider


def new_application(
    ctx: Context,
    developer: Developer,
    name: str,
    strategy_id: str | None,
    fields: dict[str, Any],
) -> tuple[Application, str | None]:
    """A developer's new application with the strategy (the portal's default when None), its
    client registered at Okta for a DCR strategy; returns it with the secret, shown once.
    ``fields``: the optional ``client_id``, ``description``, ``redirect_uri``, ``scopes``,
    ``reference_id``."""
    state = ctx.state
    portal = state.portals[developer.portal_id]
    strategy_id = strategy_id or portal.default_application_auth_strategy_id
    if strategy_id is None:
        raise invalid(
            "auth_strategy_id",
            "required",
            "auth_strategy_id is required: the portal has no default strategy",
        )
    offered = {s.id: s for s in state.portal_strategies(portal.id)}
    if strategy_id not in offered:
        raise invalid(
            "auth_strategy_id",
            "missing_reference",
            f"auth strategy {strategy_id} is not available on this portal",
        )
    strategy = offered[strategy_id]
    if state.applications.having(named_by(developer.id, name), by="owner_and_name"):
        raise conflict(f"An application named {name!r} already exists")
    oidc = strategy.strategy_type == "openid_connect"
    provider = _okta_provider(state, strategy) if oidc else None
    client_id: str | None = fields.get("client_id") if oidc else None
    secret: str | None = None
    if provider is not None:
        try:
            client = ctx.dcr.register(provider, name)
        except DcrError as error:
            raise dcr_failure("create the application's client", error) from None
        client_id, secret = client.client_id, client.client_secret
    now = ctx.now()
    app = Application(
        id=ctx.ids.uuid(),
        portal_id=portal.id,
        developer_id=developer.id,
        name=name,
        auth_strategy_id=strategy.id,
        client_id=client_id,
        dcr_provider_id=provider.id if provider else None,
        description=fields.get("description"),
        redirect_uri=fields.get("redirect_uri"),
        scopes=list(fields.get("scopes") or []),
        reference_id=fields.get("reference_id"),
        created_at=now,
        updated_at=now,
    )
    state.applications[app.id] = app
    return app, secret


def rotate_secret(ctx: Context, app: Application) -> tuple[str, str]:
    """A new client secret for a DCR application with one credential: Okta's newSecret."""
    provider = ctx.state.providers.get(app.dcr_provider_id or "")
    if provider is None or not app.client_id:
        raise invalid(
            "auth_strategy_id", "invalid", "the application's strategy has no DCR client secret"
        )
    if len(portal_credentials.secrets_of(ctx, app)[1]) > 1:
        raise conflict("The application has more than one credential: remove all but one")
    try:
        client = ctx.dcr.new_secret(provider, app.client_id)
    except DcrError as error:
        raise dcr_failure("regenerate the client secret", error) from None
    app.updated_at = ctx.now()
    return client.client_id, client.client_secret


def auto_approves(ctx: Context, app: Application, publication_auto_approves: bool) -> str:
    """A new registration's status: approved when the publication or the portal auto-approves."""
    auto = publication_auto_approves or ctx.state.portals[app.portal_id].auto_approve_applications
    return "approved" if auto else "pending"


def owned_application(ctx: Context, request: httpx.Request, application_id: str) -> Application:
    """The signed-in developer's application, or 404."""
    developer = current_developer(request, ctx)
    app: Application = lookup(ctx.state.applications, application_id)
    ensure(app.developer_id == developer.id, not_found())
    return app


def strategies_on_offer(ctx: Context, request: httpx.Request) -> httpx.Response:
    """The strategies the signed-in developer's portal publishes with, as the portal shows them."""
    state = ctx.state
    developer = current_developer(request, ctx)
    fields: Fields[AuthStrategy] = {
        "name": lambda s: s.display_name or s.name,
        "credential_type": lambda s: serialise.credential_type(state, s),
    }
    strategies = state.portal_strategies(developer.portal_id)
    body = page(request, strategies, fields, lambda s: serialise.portal_strategy(state, s))
    return json_response(200, body)


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def own_application(request: httpx.Request, application_id: str) -> Application:
        return owned_application(ctx, request, application_id)

    def list_strategies(request: httpx.Request) -> httpx.Response:
        return strategies_on_offer(ctx, request)

    def list_apis(request: httpx.Request) -> httpx.Response:
        developer = current_developer(request, ctx)
        published = [
            (state.apis[p.api_id], p)
            for p in state.publications.values()
            if p.portal_id == developer.portal_id and p.api_id in state.apis
        ]

        fields: Fields[tuple[Api, Any]] = {
            "id": lambda item: item[0].id,
            "name": lambda item: item[0].name,
            "version": lambda item: item[0].version,
            "description": lambda item: item[0].description,
            "slug": lambda item: item[0].slug,
            "created_at": lambda item: item[0].created_at,
            "updated_at": lambda item: item[0].updated_at,
        }

        body = page(
            request,
            published,
            fields,
            lambda i: serialise.portal_api(state, i[0], i[1]),
            ("name", "slug"),
        )
        return json_response(200, body)

    def create_application(request: httpx.Request) -> httpx.Response:
        developer = current_developer(request, ctx)
        body = body_of(request)
        check(body, schemas.CREATE_APPLICATION)
        fields = {k: body.get(k) for k in ("client_id", "description", "redirect_uri", "scopes")}
        app, secret = new_application(
            ctx, developer, body["name"], body.get("auth_strategy_id"), fields
        )
        response = serialise.application(state, app)
        if secret is not None:
            response["client_secret"] = secret
        return json_response(201, response)

    def list_applications(request: httpx.Request) -> httpx.Response:
        developer = current_developer(request, ctx)
        apps = state.applications.having(developer.id, by="developer_id")

        fields: Fields[Application] = {
            "name": lambda a: a.name,
            "auth_strategy_id": lambda a: a.auth_strategy_id,
            "team_id": lambda a: None,  # the fake has no teams: a developer owns each app
            "id": lambda a: a.id,
            "created_at": lambda a: a.created_at,
            "updated_at": lambda a: a.updated_at,
        }

        body = page(
            request,
            apps,
            fields,
            lambda a: serialise.application(state, a),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_application(request: httpx.Request, application_id: str) -> httpx.Response:
        return json_response(
            200, serialise.application(state, own_application(request, application_id))
        )

    def delete_application(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        remove_application(ctx, app)
        return no_content()

    def regenerate_secret(request: httpx.Request, application_id: str) -> httpx.Response:
        client_id, secret = rotate_secret(ctx, own_application(request, application_id))
        return json_response(201, {"client_id": client_id, "client_secret": secret})

    def create_registration(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        body = body_of(request)
        check(body, schemas.CREATE_REGISTRATION)
        publication = state.publications.get((body["api_id"], app.portal_id))
        if publication is None or body["api_id"] not in state.apis:
            raise not_found(f"API {body['api_id']} is not published on this portal")
        if app.auth_strategy_id not in (publication.auth_strategy_ids or []):
            raise invalid(
                "api_id", "invalid", "the API is not published with the application's auth strategy"
            )
        if any(r.api_id == body["api_id"] for r in state.registrations_of(app.id)):
            raise conflict("The application is already registered to this API")
        now = ctx.now()
        registration = Registration(
            id=ctx.ids.uuid(),
            application_id=app.id,
            api_id=body["api_id"],
            status=auto_approves(ctx, app, publication.auto_approve_registrations),
            created_at=now,
            updated_at=now,
        )
        state.registrations[registration.id] = registration
        return json_response(201, serialise.registration(state, registration))

    def list_registrations(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)

        fields: Fields[Registration] = {
            "id": lambda r: r.id,
            "status": lambda r: r.status,
            "api_name": lambda r: api.name if (api := state.apis.get(r.api_id)) else None,
            "api_id": lambda r: r.api_id,
            "created_at": lambda r: r.created_at,
        }

        body = page(
            request,
            state.registrations_of(app.id),
            fields,
            lambda r: serialise.registration(state, r),
            ("created_at",),
            {"status": schemas.STATUSES},
        )
        return json_response(200, body)

    router.add("GET", "/api/v3/application-auth-strategies", ROUTES[0], list_strategies)
    router.add("GET", "/api/v3/apis", ROUTES[1], list_apis)
    router.add("POST", "/api/v3/applications", ROUTES[2], create_application)
    router.add("GET", "/api/v3/applications", ROUTES[3], list_applications)
    one = "/api/v3/applications/{application_id}"
    router.add("GET", one, ROUTES[4], get_application)
    router.add("DELETE", one, ROUTES[5], delete_application)
    router.add("POST", one + "/regenerate-secret", ROUTES[6], regenerate_secret)
    router.add("POST", one + "/registrations", ROUTES[7], create_registration)
    router.add("GET", one + "/registrations", ROUTES[8], list_registrations)
    portal_credentials.register(router, ctx, own_application)
