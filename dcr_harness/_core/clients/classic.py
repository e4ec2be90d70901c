"""Konnect's admin API for a classic Dev Portal (v2): the portal and its settings under
``/v2/portals``, APIs as API products whose versions the portal publishes."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import KonnectApi, Portal
from dcr_harness._safety.ledger import CleanupLedger


class ClassicKonnectAdmin(KonnectAdmin):
    """``KonnectAdmin`` where the portal is classic. An API of the run's own is an API product
    with one version linked to the run's Gateway Service; ``KonnectApi.id`` is the version's
    id, what an application registers to."""

    def __init__(self, http: httpx.Client, ledger: CleanupLedger, product_version: str) -> None:
        super().__init__(http, ledger)
        self._product_version = product_version

    def portal_named(self, name: str) -> Portal:
        body = self._json("GET", "/v2/portals", params={"filter[name][eq]": name})
        matches = [p for p in body["data"] if p["name"] == name]
        if not matches:
            raise LookupError(
                f"Konnect has no classic Dev Portal named {name!r}: fix konnect.portal_name, "
                "or set konnect.portal_api to v3 if the portal is a Dev Portal v3"
            )
        return Portal(id=matches[0]["id"], name=name)

    def portal_auto_approves_applications(self, portal_id: str) -> bool:
        return bool(self._json("GET", f"/v2/portals/{portal_id}").get("auto_approve_applications"))

    def set_portal_auto_approve_applications(self, portal_id: str, value: bool) -> None:
        self._send("PATCH", f"/v2/portals/{portal_id}", json={"auto_approve_applications": value})

    def set_registration_status(
        self, portal_id: str, application_id: str, registration_id: str, status: str
    ) -> str:
        path = (
            f"/v2/portals/{portal_id}/applications/{application_id}/registrations/{registration_id}"
        )
        return str(self._json("PATCH", path, json={"status": status})["status"])

    def api_named(self, name: str) -> KonnectApi:
        products = self._json("GET", "/v2/api-products", params={"filter[name][eq]": name})
        product = next((p for p in products["data"] if p["name"] == name), None)
        if product is None:
            raise LookupError(
                f"Konnect has no API product named {name!r}: create it and link a version to "
                "the gateway service, or fix konnect.api_name in the configuration"
            )
        versions = self._json("GET", f"/v2/api-products/{product['id']}/product-versions")
        wanted = self._product_version
        version = next((v for v in versions["data"] if v["name"] == wanted), None)
        if version is None:
            raise LookupError(
                f"API product {name!r} has no version {wanted!r}: fix konnect.product_version "
                "in the configuration"
            )
        return KonnectApi(id=version["id"], name=name)

    def create_own_api(
        self, name: str, route: str, control_plane: str, upstream_url: str
    ) -> KonnectApi:
        """An API product of the run's own with a version implemented by a Gateway Service
        of its own, routed at ``route``; removed at cleanup, route and service last."""
        entities = f"/v2/control-planes/{control_plane}/core-entities"
        service = self._created(
            "Gateway Service", f"{entities}/services", {"name": name, "url": upstream_url}
        )
        self._created(
            "Gateway Route",
            f"{entities}/routes",
            {"name": name, "paths": [route], "service": {"id": service}, "strip_path": True},
        )
        product = self._created("API product", "/v2/api-products", {"name": name})
        version = self._created(
            "API product version",
            f"/v2/api-products/{product}/product-versions",
            {
                "name": self._product_version,
                "publish_status": "published",
                "gateway_service": {"control_plane_id": control_plane, "id": service},
            },
        )
        return KonnectApi(id=version, name=name, route=route)

    def publish_api(
        self, api_id: str, portal_id: str, strategy_id: str, auto_approve: bool = True
    ) -> None:
        """Publishes the run's product version on the portal with the strategy; removed at
        cleanup."""
        collection = f"/v2/portals/{portal_id}/product-versions"
        body = {
            "product_version_id": api_id,
            "auth_strategy_ids": [strategy_id],
            "publish_status": "published",
            "application_registration_enabled": True,
            "auto_approve_registration": auto_approve,
            "deprecated": False,
        }
        what = f"{api_id}@{portal_id}"
        with self._ledger.creating("product version publication", what):
            self._send("POST", collection, json=body)
            self._ledger.record(
                "product version publication",
                what,
                lambda: self.delete(f"{collection}/{api_id}"),
            )

    def publication(self, api_id: str, portal_id: str) -> dict[str, Any] | None:
        try:
            body = self._json("GET", f"/v2/portals/{portal_id}/product-versions/{api_id}")
        except VendorError as exc:
            if exc.status == 404:
                return None
            raise
        return {
            "auth_strategy_ids": [s["id"] for s in body.get("auth_strategies") or []],
            "auto_approve_registrations": body.get("auto_approve_registration"),
            "publish_status": body.get("publish_status"),
        }
