"""The Dev Portal API on the portal's own domain, as a signed-in developer: v3, or a classic
portal's v2."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.clients.base import ServiceClient
from dcr_harness._core.models import ClientCredentials, PortalApplication, Registration
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._safety.ledger import CleanupLedger


class DevPortal(ServiceClient):
    service = "Dev Portal"
    generation = "v3"

    def __init__(self, http: httpx.Client, ledger: CleanupLedger) -> None:
        super().__init__(http)
        self._ledger = ledger

    def sign_in(self, email: str, password: str) -> None:
        """Authenticates and sends the ``portalaccesstoken`` cookie with every later call. The
        cookie is set explicitly: the portal marks it Secure, which a cookie jar would withhold
        from a portal served over plain http on loopback."""
        REDACTOR.add(password)
        response = self._send(
            "POST",
            f"/api/{self.generation}/developer/authenticate",
            json={"username": email, "password": password},
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
            created = self._json("POST", f"/api/{self.generation}/applications", json=body)
            application = self._created_application(created)
            self._ledger.record(
                "Dev Portal application",
                application.id,
                lambda: self.delete_application(application.id),
            )
        return application

    def applications(self) -> list[PortalApplication]:
        items = self._json("GET", f"/api/{self.generation}/applications")["data"]
        return [_application(item) for item in items]

    def application(self, application_id: str) -> PortalApplication:
        return _application(self.application_payload(application_id))

    def application_payload(self, application_id: str) -> dict[str, Any]:
        """The raw read-back, so a step can prove the secret is absent from all of it."""
        body: dict[str, Any] = self._json("GET", self._application_path(application_id))
        return body

    def delete_application(self, application_id: str) -> None:
        self._send("DELETE", self._application_path(application_id))
        self._ledger.forget("Dev Portal application", application_id)

    def client_id_of(self, application_id: str) -> str | None:
        """The client ID the portal shows for the application, after creation."""
        client_id = self.application_payload(application_id).get("client_id")
        return str(client_id) if client_id is not None else None

    def _application_path(self, application_id: str) -> str:
        return f"/api/{self.generation}/applications/{application_id}"

    def _created_application(self, body: dict[str, Any]) -> PortalApplication:
        REDACTOR.add(body.get("client_secret"), "CLIENT_SECRET")
        return _application(body)

    def _registration(self, body: dict[str, Any]) -> Registration:
        return _registration(body)

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
        path = f"{self._application_path(application_id)}/credentials"
        body = self._json("POST", path, json={"display_name": name})
        REDACTOR.add(body.get("client_secret"), "CLIENT_SECRET")
        return body["id"], ClientCredentials(body["client_id"], body["client_secret"])

    def credential_ids(self, application_id: str) -> list[str]:
        body = self._json("GET", f"{self._application_path(application_id)}/credentials")
        return [item["id"] for item in body.get("data", [])]

    def remove_credential(self, application_id: str, credential_id: str) -> None:
        path = f"{self._application_path(application_id)}/credentials/{credential_id}"
        self._send("DELETE", path)

    def registrations(self, application_id: str) -> list[Registration]:
        body = self._json("GET", f"{self._application_path(application_id)}/registrations")
        return [self._registration(item) for item in body.get("data", [])]

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


class ClassicDevPortal(DevPortal):
    """A classic Dev Portal (API v2): the same developer's work, with the classic shapes. The
    create answer nests the credential, registrations name a product version, and the secret
    is rotated by ``refresh-token``."""

    generation = "v2"

    def auth_strategies(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self._json("GET", "/api/v2/applications/auth-strategies")[
            "data"
        ]
        return items

    def regenerate_secret(self, application_id: str) -> ClientCredentials:
        body = self._json("POST", f"/api/v2/applications/{application_id}/refresh-token")
        REDACTOR.add(body.get("client_secret"), "CLIENT_SECRET")
        return ClientCredentials(body["client_id"], body["client_secret"])

    def register(self, application_id: str, api_id: str) -> Registration:
        path = f"/api/v2/applications/{application_id}/registrations"
        body = self._json("POST", path, json={"product_version_id": api_id})
        return Registration(id=body["id"], status=body["status"], api_id=api_id)

    def client_id_of(self, application_id: str) -> str | None:
        """A classic application's read-back has no client ID: its credentials list shows it."""
        body = self._json("GET", f"{self._application_path(application_id)}/credentials")
        ids = {item.get("client_id") for item in body.get("data", [])} - {None}
        return str(ids.pop()) if len(ids) == 1 else None

    def _created_application(self, body: dict[str, Any]) -> PortalApplication:
        credentials = body.get("credentials") or {}
        REDACTOR.add(credentials.get("client_secret"), "CLIENT_SECRET")
        return _application({**body, **credentials})

    def _registration(self, body: dict[str, Any]) -> Registration:
        return Registration(
            id=body["id"],
            status=body["status"],
            api_id=body.get("product_version_id", ""),
            api_name=body.get("product_name", ""),
        )
