"""The org's clients (DCR clients and their app twins), API tokens and minted access tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.ordered import OrderedTable
from dcr_harness.fakes.okta import errors, lookup
from dcr_harness.fakes.okta.models import ApiToken, ClientSecret, IssuedToken, OAuthClient

API_TOKEN_WINDOW_SECONDS = 30 * 24 * 3600
"""API tokens expire 30 days after their last use."""
PRUNE_EVERY = 1000  # minted tokens between two sweeps of the expired ones
TOKEN_LIMIT = 5_000  # minted tokens kept at most, for a served fake under load

SECRET_METHODS = ("client_secret_basic", "client_secret_post", "client_secret_jwt")
MAX_CLIENT_SECRETS = 2  # Okta's help: "up to two client secrets" per app


class Directory:
    """Clients, API tokens and minted tokens; the base of ``OktaState``."""

    def __init__(self, ids: IdFactory, clock: Clock) -> None:
        self.ids = ids
        self.clock = clock
        self.clients: OrderedTable[OAuthClient] = OrderedTable()
        self.api_tokens: dict[str, ApiToken] = {}
        self.tokens: dict[str, IssuedToken] = {}

    def reset_directory(self) -> None:
        self.clients.clear()
        self.api_tokens.clear()
        self.tokens.clear()

    # -- clients and apps ----------------------------------------------------------------------

    def register_client(
        self,
        client_name: str,
        *,
        application_type: str = "service",
        grant_types: list[str] | None = None,
        response_types: list[str] | None = None,
        redirect_uris: list[str] | None = None,
        token_endpoint_auth_method: str = "client_secret_basic",
        metadata: dict[str, Any] | None = None,
    ) -> OAuthClient:
        """A client as DCR creates it (no validation here: ``dcr`` validates requests). A
        64-character secret is generated for secret-based auth methods."""
        now = self.clock.iso()
        client = OAuthClient(
            client_id=self.ids.okta_id("0oa"),
            client_name=client_name,
            application_type=application_type,
            grant_types=["client_credentials"] if grant_types is None else list(grant_types),
            response_types=["token"] if response_types is None else list(response_types),
            redirect_uris=list(redirect_uris or []),
            token_endpoint_auth_method=token_endpoint_auth_method,
            issued_at=int(self.clock.now()),
            metadata=dict(metadata or {}),
            created=now,
            last_updated=now,
        )
        if token_endpoint_auth_method in SECRET_METHODS:
            client.secrets.append(self._new_secret())
        self.clients[client.client_id] = client
        return client

    def client(self, client_id: str) -> OAuthClient:
        """404 E0000007 ``Resource not found: <id> (PublicClientApp)`` as in Okta's DCR docs."""
        return lookup.get(self.clients, client_id, "PublicClientApp")

    def app(self, app_id: str) -> OAuthClient:
        return lookup.get(self.clients, app_id, "Application")

    def new_client_secret(self, client_id: str) -> OAuthClient:
        """DCR's ``newSecret``: the first secret gets a new value (the others stay)."""
        client = self.client(client_id)
        if client.token_endpoint_auth_method in SECRET_METHODS:
            fresh = self._new_secret()
            if client.secrets:
                client.secrets[0] = fresh
            else:
                client.secrets.append(fresh)
        client.last_updated = self.clock.iso()
        return client

    def add_client_secret(self, app_id: str, value: str | None, status: str) -> ClientSecret:
        """One more secret; Okta keeps two at most (400 E0000001 beyond [I])."""
        app = self.app(app_id)
        if len(app.secrets) >= MAX_CLIENT_SECRETS:
            raise errors.validation_failed(
                "client_secret", f"An app can have at most {MAX_CLIENT_SECRETS} client secrets."
            )
        secret = self._new_secret(value)
        secret.status = status
        app.secrets.append(secret)
        app.last_updated = secret.created
        return secret

    def client_secret_of(self, app_id: str, secret_id: str) -> ClientSecret:
        secret = next((s for s in self.app(app_id).secrets if s.id == secret_id), None)
        if secret is None:
            raise errors.not_found(secret_id, "OAuth2ClientSecret")
        return secret

    def set_client_secret_status(self, app_id: str, secret_id: str, status: str) -> ClientSecret:
        """The last ACTIVE secret cannot be deactivated: 400 E0000001 [I]."""
        secret = self.client_secret_of(app_id, secret_id)
        only = secret.status == "ACTIVE" and len(self.app(app_id).active_secrets()) == 1
        if status == "INACTIVE" and only:
            raise errors.validation_failed(
                "status", "The only active client secret cannot be deactivated."
            )
        secret.status, secret.last_updated = status, self.clock.iso()
        return secret

    def remove_client_secret(self, app_id: str, secret_id: str) -> None:
        """Only an INACTIVE secret can be deleted: 400 E0000001 [I]."""
        secret = self.client_secret_of(app_id, secret_id)
        if secret.status == "ACTIVE":
            raise errors.validation_failed(
                "status", "An active client secret cannot be deleted; deactivate it first."
            )
        self.app(app_id).secrets.remove(secret)

    def _new_secret(self, value: str | None = None) -> ClientSecret:
        """Its id is derived from its value, so adding secrets to the model did not move the
        seeded ids of everything made after a client."""
        now = self.clock.iso()
        secret = value if value is not None else self.ids.secret(64)
        digest = hashlib.sha256(secret.encode()).hexdigest()
        return ClientSecret(id=f"ocs{digest[:17]}", value=secret, created=now, last_updated=now)

    def remove_client(self, client_id: str) -> None:
        lookup.pop(self.clients, client_id, "PublicClientApp")

    def set_app_status(self, app_id: str, status: str) -> OAuthClient:
        app = self.app(app_id)
        app.status, app.last_updated = status, self.clock.iso()
        return app

    def remove_app(self, app_id: str) -> None:
        """Only an INACTIVE app can be deleted: else 403 E0000056."""
        if self.app(app_id).status == "ACTIVE":
            raise errors.delete_app_forbidden()
        del self.clients[app_id]

    # -- API tokens ----------------------------------------------------------------------------

    def seed_api_token(self, value: str, name: str = "DCR token") -> ApiToken:
        """An API token as if created in the Admin Console (Okta's API cannot create one)."""
        now = self.clock.iso()
        token = ApiToken(
            id=self.ids.okta_id("00T"),
            name=name,
            value=value,
            user_id=self.ids.okta_id("00u"),
            created=now,
            last_used=self.clock.now(),
            last_updated=now,
        )
        self.api_tokens[token.id] = token
        return token

    def api_token(self, token_id: str) -> ApiToken:
        return lookup.get(self.api_tokens, token_id, "ApiToken")

    def authenticate_api_token(self, value: str) -> ApiToken | None:
        """The live token with this value, its 30-day window renewed; ``None`` when unknown,
        revoked or unused for 30 days."""
        now = self.clock.now()
        for token in self.api_tokens.values():
            if token.value == value:
                if now - token.last_used > API_TOKEN_WINDOW_SECONDS:
                    return None
                token.last_used = now
                return token
        return None

    def restrict_api_token(self, token_id: str, read_only: bool = True) -> ApiToken:
        """Simulate an admin without write rights: the token's POST, PUT and DELETE calls
        answer 403 E0000006 (its GETs still work)."""
        token = self.api_token(token_id)
        token.read_only = read_only
        return token

    def update_api_token(self, token_id: str, name: str, network: dict[str, Any]) -> ApiToken:
        """Okta's only API-token update: the name and the network condition."""
        token = self.api_token(token_id)
        token.name, token.network = name, dict(network)
        token.last_updated = self.clock.iso()
        return token

    def revoke_api_token(self, token_id: str) -> None:
        lookup.pop(self.api_tokens, token_id, "ApiToken")

    # -- minted access tokens ------------------------------------------------------------------

    def record_token(self, token: IssuedToken) -> None:
        """Kept for introspection and revocation until it expires: an expired token is
        inactive whether it is kept or not, so expired ones are dropped as new ones come."""
        self.tokens[token.value] = token
        if len(self.tokens) % PRUNE_EVERY == 0:
            now = token.issued_at
            for value in [v for v, t in self.tokens.items() if t.expires_at <= now]:
                del self.tokens[value]
        if len(self.tokens) > TOKEN_LIMIT:  # [I] the oldest then introspect as inactive
            for value in list(self.tokens)[: TOKEN_LIMIT // 10]:
                del self.tokens[value]

    def revoke_token(self, value: str, client_id: str) -> None:
        """Revoke a token the client owns; unknown or foreign tokens are ignored (Okta answers
        200 either way so nothing leaks)."""
        token = self.tokens.get(value)
        if token is not None and token.client_id == client_id:
            token.revoked = True
