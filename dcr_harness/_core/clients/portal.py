"""The Dev Portal API (v3) on the portal's own domain, as a signed-in developer."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.clients.base import ServiceClient
from dcr_harness._core.models import ClientCredentials, PortalApplication, Registration
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._safety.ledger import CleanupLedger


class DevPortal(ServiceClient):
    service = "Dev Portal"

    def __init__(self, http: httpx.Client, ledger: CleanupLedger) -> None:
        super().__init__(http)
        self._ledger = ledger

    def sign_in(self, email: str, password: str) -> None:
        """Authenticates and sends the ``portalaccesstoken`` cookie with every later call. The
        cookie is set explicitly: the portal marks it Secure, which a cookie jar would withhold
        from a portal served over plain http on loopback."""
        REDACTOR.add(password)
        response = self._send(
            "POST", "/api/v3/developer/authenticate", json={"username": email, "password": password}
        )
        session = response.cookies.get("portalaccesstoken")
        if not session:
            raise RuntimeError("the Dev Portal signed the developer in without a session cookie")
        REDACTOR.add(session, "PORTAL_SESSION")
        self._http.cookies.clear()
        self._http.headers["Cookie"] = f"portalaccesstoken={session}"

    def auth_strategies(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self._json("GET", "/api/v3/application-auth-strategies")[
            "data"
        ]
        return items

    def create_application(self, name: str, auth_strategy_id: str) -> PortalApplication:
        body = {"name": name, "auth_strategy_id": auth_strategy_id}
        with self._ledger.creating("Dev Portal application", name):
            created = self._json("POST", "/api/v3/applications", json=body)
            REDACTOR.add(created.get("client_secret"), "CLIENT_SECRET")
            application = _application(created)
            self._ledger.record(
                "Dev Portal application",
                application.id,
                lambda: self.delete_application(application.id),
            )
        return application

    def applications(self) -> list[PortalApplication]:
        return [_application(item) for item in self._json("GET", "/api/v3/applications")["data"]]

    def application(self, application_id: str) -> PortalApplication:
        return _application(self._json("GET", f"/api/v3/applications/{application_id}"))

    def application_payload(self, application_id: str) -> dict[str, Any]:
        """The raw read-back, so a step can prove the secret is absent from all of it."""
        body: dict[str, Any] = self._json("GET", f"/api/v3/applications/{application_id}")
        return body

    def delete_application(self, application_id: str) -> None:
        self._send("DELETE", f"/api/v3/applications/{application_id}")
        self._ledger.forget("Dev Portal application", application_id)

    def regenerate_secret(self, application_id: str) -> ClientCredentials:
        """A new client secret, shown once; Konnect rotates it in the IdP."""
        path = f"/api/v3/applications/{application_id}/regenerate-secret"
        body = self._json("POST", path)
        REDACTOR.add(body.get("client_secret"), "CLIENT_SECRET")
        return ClientCredentials(body["client_id"], body["client_secret"])

    def add_credential(self, application_id: str, name: str) -> tuple[str, ClientCredentials]:
        """One more credential of the application: its id, and its client ID and secret, the
        secret shown once. It lives as long as the application (deleting the application
        removes its client from the IdP, credentials and all)."""
        path = f"/api/v3/applications/{application_id}/credentials"
        body = self._json("POST", path, json={"display_name": name})
        REDACTOR.add(body.get("client_secret"), "CLIENT_SECRET")
        return body["id"], ClientCredentials(body["client_id"], body["client_secret"])

    def credential_ids(self, application_id: str) -> list[str]:
        body = self._json("GET", f"/api/v3/applications/{application_id}/credentials")
        return [item["id"] for item in body.get("data", [])]

    def remove_credential(self, application_id: str, credential_id: str) -> None:
        path = f"/api/v3/applications/{application_id}/credentials/{credential_id}"
        self._send("DELETE", path)

    def registrations(self, application_id: str) -> list[Registration]:
        body = self._json("GET", f"/api/v3/applications/{application_id}/registrations")
        return [_registration(item) for item in body.get("data", [])]

    def register(self, application_id: str, api_id: str) -> Registration:
        body = self._json(
            "POST", f"/api/v3/applications/{application_id}/registrations", json={"api_id": api_id}
        )
        return Registration(id=body["id"], status=body["status"], api_id=api_id)


def _registration(body: dict[str, Any]) -> Registration:
    return Registration(
        id=body["id"],
        status=body["status"],
        api_id=body.get("api_id", ""),
        api_name=body.get("api_name", ""),
    )


def _application(body: dict[str, Any]) -> PortalApplication:
    strategy = body.get("auth_strategy") or {}
    return PortalApplication(
        id=body["id"],
        name=body["name"],
        client_id=body.get("client_id"),
        client_secret=body.get("client_secret"),
        auth_strategy_id=strategy.get("id"),
    )
