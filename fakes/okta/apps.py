"""Management API: ``/api/v1/apps`` (the DCR clients' app twins) and ``/api/v1/api-tokens``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.app_views import api_token_json, app_json, client_secret_json
from dcr_harness.fakes.okta.directory import API_TOKEN_WINDOW_SECONDS
from dcr_harness.fakes.okta.models import OAuthClient
from dcr_harness.fakes.okta.state import OktaState
from dcr_harness.fakes.okta.web import (
    json_object,
    json_response,
    list_response,
    no_content,
    paginate_table,
    query,
)

ROUTES = (
    "apps.list", "apps.get", "apps.delete", "apps.activate", "apps.deactivate",
    "apps.secrets.list", "apps.secrets.create", "apps.secrets.get", "apps.secrets.delete",
    "apps.secrets.activate", "apps.secrets.deactivate",
    "api_tokens.list", "api_tokens.get", "api_tokens.update", "api_tokens.revoke",
    "api_tokens.revoke_current",
)  # fmt: skip

_FILTER = re.compile(r'^\s*(status|name|id|label)\s+eq\s+"([^"]*)"\s*$')


class Apps:
    def __init__(self, state: OktaState) -> None:
        self.state = state
        self.org = state.org_url

    def routes(self) -> list[tuple[str, str, str, Any]]:
        app = "/api/v1/apps/{app_id}"
        tokens = "/api/v1/api-tokens"
        secrets = app + "/credentials/secrets"
        secret = secrets + "/{secret_id}"
        return [
            ("GET", "/api/v1/apps", "apps.list", self.list_apps),
            ("GET", app, "apps.get", self.get_app),
            ("DELETE", app, "apps.delete", self.delete_app),
            ("POST", app + "/lifecycle/activate", "apps.activate", self.activate),
            ("POST", app + "/lifecycle/deactivate", "apps.deactivate", self.deactivate),
            ("GET", secrets, "apps.secrets.list", self.list_secrets),
            ("POST", secrets, "apps.secrets.create", self.create_secret),
            ("GET", secret, "apps.secrets.get", self.get_secret),
            ("DELETE", secret, "apps.secrets.delete", self.delete_secret),
            ("POST", secret + "/lifecycle/activate", "apps.secrets.activate", self.activate_secret),
            (
                "POST",
                secret + "/lifecycle/deactivate",
                "apps.secrets.deactivate",
                self.deactivate_secret,
            ),
            ("GET", tokens, "api_tokens.list", self.list_tokens),
            ("DELETE", tokens + "/current", "api_tokens.revoke_current", self.revoke_current),
            ("GET", tokens + "/{token_id}", "api_tokens.get", self.get_token),
            ("PUT", tokens + "/{token_id}", "api_tokens.update", self.update_token),
            ("DELETE", tokens + "/{token_id}", "api_tokens.revoke", self.revoke_token),
        ]

    def list_apps(self, request: httpx.Request) -> httpx.Response:
        matches = _matcher(request)
        page, links = paginate_table(
            request, self.state.clients, matches, lambda a: a.client_id, default_limit=200
        )
        return list_response([app_json(self.org, a) for a in page], links)

    def get_app(self, request: httpx.Request, app_id: str) -> httpx.Response:
        return json_response(200, app_json(self.org, self.state.app(app_id)))

    def delete_app(self, request: httpx.Request, app_id: str) -> httpx.Response:
        self.state.remove_app(app_id)
        return no_content()

    def activate(self, request: httpx.Request, app_id: str) -> httpx.Response:
        self.state.set_app_status(app_id, "ACTIVE")
        return json_response(200, {})

    def deactivate(self, request: httpx.Request, app_id: str) -> httpx.Response:
        self.state.set_app_status(app_id, "INACTIVE")
        return json_response(200, {})

    # -- client secrets ----------------------------------------------------------------------

    def list_secrets(self, request: httpx.Request, app_id: str) -> httpx.Response:
        app = self.state.app(app_id)
        return json_response(200, [client_secret_json(self.org, app_id, s) for s in app.secrets])

    def create_secret(self, request: httpx.Request, app_id: str) -> httpx.Response:
        body = json_object(request) if request.content else {}
        value = body.get("client_secret")
        if value is not None and (not isinstance(value, str) or not 14 <= len(value) <= 100):
            raise errors.validation_failed("client_secret", "Must be 14 to 100 characters.")
        status = body.get("status", "ACTIVE")
        if status not in ("ACTIVE", "INACTIVE"):
            raise errors.validation_failed("status", "Must be ACTIVE or INACTIVE.")
        secret = self.state.add_client_secret(app_id, value, status)
        return json_response(201, client_secret_json(self.org, app_id, secret, whole=True))

    def get_secret(self, request: httpx.Request, app_id: str, secret_id: str) -> httpx.Response:
        secret = self.state.client_secret_of(app_id, secret_id)
        return json_response(200, client_secret_json(self.org, app_id, secret))

    def delete_secret(self, request: httpx.Request, app_id: str, secret_id: str) -> httpx.Response:
        self.state.remove_client_secret(app_id, secret_id)
        return no_content()

    def activate_secret(
        self, request: httpx.Request, app_id: str, secret_id: str
    ) -> httpx.Response:
        secret = self.state.set_client_secret_status(app_id, secret_id, "ACTIVE")
        return json_response(200, client_secret_json(self.org, app_id, secret))

    def deactivate_secret(
        self, request: httpx.Request, app_id: str, secret_id: str
    ) -> httpx.Response:
        secret = self.state.set_client_secret_status(app_id, secret_id, "INACTIVE")
        return json_response(200, client_secret_json(self.org, app_id, secret))

    def list_tokens(self, request: httpx.Request) -> httpx.Response:
        tokens = list(self.state.api_tokens.values())
        return json_response(
            200, [api_token_json(self.org, t, API_TOKEN_WINDOW_SECONDS) for t in tokens]
        )

    def get_token(self, request: httpx.Request, token_id: str) -> httpx.Response:
        token = self.state.api_token(token_id)
        return json_response(200, api_token_json(self.org, token, API_TOKEN_WINDOW_SECONDS))

    def update_token(self, request: httpx.Request, token_id: str) -> httpx.Response:
        self.state.api_token(token_id)
        body = json_object(request)
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise errors.validation_failed("name", "The field cannot be left blank.")
        network = body.get("network") or {"connection": "ANYWHERE"}
        if not isinstance(network, dict) or network.get("connection") not in ("ANYWHERE", "ZONE"):
            raise errors.validation_failed("network.connection", "Must be ANYWHERE or ZONE.")
        token = self.state.update_api_token(token_id, name, network)
        return json_response(200, api_token_json(self.org, token, API_TOKEN_WINDOW_SECONDS))

    def revoke_token(self, request: httpx.Request, token_id: str) -> httpx.Response:
        self.state.revoke_api_token(token_id)
        return no_content()

    def revoke_current(self, request: httpx.Request) -> httpx.Response:
        value = request.headers.get("Authorization", "").partition(" ")[2].strip()
        token = next((t for t in self.state.api_tokens.values() if t.value == value), None)
        if token is None:
            raise errors.invalid_token()
        self.state.revoke_api_token(token.id)
        return no_content()


def _matcher(request: httpx.Request) -> Callable[[OAuthClient], bool]:
    """``q``: startsWith on name or label; ``filter``: ``status|name|id|label eq "..."``
    (anything else is 400 E0000031 here [I], whether or not the org has apps). Read from the
    query once per request, not once per app."""
    needle = (query(request, "q") or "").lower()
    expression = query(request, "filter")
    wanted: tuple[str, str] | None = None
    if expression:
        match = _FILTER.match(expression)
        if match is None:
            raise errors.api_error(errors.E0000031, "E0000031")
        wanted = (match.group(1), match.group(2))
    named = not needle or "oidc_client".startswith(needle)

    def matches(app: OAuthClient) -> bool:
        if not named and not app.client_name.lower().startswith(needle):
            return False
        if wanted is None:
            return True
        field, value = wanted
        actual = {
            "status": app.status,
            "name": "oidc_client",
            "id": app.client_id,
            "label": app.client_name,
        }
        return actual[field] == value

    return matches
