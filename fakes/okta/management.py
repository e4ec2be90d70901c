"""Management API: ``/api/v1/authorizationServers`` with scopes and claims (SSWS checked by
``app``). Request bodies are read here; the rules live in ``OktaState``. The resource a path
names is looked up before the body is read, so an unknown one is 404 whatever the body [I]."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.keys import SigningKey
from dcr_harness.fakes.okta.state import OktaState
from dcr_harness.fakes.okta.views import claim_json, link, scope_json, server_json
from dcr_harness.fakes.okta.web import (
    json_object,
    json_response,
    list_response,
    no_content,
    paginate,
    query,
)

ROUTES = (
    "servers.list", "servers.create", "servers.get", "servers.replace", "servers.delete",
    "servers.activate", "servers.deactivate", "servers.keys", "servers.key", "servers.rotate_keys",
    "scopes.list", "scopes.create", "scopes.get", "scopes.replace", "scopes.delete",
    "claims.list", "claims.create", "claims.get", "claims.replace", "claims.delete",
)  # fmt: skip

SERVERS = "/api/v1/authorizationServers"
SERVER = SERVERS + "/{server_id}"


class AuthorizationServers:
    def __init__(self, state: OktaState) -> None:
        self.state = state
        self.org = state.org_url

    def routes(self) -> list[tuple[str, str, str, Any]]:
        return [
            ("GET", SERVERS, "servers.list", self.list_servers),
            ("POST", SERVERS, "servers.create", self.create_server),
            ("GET", SERVER, "servers.get", self.get_server),
            ("PUT", SERVER, "servers.replace", self.replace_server),
            ("DELETE", SERVER, "servers.delete", self.delete_server),
            ("POST", SERVER + "/lifecycle/activate", "servers.activate", self.activate),
            ("POST", SERVER + "/lifecycle/deactivate", "servers.deactivate", self.deactivate),
            ("GET", SERVER + "/credentials/keys", "servers.keys", self.list_keys),
            ("GET", SERVER + "/credentials/keys/{kid}", "servers.key", self.get_key),
            (
                "POST",
                SERVER + "/credentials/lifecycle/keyRotate",
                "servers.rotate_keys",
                self.rotate_keys,
            ),
            ("GET", SERVER + "/scopes", "scopes.list", self.list_scopes),
            ("POST", SERVER + "/scopes", "scopes.create", self.create_scope),
            ("GET", SERVER + "/scopes/{scope_id}", "scopes.get", self.get_scope),
            ("PUT", SERVER + "/scopes/{scope_id}", "scopes.replace", self.replace_scope),
            ("DELETE", SERVER + "/scopes/{scope_id}", "scopes.delete", self.delete_scope),
            ("GET", SERVER + "/claims", "claims.list", self.list_claims),
            ("POST", SERVER + "/claims", "claims.create", self.create_claim),
            ("GET", SERVER + "/claims/{claim_id}", "claims.get", self.get_claim),
            ("PUT", SERVER + "/claims/{claim_id}", "claims.replace", self.replace_claim),
            ("DELETE", SERVER + "/claims/{claim_id}", "claims.delete", self.delete_claim),
        ]

    # -- servers -------------------------------------------------------------------------------

    def list_servers(self, request: httpx.Request) -> httpx.Response:
        needle = (query(request, "q") or "").lower()
        servers = [
            s
            for s in self.state.servers.values()
            if needle in s.name.lower() or any(needle in a.lower() for a in s.audiences)
        ]
        page, links = paginate(request, servers, lambda s: s.id, default_limit=200)
        return list_response([server_json(self.org, s) for s in page], links)

    def create_server(self, request: httpx.Request) -> httpx.Response:
        body = json_object(request)
        server = self.state.add_authorization_server(
            _string(body, "name"),
            _strings(body, "audiences"),
            description=_optional(body, "description"),
        )
        return json_response(201, server_json(self.org, server))

    def get_server(self, request: httpx.Request, server_id: str) -> httpx.Response:
        return json_response(200, server_json(self.org, self.state.server(server_id)))

    def replace_server(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.server(server_id)
        body = json_object(request)
        server = self.state.replace_authorization_server(
            server_id,
            _string(body, "name"),
            _strings(body, "audiences"),
            _optional(body, "description"),
        )
        return json_response(200, server_json(self.org, server))

    def delete_server(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.remove_authorization_server(server_id)
        return no_content()

    def activate(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.set_server_status(server_id, "ACTIVE")
        return no_content()

    def deactivate(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.set_server_status(server_id, "INACTIVE")
        return no_content()

    def list_keys(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self.state.server(server_id)
        keys = server.keys.keys()
        return json_response(
            200, [self._key_json(server_id, k, i == 0) for i, k in enumerate(keys)]
        )

    def get_key(self, request: httpx.Request, server_id: str, kid: str) -> httpx.Response:
        ring = self.state.server(server_id).keys
        key = ring.find(kid)
        if key is None:
            raise errors.not_found(kid, "AuthorizationServerJsonWebKey")
        return json_response(200, self._key_json(server_id, key, key.kid == ring.active.kid))

    def rotate_keys(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.server(server_id)
        body = json_object(request)
        if body.get("use") != "sig":
            raise errors.validation_failed(
                "use", "Invalid value for 'use'; only 'sig' is supported."
            )
        server = self.state.rotate_keys(server_id)
        keys = server.keys.keys()
        return json_response(
            200, [self._key_json(server_id, k, i == 0) for i, k in enumerate(keys)]
        )

    def _key_json(self, server_id: str, key: SigningKey, active: bool) -> dict[str, Any]:
        href = f"{self.org}{SERVERS}/{server_id}/credentials/keys/{key.kid}"
        status = "ACTIVE" if active else "EXPIRED"
        return {"status": status, **key.public_jwk(), "_links": {"self": link(href, "GET")}}

    # -- scopes --------------------------------------------------------------------------------

    def list_scopes(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self.state.server(server_id)
        needle = (query(request, "q") or "").lower()
        scopes = [s for s in server.scopes.values() if s.name.lower().startswith(needle)]
        page, links = paginate(request, scopes, lambda s: s.id, default_limit=200)
        return list_response([scope_json(self.org, server_id, s) for s in page], links)

    def create_scope(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.server(server_id)
        body = json_object(request)
        scope = self.state.add_scope(server_id, _string(body, "name"), **_scope_options(body))
        return json_response(201, scope_json(self.org, server_id, scope))

    def get_scope(self, request: httpx.Request, server_id: str, scope_id: str) -> httpx.Response:
        return json_response(
            200, scope_json(self.org, server_id, self.state.scope(server_id, scope_id))
        )

    def replace_scope(
        self, request: httpx.Request, server_id: str, scope_id: str
    ) -> httpx.Response:
        self.state.scope(server_id, scope_id)
        body = json_object(request)
        scope = self.state.replace_scope(
            server_id, scope_id, _string(body, "name"), **_scope_options(body)
        )
        return json_response(200, scope_json(self.org, server_id, scope))

    def delete_scope(self, request: httpx.Request, server_id: str, scope_id: str) -> httpx.Response:
        self.state.remove_scope(server_id, scope_id)
        return no_content()

    # -- claims --------------------------------------------------------------------------------

    def list_claims(self, request: httpx.Request, server_id: str) -> httpx.Response:
        server = self.state.server(server_id)
        return json_response(
            200, [claim_json(self.org, server_id, c) for c in server.claims.values()]
        )

    def create_claim(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.server(server_id)
        body = json_object(request)
        claim = self.state.add_claim(server_id, *_claim_args(body), **_claim_options(body))
        return json_response(201, claim_json(self.org, server_id, claim))

    def get_claim(self, request: httpx.Request, server_id: str, claim_id: str) -> httpx.Response:
        return json_response(
            200, claim_json(self.org, server_id, self.state.claim(server_id, claim_id))
        )

    def replace_claim(
        self, request: httpx.Request, server_id: str, claim_id: str
    ) -> httpx.Response:
        self.state.claim(server_id, claim_id)
        body = json_object(request)
        claim = self.state.replace_claim(
            server_id, claim_id, *_claim_args(body), **_claim_options(body)
        )
        return json_response(200, claim_json(self.org, server_id, claim))

    def delete_claim(self, request: httpx.Request, server_id: str, claim_id: str) -> httpx.Response:
        self.state.remove_claim(server_id, claim_id)
        return no_content()


def _string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise errors.validation_failed(name, "The field cannot be left blank.")
    return value


def _optional(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise errors.validation_failed(name, "The field must be a string.")
    return value


def _strings(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise errors.validation_failed(name, "The field must be an array of strings.")
    return list(value)


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise errors.validation_failed(name, "The field must be a boolean.")
    return value


def _scope_options(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "consent": body.get("consent") or "IMPLICIT",
        "default": _flag(body, "default"),
        "metadata_publish": body.get("metadataPublish") or "NO_CLIENTS",
        "description": _optional(body, "description"),
        "display_name": _optional(body, "displayName"),
        "optional": _flag(body, "optional"),
    }


def _claim_args(body: dict[str, Any]) -> tuple[str, str]:
    return _string(body, "name"), _string(body, "value")


def _claim_options(body: dict[str, Any]) -> dict[str, Any]:
    conditions = body.get("conditions") or {}
    if not isinstance(conditions, dict):
        raise errors.validation_failed("conditions", "The field must be an object.")
    scopes = conditions.get("scopes") or []
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise errors.validation_failed(
            "conditions.scopes", "The field must be an array of strings."
        )
    return {
        "claim_type": body.get("claimType") or "RESOURCE",
        "value_type": body.get("valueType") or "EXPRESSION",
        "scopes": scopes,
        "status": body.get("status") or "ACTIVE",
    }
