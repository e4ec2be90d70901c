"""What the data plane receives from Konnect: the contract between fake Konnect and fake gateway.

Real Konnect pushes, per published API, the konnect-application-auth config (the strategy's
``configs["openid-connect"]``) and ``konnect_applications`` entities to the data plane. The fake
gateway reads the same facts through this protocol; fake Konnect's state implements it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class ApiAuthConfig:
    """Application auth on one published API: the strategy and its openid-connect config."""

    strategy_id: str
    strategy_type: str  # "openid_connect" or "key_auth"
    openid_connect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DataPlaneApplication:
    """A ``konnect_applications`` entity as the data plane sees it."""

    application_id: str
    client_id: str
    auth_strategy_id: str
    approved_api_ids: frozenset[str]
    exhausted_api_ids: frozenset[str]
    developer_id: str | None
    portal_id: str
    org_id: str


class ControlPlane(Protocol):
    def auth_config_for_api(self, api_id: str) -> ApiAuthConfig | None:
        """The auth of the API's publication, or None when the API is published without one."""

    def is_published(self, api_id: str) -> bool: ...

    def application_by_client_id(self, client_id: str) -> DataPlaneApplication | None: ...

    def synced_routes(self, now: float) -> list[tuple[str, str, str, bool]]:
        """``(route id, path, api id, strip_path)`` of the control plane's routes that have
        reached the data plane by ``now`` (monotonic seconds)."""
