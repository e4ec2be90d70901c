"""Fake Okta's resources as plain, mutable dataclasses (no HTTP, no JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dcr_harness.fakes.okta.keys import KeyRing

SYSTEM_SCOPES: tuple[tuple[str, str], ...] = (
    ("openid", "Signals that a request is an OpenID request."),
    ("profile", "Allows access to the end user's default profile claims."),
    ("email", "Allows access to the end user's email address."),
    ("address", "Allows access to the end user's address."),
    ("phone", "Allows access to the end user's phone number."),
    ("offline_access", "Allows access to request a refresh token."),
    ("device_sso", "Allows access to request a device secret."),
)
"""Okta-created scopes of every custom authorization server (all OIDC-related)."""

SUB_CLAIM_EXPRESSION = "(appuser != null) ? appuser.userName : app.clientId"


@dataclass
class Scope:
    id: str
    name: str
    description: str | None = None
    display_name: str | None = None
    consent: str = "IMPLICIT"
    default: bool = False
    metadata_publish: str = "NO_CLIENTS"
    optional: bool = False
    system: bool = False


@dataclass
class Claim:
    id: str
    name: str
    value: str
    claim_type: str = "RESOURCE"
    value_type: str = "EXPRESSION"
    scopes: list[str] = field(default_factory=list)
    status: str = "ACTIVE"
    always_include_in_token: bool = True
    system: bool = False
    group_filter_type: str | None = None


@dataclass
class Rule:
    id: str
    policy_id: str
    name: str
    grant_types: list[str]
    scopes: list[str]
    lifetime_minutes: int = 60
    refresh_lifetime_minutes: int = 0
    refresh_window_minutes: int = 10080
    priority: int = 1
    status: str = "ACTIVE"
    groups: list[str] = field(default_factory=lambda: ["EVERYONE"])
    users: list[str] = field(default_factory=list)
    system: bool = False
    created: str = ""
    last_updated: str = ""


@dataclass
class Policy:
    id: str
    name: str
    description: str
    clients: list[str]
    priority: int = 1
    status: str = "ACTIVE"
    system: bool = False
    created: str = ""
    last_updated: str = ""
    rules: dict[str, Rule] = field(default_factory=dict)


@dataclass
class AuthorizationServer:
    id: str
    name: str
    description: str
    audiences: list[str]
    issuer: str
    status: str = "ACTIVE"
    issuer_mode: str = "ORG_URL"
    created: str = ""
    last_updated: str = ""
    keys: KeyRing = field(default_factory=KeyRing)
    scopes: dict[str, Scope] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)

    def scope_named(self, name: str) -> Scope | None:
        return next((s for s in self.scopes.values() if s.name == name), None)


@dataclass
class ClientSecret:
    """One of an app's client secrets (``/api/v1/apps/{id}/credentials/secrets``)."""

    id: str
    value: str
    created: str
    last_updated: str
    status: str = "ACTIVE"


@dataclass
class OAuthClient:
    """A DCR client and its ``/api/v1/apps`` twin (one object: ``client_id`` is the app id).

    ``secrets`` are all its client secrets, oldest first; ``client_secret`` is the first one,
    the secret DCR returns and ``newSecret`` replaces. Any ACTIVE secret authenticates."""

    client_id: str
    client_name: str
    application_type: str
    grant_types: list[str]
    response_types: list[str]
    redirect_uris: list[str]
    token_endpoint_auth_method: str
    issued_at: int
    metadata: dict[str, Any] = field(default_factory=dict)
    status: str = "ACTIVE"
    consent_method: str = "REQUIRED"
    created: str = ""
    last_updated: str = ""
    secrets: list[ClientSecret] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.client_id

    @property
    def client_secret(self) -> str | None:
        return self.secrets[0].value if self.secrets else None

    def active_secrets(self) -> list[str]:
        return [secret.value for secret in self.secrets if secret.status == "ACTIVE"]


@dataclass
class ApiToken:
    id: str
    name: str
    value: str
    user_id: str
    created: str
    last_used: float
    last_updated: str = ""
    client_name: str = "Okta API"
    network: dict[str, Any] = field(default_factory=lambda: {"connection": "ANYWHERE"})
    read_only: bool = False


@dataclass
class IssuedToken:
    """An access token the fake minted, kept for introspection and revocation."""

    value: str
    jti: str
    server_id: str
    client_id: str
    scopes: list[str]
    claims: dict[str, Any]
    issued_at: int
    expires_at: int
    revoked: bool = False
