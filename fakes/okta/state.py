"""Fake Okta's org state in plain Python: authorization servers with their scopes, claims,
access policies and rules. Clients, apps, API tokens and minted tokens are in ``directory``.

Every mutator validates like Okta's Management API and raises ``ApiError`` (E0000001 or
E0000007), so seeding through these methods and calling the HTTP API fail alike.
"""

from __future__ import annotations

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.okta import errors, lookup
from dcr_harness.fakes.okta.access import AccessPolicyState
from dcr_harness.fakes.okta.access import require as _require
from dcr_harness.fakes.okta.directory import Directory
from dcr_harness.fakes.okta.expressions import is_supported
from dcr_harness.fakes.okta.keys import ORG_KEY_INDEX, KeyRing
from dcr_harness.fakes.okta.models import (
    SUB_CLAIM_EXPRESSION,
    SYSTEM_SCOPES,
    AuthorizationServer,
    Claim,
    Scope,
)

DEFAULT_SERVER_ID = "default"
_CONSENTS = ("IMPLICIT", "REQUIRED", "FLEXIBLE")
_PUBLISH = ("NO_CLIENTS", "ALL_CLIENTS")
_STATUSES = ("ACTIVE", "INACTIVE")


class OktaState(AccessPolicyState, Directory):
    """One Okta org. ``reset`` returns it to a fresh org: the ``default`` server (audience
    ``api://default``) with only system scopes and claims, no access policy, no apps, no API
    tokens, and the org server's key. Keys come from the process pool, so reset is cheap."""

    def __init__(self, org_url: str, ids: IdFactory, clock: Clock) -> None:
        super().__init__(ids, clock)
        self.org_url = org_url.rstrip("/")
        self.servers: dict[str, AuthorizationServer] = {}
        self.org_keys = KeyRing([ORG_KEY_INDEX])
        self._next_key_index = ORG_KEY_INDEX + 1
        self.reset()

    def reset(self) -> None:
        self.reset_directory()
        self.servers.clear()
        self.org_keys = KeyRing([ORG_KEY_INDEX])
        self._next_key_index = ORG_KEY_INDEX + 1
        self.add_authorization_server(
            "default",
            ["api://default"],
            server_id=DEFAULT_SERVER_ID,
            description="Default Authorization Server for your Applications",
        )

    # -- authorization servers ----------------------------------------------------------------

    def add_authorization_server(
        self,
        name: str,
        audiences: list[str],
        *,
        server_id: str | None = None,
        description: str | None = None,
    ) -> AuthorizationServer:
        """A new ACTIVE custom server with the system scopes and the system ``sub`` claim."""
        _require(bool(name and name.strip()), "name", "The field cannot be left blank.")
        _require(len(audiences) == 1, "audiences", "Exactly one audience is supported.")
        if any(s.name == name for s in self.servers.values()):
            raise errors.validation_failed("name", "An object with this field already exists.")
        sid = server_id or self.ids.okta_id("aus")
        _require(sid not in self.servers, "id", "An object with this field already exists.")
        now = self.clock.iso()
        server = AuthorizationServer(
            id=sid,
            name=name,
            description=description or name,
            audiences=list(audiences),
            issuer=f"{self.org_url}/oauth2/{sid}",
            created=now,
            last_updated=now,
            keys=KeyRing([self._take_key_index()], self.clock.now()),
        )
        for scope_name, scope_description in SYSTEM_SCOPES:
            scope = Scope(self.ids.okta_id("scp"), scope_name, scope_description, system=True)
            scope.metadata_publish = "ALL_CLIENTS"
            server.scopes[scope.id] = scope
        sub = Claim(self.ids.okta_id("ocl"), "sub", SUB_CLAIM_EXPRESSION, scopes=["profile"])
        sub.system = True
        server.claims[sub.id] = sub
        self.servers[sid] = server
        return server

    def server(self, server_id: str) -> AuthorizationServer:
        return lookup.get(self.servers, server_id, "AuthorizationServer")

    def replace_authorization_server(
        self, server_id: str, name: str, audiences: list[str], description: str | None
    ) -> AuthorizationServer:
        server = self.server(server_id)
        _require(bool(name and name.strip()), "name", "The field cannot be left blank.")
        _require(len(audiences) == 1, "audiences", "Exactly one audience is supported.")
        server.name, server.audiences = name, list(audiences)
        server.description = description or server.description
        server.last_updated = self.clock.iso()
        return server

    def remove_authorization_server(self, server_id: str) -> None:
        lookup.pop(self.servers, server_id, "AuthorizationServer")

    def set_server_status(self, server_id: str, status: str) -> AuthorizationServer:
        server = self.server(server_id)
        server.status, server.last_updated = status, self.clock.iso()
        return server

    def rotate_keys(self, server_id: str) -> AuthorizationServer:
        """A new active signing key; the previous key stays in the JWKS until ``retire_keys``."""
        server = self.server(server_id)
        server.keys.rotate(self._take_key_index(), self.clock.now())
        return server

    def retire_keys(self, server_id: str) -> None:
        """Drop every key but the active one (tokens they signed stop verifying)."""
        self.server(server_id).keys.retire()

    def _take_key_index(self) -> int:
        index = self._next_key_index
        self._next_key_index += 1
        return index

    # -- scopes --------------------------------------------------------------------------------

    def add_scope(
        self,
        server_id: str,
        name: str,
        *,
        consent: str = "IMPLICIT",
        default: bool = False,
        metadata_publish: str = "NO_CLIENTS",
        description: str | None = None,
        display_name: str | None = None,
        optional: bool = False,
    ) -> Scope:
        server = self.server(server_id)
        scope = Scope(self.ids.okta_id("scp"), name)
        self._fill_scope(server, scope, name, consent, default, metadata_publish)
        scope.description, scope.display_name, scope.optional = description, display_name, optional
        server.scopes[scope.id] = scope
        return scope

    def scope(self, server_id: str, scope_id: str) -> Scope:
        return lookup.get(self.server(server_id).scopes, scope_id, "OAuth2Scope")

    def replace_scope(
        self,
        server_id: str,
        scope_id: str,
        name: str,
        *,
        consent: str = "IMPLICIT",
        default: bool = False,
        metadata_publish: str = "NO_CLIENTS",
        description: str | None = None,
        display_name: str | None = None,
        optional: bool = False,
    ) -> Scope:
        scope = self.scope(server_id, scope_id)
        _require(not scope.system, "system", "System scopes cannot be modified.")
        self._fill_scope(self.server(server_id), scope, name, consent, default, metadata_publish)
        scope.description, scope.display_name, scope.optional = description, display_name, optional
        return scope

    def remove_scope(self, server_id: str, scope_id: str) -> None:
        scope = self.scope(server_id, scope_id)
        _require(not scope.system, "system", "System scopes cannot be deleted.")
        del self.server(server_id).scopes[scope_id]

    def _fill_scope(
        self,
        server: AuthorizationServer,
        scope: Scope,
        name: str,
        consent: str,
        default: bool,
        metadata_publish: str,
    ) -> None:
        _check_scope_name(name)
        other = server.scope_named(name)
        _require(
            other is None or other.id == scope.id,
            "name",
            "An object with this field already exists in the current organization",
        )
        _require(consent in _CONSENTS, "consent", f"Invalid value: {consent}.")
        _require(
            metadata_publish in _PUBLISH, "metadataPublish", f"Invalid value: {metadata_publish}."
        )
        scope.name, scope.consent, scope.default = name, consent, default
        scope.metadata_publish = metadata_publish

    # -- claims --------------------------------------------------------------------------------

    def add_claim(
        self,
        server_id: str,
        name: str,
        value: str,
        *,
        claim_type: str = "RESOURCE",
        value_type: str = "EXPRESSION",
        scopes: list[str] | None = None,
        status: str = "ACTIVE",
    ) -> Claim:
        """A custom claim. Only EXPRESSION values the fake can evaluate are accepted (see
        ``expressions``); RESOURCE claims go into access tokens. A reserved name (``cid``,
        ``sub``...) is accepted but never overrides the reserved claim in a token: Okta's docs
        say reserved claims "can't be overridden", and do not document a creation error [I]."""
        server = self.server(server_id)
        claim = Claim(self.ids.okta_id("ocl"), name, value)
        self._fill_claim(server, claim, name, value, claim_type, value_type, scopes or [], status)
        server.claims[claim.id] = claim
        return claim

    def claim(self, server_id: str, claim_id: str) -> Claim:
        return lookup.get(self.server(server_id).claims, claim_id, "OAuth2Claim")

    def replace_claim(
        self,
        server_id: str,
        claim_id: str,
        name: str,
        value: str,
        *,
        claim_type: str = "RESOURCE",
        value_type: str = "EXPRESSION",
        scopes: list[str] | None = None,
        status: str = "ACTIVE",
    ) -> Claim:
        claim = self.claim(server_id, claim_id)
        _require(not claim.system, "system", "System claims cannot be modified.")
        server = self.server(server_id)
        self._fill_claim(server, claim, name, value, claim_type, value_type, scopes or [], status)
        return claim

    def remove_claim(self, server_id: str, claim_id: str) -> None:
        claim = self.claim(server_id, claim_id)
        _require(not claim.system, "system", "System claims cannot be deleted.")
        del self.server(server_id).claims[claim_id]

    def _fill_claim(
        self,
        server: AuthorizationServer,
        claim: Claim,
        name: str,
        value: str,
        claim_type: str,
        value_type: str,
        scopes: list[str],
        status: str,
    ) -> None:
        _require(bool(name and name.strip()), "name", "The field cannot be left blank.")
        same = [c for c in server.claims.values() if c.name == name and c.claim_type == claim_type]
        _require(
            all(c.id == claim.id for c in same),
            "name",
            "An object with this field already exists in the current organization",
        )
        _require(
            claim_type in ("RESOURCE", "IDENTITY"), "claimType", f"Invalid value: {claim_type}."
        )
        _require(
            value_type in ("EXPRESSION", "GROUPS"), "valueType", f"Invalid value: {value_type}."
        )
        _require(status in _STATUSES, "status", f"Invalid value: {status}.")
        _require(bool(value and value.strip()), "value", "The field cannot be left blank.")
        if value_type == "EXPRESSION":
            _require(
                is_supported(value),
                "value",
                f"fake Okta cannot evaluate the expression '{value}' (supported: "
                "app.clientId, app.clientName, string literals).",
            )
        unknown = [s for s in scopes if server.scope_named(s) is None]
        _require(not unknown, "conditions.scopes", f"Unknown scopes: {', '.join(unknown)}.")
        claim.name, claim.value, claim.claim_type = name, value, claim_type
        claim.value_type, claim.scopes, claim.status = value_type, list(scopes), status

    def set_claim_status(self, server_id: str, claim_id: str, status: str) -> Claim:
        claim = self.claim(server_id, claim_id)
        claim.status = status
        return claim


def _check_scope_name(name: str) -> None:
    """Okta's rule: printable ASCII but space, double quote and backslash; not starting with
    ``okta.`` or ``okta:``; not ``okta`` or ``*``."""
    _require(bool(name), "name", "The field cannot be left blank.")
    printable = all(0x21 <= ord(ch) <= 0x7E and ch not in '"\\' for ch in name)
    _require(printable, "name", "The scope name contains characters that are not allowed.")
    reserved = name in ("okta", "*") or name.startswith(("okta.", "okta:"))
    _require(not reserved, "name", "The scope name is reserved.")
