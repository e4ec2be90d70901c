"""``dcr-harness sweep``: remove what interrupted runs left behind, found by the name prefix.

Only what carries a run's name is ever removed: a run publishes only APIs of its own, so no
publication of the tenant's own APIs is touched. Order is the reverse of creation: Dev Portal
applications (Konnect removes their Okta clients), the runs' APIs with their publications and
implementations, auth strategies, DCR providers, the runs' Gateway Routes and Services on the
control plane, then any Okta DCR client still carrying the prefix. On a classic portal
(``konnect.portal_api: v2``) the runs' API products take the APIs' place: each version is
unpublished from every classic portal before its product is removed.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from dcr_harness._core.auth import BearerAuth, SswsAuth
from dcr_harness._core.clients.classic import ClassicKonnectAdmin
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaManagement
from dcr_harness._core.errors import VendorError
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger

_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_age(text: str) -> float:
    match = _DURATION.match(text.strip())
    if match is None:
        raise ValueError(f"age {text!r} is not like 90s, 30m, 6h or 2d")
    return int(match.group(1)) * _UNIT[match.group(2)]


class Sweeper:
    def __init__(
        self,
        network: Network,
        older_than: float,
        *,
        run_id: str | None = None,
        dry_run: bool = False,
        now: Callable[[], float] = time.time,
    ) -> None:
        """``run_id`` sweeps exactly that run's leftovers, whatever their age."""
        config = network.config
        self.prefix = f"{config.name_prefix}-{run_id}-" if run_id else f"{config.name_prefix}-"
        self.cutoff = math.inf if run_id else now() - older_than
        self.dry_run = dry_run
        self.control_plane = config.konnect.control_plane
        self.classic = config.konnect.portal_api == "v2"
        self.report: list[str] = []
        http = network.client(config.konnect.api_url, auth=BearerAuth(network.secrets.konnect_pat))
        self.konnect: KonnectAdmin = (
            ClassicKonnectAdmin(http, CleanupLedger(), config.konnect.product_version)
            if self.classic
            else KonnectAdmin(http, CleanupLedger())
        )
        self.okta = OktaManagement(
            network.client(config.okta.org_url, auth=SswsAuth(network.secrets.dcr_token))
        )

    def run(self) -> list[str]:
        generation = "v2" if self.classic else "v3"
        portals = self.konnect.all_pages(f"/{generation}/portals")
        for portal in portals:
            base = f"/{generation}/portals/{portal['id']}/applications"
            for app in self._stale(self.konnect.all_pages(base)):
                self._remove(f"Dev Portal application {app['name']}", f"{base}/{app['id']}")
        if self.classic:
            self._sweep_api_products(portals)
        else:
            self._sweep_apis(portals)
        strategies = self._stale(self.konnect.all_pages("/v2/application-auth-strategies"))
        for strategy in strategies:
            path = f"/v2/application-auth-strategies/{strategy['id']}"
            self._remove(f"auth strategy {strategy['name']}", path)
        for provider in self._stale(self.konnect.all_pages("/v2/dcr-providers")):
            self._remove(f"DCR provider {provider['name']}", f"/v2/dcr-providers/{provider['id']}")
        self._sweep_gateway_entities()
        for client in self.okta.clients(self.prefix):
            issued = float(client.get("client_id_issued_at") or 0)
            if client.get("client_name", "").startswith(self.prefix) and issued <= self.cutoff:
                self._remove_client(f"Okta client {client['client_name']}", client["client_id"])
        return self.report

    def _sweep_apis(self, portals: list[dict[str, Any]]) -> None:
        for api in self._stale(self.konnect.all_pages("/v3/apis")):
            for portal in portals:
                if self.konnect.publication(api["id"], portal["id"]) is not None:
                    path = f"/v3/apis/{api['id']}/publications/{portal['id']}"
                    self._remove(f"publication of API {api['name']}", path)
            self._remove(f"API {api['name']}", f"/v3/apis/{api['id']}")

    def _sweep_api_products(self, portals: list[dict[str, Any]]) -> None:
        for product in self._stale(self.konnect.all_pages("/v2/api-products")):
            versions = self.konnect.all_pages(f"/v2/api-products/{product['id']}/product-versions")
            for version in versions:
                for portal in portals:
                    path = f"/v2/portals/{portal['id']}/product-versions/{version['id']}"
                    if self.konnect.publication(version["id"], portal["id"]) is not None:
                        self._remove(f"publication of API product {product['name']}", path)
            self._remove(f"API product {product['name']}", f"/v2/api-products/{product['id']}")

    def _sweep_gateway_entities(self) -> None:
        try:
            plane = self.konnect.control_plane_named(self.control_plane)
        except LookupError:
            return  # no control plane: a run can have left nothing there
        entities = f"/v2/control-planes/{plane}/core-entities"
        for kind in ("routes", "services"):
            for entity in self._stale(self.konnect.entities(f"{entities}/{kind}")):
                what = f"Gateway {kind[:-1].capitalize()} {entity['name']}"
                self._remove(what, f"{entities}/{kind}/{entity['id']}")

    def _stale(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            item
            for item in items
            if str(item.get("name", "")).startswith(self.prefix)
            and _epoch(item.get("created_at")) <= self.cutoff
        ]

    def _remove(self, what: str, path: str) -> None:
        self._attempt(what, lambda: self.konnect.delete(path))

    def _remove_client(self, what: str, client_id: str) -> None:
        self._attempt(what, lambda: self.okta.delete_client(client_id))

    def _attempt(self, what: str, removal: Callable[[], None]) -> None:
        if self.dry_run:
            self.report.append(f"would remove {what}")
            return
        try:
            removal()
        except VendorError as exc:
            if exc.status != 404:
                self.report.append(f"could not remove {what}: {exc}")
                return
        self.report.append(f"removed {what}")


def _epoch(stamp: Any) -> float:
    if isinstance(stamp, int | float):
        return float(stamp)  # Kong's core entities: epoch seconds
    if not isinstance(stamp, str):
        return 0.0
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
