"""Protocol endpoints of the org and custom authorization servers: discovery, keys, token,
introspect, revoke. No authentication but client authentication where Okta requires it.

An INACTIVE custom server answers 404 like an unknown one [I]. The org server issues no tokens
here: client_credentials needs ``private_key_jwt`` there, which the fake does not implement.
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.client_auth import authenticate_client
from dcr_harness.fakes.okta.discovery import custom_metadata, org_metadata
from dcr_harness.fakes.okta.models import AuthorizationServer
from dcr_harness.fakes.okta.state import OktaState
from dcr_harness.fakes.okta.tokens import client_credentials, introspect
from dcr_harness.fakes.okta.web import form, json_response

ROUTES = (
    "org.openid_configuration",
    "org.oauth_authorization_server",
    "org.keys",
    "org.token",
    "org.introspect",
    "org.revoke",
    "as.openid_configuration",
    "as.oauth_authorization_server",
    "as.oauth_authorization_server_rfc8414",
    "as.keys",
    "as.token",
    "as.introspect",
    "as.revoke",
)

KEYS_CACHE_CONTROL = "max-age=3832304, must-revalidate"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class ProtocolEndpoints:
    def __init__(self, state: OktaState) -> None:
        self.state = state

    def routes(self) -> list[tuple[str, str, str, Any]]:
        custom = "/oauth2/{server_id}"
        return [
            ("GET", "/.well-known/openid-configuration", "org.openid_configuration", self.org_oidc),
            (
                "GET",
                "/.well-known/oauth-authorization-server",
                "org.oauth_authorization_server",
                self.org_oauth,
            ),
            ("GET", "/oauth2/v1/keys", "org.keys", self.org_keys),
            ("POST", "/oauth2/v1/token", "org.token", self.org_token),
            ("POST", "/oauth2/v1/introspect", "org.introspect", self.org_introspect),
            ("POST", "/oauth2/v1/revoke", "org.revoke", self.org_revoke),
            (
                "GET",
                custom + "/.well-known/openid-configuration",
                "as.openid_configuration",
                self.oidc,
            ),
            (
                "GET",
                custom + "/.well-known/oauth-authorization-server",
                "as.oauth_authorization_server",
                self.oauth,
            ),
            (
                "GET",
                "/.well-known/oauth-authorization-server/oauth2/{server_id}",
                "as.oauth_authorization_server_rfc8414",
                self.oauth,
            ),
            ("GET", custom + "/v1/keys", "as.keys", self.keys),
            ("POST", custom + "/v1/token", "as.token", self.token),
            ("POST", custom + "/v1/introspect", "as.introspect", self.introspect),
            ("POST", custom + "/v1/revoke", "as.revoke", self.revoke),
        ]

    def _server(self, server_id: str) -> AuthorizationServer:
        server = self.state.servers.get(server_id)
        if server is None or server.status != "ACTIVE":
            raise errors.not_found(server_id, "AuthorizationServer")
        return server

    def _check_client_id(self, request: httpx.Request) -> None:
        client_id = request.url.params.get("client_id")
        if client_id is not None and client_id not in self.state.clients:
            raise errors.invalid_client_id_parameter()

    # -- discovery and keys --------------------------------------------------------------------

    def org_oidc(self, request: httpx.Request) -> httpx.Response:
        self._check_client_id(request)
        return json_response(200, org_metadata(self.state.org_url, oidc=True))

    def org_oauth(self, request: httpx.Request) -> httpx.Response:
        self._check_client_id(request)
        return json_response(200, org_metadata(self.state.org_url, oidc=False))

    def oidc(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self._server(server_id)
        self._check_client_id(request)
        return json_response(200, custom_metadata(self.state.org_url, server, oidc=True))

    def oauth(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self._server(server_id)
        self._check_client_id(request)
        return json_response(200, custom_metadata(self.state.org_url, server, oidc=False))

    def org_keys(self, request: httpx.Request) -> httpx.Response:
        jwks = self.state.org_keys.jwks()
        return json_response(200, jwks, {"Cache-Control": KEYS_CACHE_CONTROL})

    def keys(self, request: httpx.Request, server_id: str) -> httpx.Response:
        jwks = self._server(server_id).keys.jwks()
        return json_response(200, jwks, {"Cache-Control": KEYS_CACHE_CONTROL})

    # -- token, introspect, revoke -------------------------------------------------------------

    def token(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self._server(server_id)
        body = form(request)
        client = authenticate_client(self.state, request, body)
        answer = client_credentials(self.state, server, client, body)
        return _oauth_json(200, answer)

    def org_token(self, request: httpx.Request) -> httpx.Response:
        body = form(request)
        client = authenticate_client(self.state, request, body)
        if body.get("grant_type") == "client_credentials":
            if client.application_type != "service":
                raise errors.oauth_error(errors.ORG_AS_APPLICATION_TYPE)
            raise errors.oauth_error(errors.ORG_AS_AUTH_METHOD)
        raise errors.oauth_error(
            errors.UNSUPPORTED_GRANT_TYPE, errors.bracketed(["client_credentials"])
        )

    def introspect(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self._server(server_id)
        body = form(request)
        authenticate_client(self.state, request, body)
        if not body.get("token"):
            raise errors.oauth_error(errors.REQUEST_MISSING_TOKEN)
        return _oauth_json(200, introspect(self.state, server, body["token"]))

    def org_introspect(self, request: httpx.Request) -> httpx.Response:
        body = form(request)
        authenticate_client(self.state, request, body)
        if not body.get("token"):
            raise errors.oauth_error(errors.REQUEST_MISSING_TOKEN)
        return _oauth_json(200, {"active": False})

    def revoke(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self._server(server_id)
        return self._revoke(request)

    def org_revoke(self, request: httpx.Request) -> httpx.Response:
        return self._revoke(request)

    def _revoke(self, request: httpx.Request) -> httpx.Response:
        body = form(request)
        client = authenticate_client(self.state, request, body)
        if not body.get("token"):
            raise errors.oauth_error(errors.REQUEST_MISSING_TOKEN)
        self.state.revoke_token(body["token"], client.client_id)
        return httpx.Response(200)


def _oauth_json(status: int, body: dict[str, Any]) -> httpx.Response:
    response = json_response(status, body, _NO_STORE)
    response.headers["Content-Type"] = errors.OAUTH_JSON
    return response
