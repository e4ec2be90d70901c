"""What the data plane holds in memory: its routes and the openid-connect plugin's caches.

Routes match like Kong's prefix paths (``traditional_compatible`` router): a plain string prefix
of the request path, longest prefix first, any method, any host. ``strip_path`` is Kong's
default (true): ``/orders/42`` on route ``/orders`` reaches the upstream as ``/42``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TokenKey = tuple[str, str, str, tuple[str, ...]]  # issuer, client_id, secret digest, scopes


@dataclass(frozen=True)
class Route:
    """A Kong route on the gateway service that implements one Konnect API."""

    id: str
    path: str
    api_id: str
    strip_path: bool = True

    def upstream_path(self, path: str) -> str:
        if not self.strip_path:
            return path
        rest = path[len(self.path) :]
        return rest if rest.startswith("/") else "/" + rest


@dataclass(frozen=True)
class Discovery:
    """The parts of an issuer's discovery document the plugin uses."""

    issuer: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class CachedToken:
    access_token: str
    expires_at: float


@dataclass
class GatewayState:
    routes: dict[str, Route] = field(default_factory=dict)
    discovery: dict[str, Discovery] = field(default_factory=dict)  # by configured issuer
    jwks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by jwks_uri
    tokens: dict[TokenKey, CachedToken] = field(default_factory=dict)

    def add_route(self, route: Route) -> None:
        self.routes[route.path] = route

    def match(self, path: str) -> Route | None:
        candidates = [route for route in self.routes.values() if path.startswith(route.path)]
        return max(candidates, key=lambda route: len(route.path), default=None)

    def clear(self) -> None:
        self.routes.clear()
        self.discovery.clear()
        self.jwks.clear()
        self.tokens.clear()
