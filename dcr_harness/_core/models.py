"""What the vendors answer, as frozen domain objects the steps reason about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Discovery:
    issuer: str
    token_endpoint: str
    jwks_uri: str
    registration_endpoint: str | None
    scopes_supported: tuple[str, ...]


@dataclass(frozen=True)
class OktaScope:
    id: str
    name: str
    consent: str
    default: bool
    system: bool


@dataclass(frozen=True)
class OktaClaim:
    id: str
    name: str
    value: str
    value_type: str
    claim_type: str
    status: str
    scopes: tuple[str, ...]
    system: bool = False

    def included_with(self, scopes: tuple[str, ...]) -> bool:
        """An access-token claim with no scope condition is included whatever the scopes."""
        return not self.scopes or bool(set(self.scopes) & set(scopes))


@dataclass(frozen=True)
class OktaRule:
    id: str
    name: str
    status: str
    priority: int
    grant_types: tuple[str, ...]
    scopes: tuple[str, ...]

    def allows(self, grant_type: str, scopes: tuple[str, ...]) -> bool:
        covered = "*" in self.scopes or set(scopes) <= set(self.scopes)
        return self.status == "ACTIVE" and grant_type in self.grant_types and covered


@dataclass(frozen=True)
class OktaPolicy:
    id: str
    name: str
    status: str
    priority: int
    clients: tuple[str, ...]
    rules: tuple[OktaRule, ...] = ()


@dataclass(frozen=True)
class OktaApp:
    id: str
    label: str
    status: str
    sign_on_mode: str


@dataclass(frozen=True)
class OktaClient:
    """A client registered through Okta's DCR endpoint; the secret only on creation."""

    client_id: str
    client_name: str
    client_secret: str | None = field(repr=False)
    grant_types: tuple[str, ...]


@dataclass(frozen=True)
class AccessToken:
    raw: str = field(repr=False)
    token_type: str
    expires_in: int
    scope: str


@dataclass(frozen=True)
class DcrProvider:
    id: str
    name: str
    provider_type: str
    issuer: str
    dcr_config: dict[str, Any]
    active: bool


@dataclass(frozen=True)
class AuthStrategy:
    id: str
    name: str
    display_name: str
    strategy_type: str
    openid_connect: dict[str, Any]
    dcr_provider_id: str | None

    @property
    def issuer(self) -> str:
        return str(self.openid_connect.get("issuer", ""))

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(self.openid_connect.get("scopes", ()))

    @property
    def credential_claim(self) -> tuple[str, ...]:
        return tuple(self.openid_connect.get("credential_claim", ()))

    @property
    def auth_methods(self) -> tuple[str, ...]:
        return tuple(self.openid_connect.get("auth_methods", ()))

    @property
    def session_cookie_name(self) -> str:
        """The data plane's session cookie: the strategy's name for it, else Kong's default."""
        name = self.openid_connect.get("session_cookie_name")
        return name if isinstance(name, str) and name else "session"


@dataclass(frozen=True)
class KonnectApi:
    """What an application registers to: an API on a v3 portal; on a classic portal, a version
    of an API product (``id`` is the version's, ``name`` the product's)."""

    id: str
    name: str
    route: str = ""  # the data plane's path for it


@dataclass(frozen=True)
class Portal:
    id: str
    name: str


@dataclass(frozen=True)
class PortalApplication:
    id: str
    name: str
    client_id: str | None
    client_secret: str | None = field(repr=False)
    auth_strategy_id: str | None


@dataclass(frozen=True)
class Registration:
    id: str
    status: str
    api_id: str
    api_name: str = ""


@dataclass(frozen=True)
class ClientCredentials:
    """What the developer copies from the Dev Portal: shown once."""

    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class GatewayAnswer:
    status: int
    body: Any
    headers: dict[str, str]
    sent_authorization: str | None = field(default=None, repr=False)
    sent_cookie: str | None = field(default=None, repr=False)
