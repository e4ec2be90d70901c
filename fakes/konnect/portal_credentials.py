"""Dev Portal credentials of a DCR application: ``/api/v3/applications/{id}/credentials``, and
the same operations and shapes on classic portals under ``/api/v2``.

Facts (the spec, research §4b): a ``client_secret`` credential is ``{type, id, display_name,
client_id, client_secret, created_at, expires_at}``, its secret shown once, on creation; more
than 20 is 403 "Maximum number of Credentials exceeded. Max Allowed: 20"; regenerate-secret is
409 when an application has more than one.

Choices [I] (how Konnect maps credentials to an Okta client is not documented):
- A credential is one of the application's Okta client's secrets, and its id is the secret's id.
  The secret DCR made with the application is its first credential. The list is read from Okta
  each time (``fakes.konnect.dcr``), so a secret removed in Okta is gone from the portal too.
  Okta keeps two secrets at most, so its refusal of a third comes before Konnect's 20: it is
  answered as any IdP refusal (400 naming Okta's answer).
- Only display names are Konnect's own state.
- Removing the last credential is 409 (the spec documents 409 on delete): the app would be left
  without a way to authenticate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas
from dcr_harness.fakes.konnect.applications import dcr_failure
from dcr_harness.fakes.konnect.context import Context, body_of, json_response, no_content
from dcr_harness.fakes.konnect.dcr import DcrError, DcrSecret
from dcr_harness.fakes.konnect.errors import conflict, forbidden, invalid, not_found
from dcr_harness.fakes.konnect.state import Application, DcrProvider
from dcr_harness.fakes.konnect.validation import check

MAX_CREDENTIALS = 20
ROUTES = (
    "portal.credentials.list",
    "portal.credentials.create",
    "portal.credentials.update",
    "portal.credentials.delete",
)
CLASSIC_ROUTES = tuple(name.replace("portal.", "portal-v2.", 1) for name in ROUTES)


def secrets_of(ctx: Context, app: Application) -> tuple[DcrProvider, list[DcrSecret]]:
    """The app's DCR provider and its client's secrets at the IdP."""
    provider = ctx.state.providers.get(app.dcr_provider_id or "")
    if provider is None or not app.client_id:
        raise invalid(
            "auth_strategy_id", "invalid", "the application's strategy has no DCR credentials"
        )
    try:
        return provider, ctx.dcr.secrets(provider, app.client_id)
    except DcrError as error:
        raise dcr_failure("list the application's credentials", error) from None


def register(
    router: Router,
    ctx: Context,
    own_application: Callable[[httpx.Request, str], Application],
    generation: str = "v3",
) -> None:
    def item(app: Application, secret: DcrSecret) -> dict[str, Any]:
        return {
            "type": "client_secret",
            "id": secret.id,
            "display_name": app.credential_names.get(secret.id),
            "client_id": app.client_id,
            "created_at": secret.created,
            "expires_at": None,
        }

    def list_credentials(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        _, secrets = secrets_of(ctx, app)
        data = [item(app, secret) for secret in secrets]
        meta = {"page": {"number": 1, "size": max(len(data), 1), "total": len(data)}}
        return json_response(200, {"data": data, "meta": meta})

    def create_credential(request: httpx.Request, application_id: str) -> httpx.Response:
        app = own_application(request, application_id)
        body = body_of(request) if request.content else {}
        check(body, schemas.CREATE_CREDENTIAL)
        provider, secrets = secrets_of(ctx, app)
        if len(secrets) >= MAX_CREDENTIALS:
            raise forbidden(
                f"Maximum number of Credentials exceeded. Max Allowed: {MAX_CREDENTIALS}"
            )
        assert app.client_id is not None
        try:
            made = ctx.dcr.add_secret(provider, app.client_id)
        except DcrError as error:
            raise dcr_failure("add a credential", error) from None
        if body.get("display_name") is not None:
            app.credential_names[made.id] = body["display_name"]
        app.updated_at = ctx.now()
        return json_response(201, {**item(app, made), "client_secret": made.value})

    def find(
        request: httpx.Request, application_id: str, credential_id: str
    ) -> tuple[Application, DcrProvider, list[DcrSecret]]:
        app = own_application(request, application_id)
        provider, secrets = secrets_of(ctx, app)
        if credential_id not in {secret.id for secret in secrets}:
            raise not_found(f"credential {credential_id} not found")
        return app, provider, secrets

    def update_credential(
        request: httpx.Request, application_id: str, credential_id: str
    ) -> httpx.Response:
        body = body_of(request)
        check(body, schemas.UPDATE_CREDENTIAL)
        app, _, _ = find(request, application_id, credential_id)
        app.credential_names[credential_id] = body["display_name"]
        return httpx.Response(200)

    def delete_credential(
        request: httpx.Request, application_id: str, credential_id: str
    ) -> httpx.Response:
        app, provider, secrets = find(request, application_id, credential_id)
        if len(secrets) == 1:
            raise conflict("An application keeps at least one credential")
        assert app.client_id is not None  # secrets_of refused an app without one
        try:
            ctx.dcr.remove_secret(provider, app.client_id, credential_id)
        except DcrError as error:
            raise dcr_failure("remove the credential", error) from None
        app.credential_names.pop(credential_id, None)
        return no_content()

    names = CLASSIC_ROUTES if generation == "v2" else ROUTES
    many = f"/api/{generation}/applications/{{application_id}}/credentials"
    router.add("GET", many, names[0], list_credentials)
    router.add("POST", many, names[1], create_credential)
    router.add("PUT", many + "/{credential_id}", names[2], update_credential)
    router.add("DELETE", many + "/{credential_id}", names[3], delete_credential)
