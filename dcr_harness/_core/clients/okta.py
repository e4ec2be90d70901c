"""Okta: the Management API and DCR (with the API token) and an authorization server's
protocol endpoints (discovery, keys, token)."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.clients.base import ServiceClient
from dcr_harness._core.models import (
    AccessToken,
    Discovery,
    OktaApp,
    OktaClaim,
    OktaClient,
    OktaPolicy,
    OktaRule,
    OktaScope,
)
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._safety.ledger import CleanupLedger


class OktaManagement(ServiceClient):
    """Calls authenticated with ``SSWS <API token>``: the http client carries the auth."""

    service = "Okta"

    def __init__(self, http: httpx.Client, ledger: CleanupLedger | None = None) -> None:
        super().__init__(http)
        self._ledger = ledger

    def authorization_server(self, server_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self._json("GET", f"/api/v1/authorizationServers/{server_id}")
        return body

    def scopes(self, server_id: str) -> list[OktaScope]:
        items = self._json("GET", f"/api/v1/authorizationServers/{server_id}/scopes")
        return [
            OktaScope(
                id=s["id"],
                name=s["name"],
                consent=s.get("consent", "IMPLICIT"),
                default=bool(s.get("default", False)),
                system=bool(s.get("system", False)),
            )
            for s in items
        ]

    def claims(self, server_id: str) -> list[OktaClaim]:
        items = self._json("GET", f"/api/v1/authorizationServers/{server_id}/claims")
        return [
            OktaClaim(
                id=c["id"],
                name=c["name"],
                value=c.get("value", ""),
                value_type=c.get("valueType", ""),
                claim_type=c.get("claimType", ""),
                status=c.get("status", ""),
                scopes=tuple((c.get("conditions") or {}).get("scopes") or ()),
                system=bool(c.get("system", False)),
            )
            for c in items
        ]

    def policies(self, server_id: str) -> list[OktaPolicy]:
        base = f"/api/v1/authorizationServers/{server_id}/policies"
        policies = []
        for p in self._json("GET", base):
            rules = tuple(
                OktaRule(
                    id=r["id"],
                    name=r["name"],
                    status=r.get("status", ""),
                    priority=int(r.get("priority", 0)),
                    grant_types=tuple(r["conditions"]["grantTypes"]["include"]),
                    scopes=tuple(r["conditions"]["scopes"]["include"]),
                )
                for r in self._json("GET", f"{base}/{p['id']}/rules")
            )
            policies.append(
                OktaPolicy(
                    id=p["id"],
                    name=p["name"],
                    status=p.get("status", ""),
                    priority=int(p.get("priority", 0)),
                    clients=tuple(p["conditions"]["clients"]["include"]),
                    rules=tuple(sorted(rules, key=lambda r: r.priority)),
                )
            )
        return sorted(policies, key=lambda p: p.priority)

    def app(self, app_id: str) -> OktaApp:
        a = self._json("GET", f"/api/v1/apps/{app_id}")
        return OktaApp(
            id=a["id"], label=a.get("label", ""), status=a["status"], sign_on_mode=a["signOnMode"]
        )

    def apps(self, query: str | None = None) -> list[OktaApp]:
        params = {"q": query} if query else None
        return [
            OktaApp(
                id=a["id"],
                label=a.get("label", ""),
                status=a["status"],
                sign_on_mode=a.get("signOnMode", ""),
            )
            for a in self._json("GET", "/api/v1/apps", params=params)
        ]

    def register_client(self, client_name: str) -> OktaClient:
        """Registers a service client through DCR, as Konnect does, and records its removal."""
        body = {
            "client_name": client_name,
            "application_type": "service",
            "grant_types": ["client_credentials"],
            "response_types": ["token"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
        if self._ledger is None:
            return self._client(self._json("POST", "/oauth2/v1/clients", json=body))
        with self._ledger.creating("Okta client", client_name):
            client = self._client(self._json("POST", "/oauth2/v1/clients", json=body))
            self._ledger.record(
                "Okta client", client.client_id, lambda: self.delete_client(client.client_id)
            )
        return client

    def _client(self, created: dict[str, Any]) -> OktaClient:
        REDACTOR.add(created.get("client_secret"), "CLIENT_SECRET")
        client = OktaClient(
            client_id=created["client_id"],
            client_name=created["client_name"],
            client_secret=created.get("client_secret"),
            grant_types=tuple(created.get("grant_types", ())),
        )
        return client

    def clients(self, name_prefix: str) -> list[dict[str, Any]]:
        """DCR clients whose name starts with the prefix, following Okta's Link pagination."""
        found: list[dict[str, Any]] = []
        response = self._send("GET", "/oauth2/v1/clients", params={"q": name_prefix, "limit": 200})
        while True:
            found.extend(response.json())
            following = response.links.get("next", {}).get("url")
            if not following:
                return found
            response = self._send("GET", following)

    def delete_client(self, client_id: str) -> None:
        self._send("DELETE", f"/oauth2/v1/clients/{client_id}")


class OktaAuthorizationServer(ServiceClient):
    """An authorization server's public protocol endpoints, addressed by its issuer URL."""

    service = "Okta authorization server"

    def discovery(self, issuer: str) -> Discovery:
        doc = self._json("GET", f"{issuer.rstrip('/')}/.well-known/oauth-authorization-server")
        return Discovery(
            issuer=doc["issuer"],
            token_endpoint=doc["token_endpoint"],
            jwks_uri=doc["jwks_uri"],
            registration_endpoint=doc.get("registration_endpoint"),
            scopes_supported=tuple(doc.get("scopes_supported", ())),
        )

    def jwks(self, jwks_uri: str) -> dict[str, Any]:
        keys: dict[str, Any] = self._json("GET", jwks_uri)
        return keys

    def client_credentials(
        self, token_endpoint: str, client_id: str, client_secret: str, scopes: tuple[str, ...]
    ) -> AccessToken:
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        body = self._json(
            "POST",
            token_endpoint,
            data=form,
            auth=(client_id, client_secret),
            headers={"Accept": "application/json"},
        )
        REDACTOR.add(body["access_token"], "ACCESS_TOKEN")
        return AccessToken(
            raw=body["access_token"],
            token_type=body["token_type"],
            expires_in=int(body["expires_in"]),
            scope=body.get("scope", ""),
        )
