"""Konnect's regional admin API: DCR providers, application auth strategies, APIs of the run's
own (with their Gateway Service and Route on a control plane) and their publication."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.clients.base import ServiceClient
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import AuthStrategy, DcrProvider, KonnectApi, Portal
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._safety.ledger import CleanupLedger


class KonnectAdmin(ServiceClient):
    """Calls authenticated with ``Authorization: Bearer <PAT>``: the http client carries it."""

    service = "Konnect"

    def __init__(self, http: httpx.Client, ledger: CleanupLedger) -> None:
        super().__init__(http)
        self._ledger = ledger

    def create_dcr_provider(
        self, name: str, provider_type: str, issuer: str, dcr_token: str
    ) -> DcrProvider:
        REDACTOR.add(dcr_token)
        body = {
            "name": name,
            "provider_type": provider_type,
            "issuer": issuer,
            "dcr_config": {"dcr_token": dcr_token},
        }
        with self._ledger.creating("DCR provider", name):
            provider = _provider(self._json("POST", "/v2/dcr-providers", json=body))
            self._ledger.record(
                "DCR provider", provider.id, lambda: self.delete_dcr_provider(provider.id)
            )
        return provider

    def dcr_provider(self, provider_id: str) -> DcrProvider:
        return _provider(self._json("GET", f"/v2/dcr-providers/{provider_id}"))

    def dcr_providers(self, name: str | None = None) -> list[DcrProvider]:
        params = {"filter[name][eq]": name} if name else None
        body = self._json("GET", "/v2/dcr-providers", params=params)
        return [_provider(item) for item in body["data"]]

    def dcr_provider_texts(self, provider_id: str) -> list[str]:
        """The raw answers that show the provider: alone and in the list."""
        return [
            self._send("GET", f"/v2/dcr-providers/{provider_id}").text,
            self._send("GET", "/v2/dcr-providers").text,
        ]

    def delete_dcr_provider(self, provider_id: str) -> None:
        self._send("DELETE", f"/v2/dcr-providers/{provider_id}")

    def verify_dcr_provider(self, provider_id: str) -> tuple[str, list[str]]:
        body = self._json("POST", f"/v2/dcr-providers/{provider_id}/verify")
        return str(body.get("status")), [str(e) for e in body.get("errors", [])]

    def create_auth_strategy(
        self,
        name: str,
        display_name: str,
        strategy_type: str,
        openid_connect: dict[str, Any],
        dcr_provider_id: str | None,
    ) -> AuthStrategy:
        body: dict[str, Any] = {
            "name": name,
            "display_name": display_name,
            "strategy_type": strategy_type,
            "configs": {"openid-connect": openid_connect},
        }
        if dcr_provider_id is not None:
            body["dcr_provider_id"] = dcr_provider_id
        with self._ledger.creating("auth strategy", name):
            strategy = _strategy(self._json("POST", "/v2/application-auth-strategies", json=body))
            self._ledger.record(
                "auth strategy", strategy.id, lambda: self.delete_auth_strategy(strategy.id)
            )
        return strategy

    def auth_strategy(self, strategy_id: str) -> AuthStrategy:
        return _strategy(self._json("GET", f"/v2/application-auth-strategies/{strategy_id}"))

    def portal_auto_approves_applications(self, portal_id: str) -> bool:
        body = self._json("GET", f"/v3/portals/{portal_id}")
        return bool(body.get("auto_approve_applications"))

    def set_portal_auto_approve_applications(self, portal_id: str, value: bool) -> None:
        self._send("PATCH", f"/v3/portals/{portal_id}", json={"auto_approve_applications": value})

    def set_registration_status(
        self, portal_id: str, application_id: str, registration_id: str, status: str
    ) -> str:
        """An admin's decision on a registration (approved, pending, revoked, rejected);
        returns the status Konnect reads back."""
        path = (
            f"/v3/portals/{portal_id}/applications/{application_id}/registrations/{registration_id}"
        )
        return str(self._json("PATCH", path, json={"status": status})["status"])

    def set_auth_methods(self, strategy_id: str, methods: list[str]) -> AuthStrategy:
        """PATCHes the strategy's ``auth_methods``, the rest of its config unchanged."""
        body = {"configs": {"openid-connect": {"auth_methods": methods}}}
        path = f"/v2/application-auth-strategies/{strategy_id}"
        return _strategy(self._json("PATCH", path, json=body))

    def delete_auth_strategy(self, strategy_id: str) -> None:
        self._send("DELETE", f"/v2/application-auth-strategies/{strategy_id}")

    def api_named(self, name: str) -> KonnectApi:
        body = self._json("GET", "/v3/apis", params={"filter[name][eq]": name})
        matches = [a for a in body["data"] if a["name"] == name]
        if not matches:
            raise LookupError(
                f"Konnect has no API named {name!r}: create it in the API catalog and link it "
                "to the gateway service, or fix konnect.api_name in the configuration"
            )
        return KonnectApi(id=matches[0]["id"], name=name)

    def portal_named(self, name: str) -> Portal:
        body = self._json("GET", "/v3/portals")
        matches = [p for p in body["data"] if p["name"] == name]
        if not matches:
            raise LookupError(
                f"Konnect has no Dev Portal v3 named {name!r}: fix konnect.portal_name, or set "
                "konnect.portal_api to v2 if the portal is a classic Dev Portal"
            )
        return Portal(id=matches[0]["id"], name=name)

    def portal_generations_named(self, name: str) -> list[str]:
        """The generations (``v3``, ``v2``) that have a portal of this name: read-only, for a
        diagnosis; a generation the organisation cannot list counts as none."""
        found = []
        for generation in ("v3", "v2"):
            try:
                body = self._json(
                    "GET", f"/{generation}/portals", params={"filter[name][eq]": name}
                )
            except VendorError:
                continue
            if any(p.get("name") == name for p in body.get("data", [])):
                found.append(generation)
        return found

    def control_plane_named(self, name: str) -> str:
        body = self._json("GET", "/v2/control-planes", params={"filter[name][eq]": name})
        matches = [cp["id"] for cp in body["data"] if cp["name"] == name]
        if not matches:
            raise LookupError(
                f"Konnect has no control plane named {name!r}: fix konnect.control_plane in "
                "the configuration"
            )
        return str(matches[0])

    def create_own_api(
        self, name: str, route: str, control_plane: str, upstream_url: str
    ) -> KonnectApi:
        """An API of the run's own, implemented by a Gateway Service of its own on the control
        plane, routed at ``route``: nothing of the tenant's is touched, and every piece is
        removed at cleanup (route and service last, after the API lets go of them)."""
        entities = f"/v2/control-planes/{control_plane}/core-entities"
        service = self._created(
            "Gateway Service",
            f"{entities}/services",
            {"name": name, "url": upstream_url},
        )
        self._created(
            "Gateway Route",
            f"{entities}/routes",
            {"name": name, "paths": [route], "service": {"id": service}, "strip_path": True},
        )
        api = self._created("API", "/v3/apis", {"name": name})
        self._created(
            "API implementation",
            f"/v3/apis/{api}/implementations",
            {"service": {"control_plane_id": control_plane, "id": service}},
        )
        return KonnectApi(id=api, name=name, route=route)

    def _created(self, kind: str, collection: str, body: dict[str, Any]) -> str:
        with self._ledger.creating(kind, str(body.get("name", collection))):
            made = str(self._json("POST", collection, json=body)["id"])
            self._ledger.record(kind, made, lambda: self.delete(f"{collection}/{made}"))
        return made

    def publish_api(
        self, api_id: str, portal_id: str, strategy_id: str, auto_approve: bool = True
    ) -> None:
        """Publishes an API of the run's own with the strategy; removed at cleanup."""
        path = f"/v3/apis/{api_id}/publications/{portal_id}"
        body = {
            "auth_strategy_ids": [strategy_id],
            "auto_approve_registrations": auto_approve,
            "visibility": "public",
        }
        with self._ledger.creating("API publication", f"{api_id}@{portal_id}"):
            self._send("PUT", path, json=body)
            self._ledger.record(
                "API publication", f"{api_id}@{portal_id}", lambda: self.delete(path)
            )

    def publication(self, api_id: str, portal_id: str) -> dict[str, Any] | None:
        """The publication's writable settings, or None when the API is not published there."""
        try:
            body = self._json("GET", f"/v3/apis/{api_id}/publications/{portal_id}")
        except VendorError as exc:
            if exc.status == 404:
                return None
            raise
        keys = ("auth_strategy_ids", "auto_approve_registrations", "visibility")
        return {key: body[key] for key in keys if key in body}

    def auth_strategies(self, name: str | None = None) -> list[AuthStrategy]:
        params = {"filter[name][eq]": name} if name else None
        body = self._json("GET", "/v2/application-auth-strategies", params=params)
        return [_strategy(item) for item in body["data"]]

    def all_pages(self, path: str) -> list[dict[str, Any]]:
        """Every item of a Konnect list, page by page."""
        items: list[dict[str, Any]] = []
        number = 1
        while True:
            body = self._json("GET", path, params={"page[size]": 100, "page[number]": number})
            items.extend(body["data"])
            total = body.get("meta", {}).get("page", {}).get("total", len(items))
            if not body["data"] or len(items) >= total:
                return items
            number += 1

    def entities(self, path: str) -> list[dict[str, Any]]:
        """Every item of a list of Kong core entities (``data`` and an ``offset`` cursor)."""
        items: list[dict[str, Any]] = []
        params: dict[str, Any] = {"size": 1000}
        while True:
            body = self._json("GET", path, params=params)
            items.extend(body["data"])
            if not body.get("offset"):
                return items
            params = {"size": 1000, "offset": body["offset"]}

    def delete(self, path: str) -> None:
        self._send("DELETE", path)


def _provider(body: dict[str, Any]) -> DcrProvider:
    return DcrProvider(
        id=body["id"],
        name=body["name"],
        provider_type=body["provider_type"],
        issuer=body["issuer"],
        dcr_config=dict(body.get("dcr_config") or {}),
        active=bool(body.get("active", False)),
    )


def _strategy(body: dict[str, Any]) -> AuthStrategy:
    configs = body.get("configs") or {}
    provider = body.get("dcr_provider") or {}
    return AuthStrategy(
        id=body["id"],
        name=body["name"],
        display_name=body.get("display_name", ""),
        strategy_type=body["strategy_type"],
        openid_connect=dict(configs.get("openid-connect") or {}),
        dcr_provider_id=provider.get("id"),
    )
