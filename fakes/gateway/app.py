"""The fake Kong data plane: route, run KAA when Konnect applied it, proxy to the echo.

When KAA applies: Konnect adds KAA with the API's strategy when the API is published with an
auth strategy; the route itself exists on the gateway service regardless. So a routed request
for an API that is not published, or published without an auth strategy, is proxied without
any auth, as Kong's docs put it: "All requests without a key to the Service linked to the API
are blocked if it is published with an auth strategy" (and only then).

Fault plan routes (``gateway.faults``):
- ``"proxy"``: taken first for every request, before routing (the data plane is down, slow,
  or answers 5xx itself).
- ``"upstream"``: taken after KAA admitted the request, in place of the echo (the upstream
  service fails: Kong would answer 502/503/504).

One lock serialises requests: served over HTTP (``fakes.kit.server``) each service's handler
runs on its own server thread, and the plugin caches are shared.
"""

from __future__ import annotations

import threading
import time

import httpx

from dcr_harness.fakes.gateway.control_plane import ControlPlane
from dcr_harness.fakes.gateway.errors import NO_ROUTE, GatewayError, KongError, render
from dcr_harness.fakes.gateway.kaa import Admitted, ApplicationAuth
from dcr_harness.fakes.gateway.oidc import OidcClient
from dcr_harness.fakes.gateway.sessions import Sessions
from dcr_harness.fakes.gateway.state import GatewayState, Route
from dcr_harness.fakes.gateway.upstream import application_headers, echo, forward, proxied
from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.faults import FaultPlan
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.records import Bounded

_REQUEST_ID_SEED = 3_000


class FakeGateway:
    """A Kong data plane serving the routes of Konnect APIs; ``handle`` is its HTTP surface."""

    def __init__(
        self,
        url: str = "http://gateway.harness.test:8000",
        *,
        control_plane: ControlPlane,
        http: httpx.Client,
        clock: Clock | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.faults = FaultPlan()
        self.requests: Bounded[httpx.Request] = Bounded()
        self.upstream_requests: Bounded[httpx.Request] = Bounded()
        self.notices: Bounded[str] = Bounded()
        self._control_plane = control_plane
        self._clock = clock if clock is not None else Clock()
        self._state = GatewayState()
        self._ids = IdFactory(_REQUEST_ID_SEED)
        self._sessions = Sessions(self._clock)
        self._auth = ApplicationAuth(
            control_plane, OidcClient(http, self._clock, self._state), self._sessions
        )
        self._lock = threading.RLock()  # served, each service on its own thread (kit.server)

    def seed_route(self, path: str, api_id: str) -> Route:
        """A route (a path prefix such as ``/orders``) to the service implementing ``api_id``."""
        if not path.startswith("/"):
            raise ValueError(f"a route path starts with '/': {path!r}")
        route = Route(id=self._ids.uuid(), path=path, api_id=api_id)
        self._state.add_route(route)
        return route

    @property
    def match_credential_claim(self) -> bool:
        """False (default): KAA ``v2-strategies``, Kong 3.6+, which DCR strategies need; the
        Basic client_id alone names the app. True: legacy KAA, the minted token's credential
        claim must name the same client (see ``fakes.gateway.kaa``). Survives ``reset``."""
        return self._auth.match_credential_claim

    @match_credential_claim.setter
    def match_credential_claim(self, value: bool) -> None:
        self._auth.match_credential_claim = value

    @property
    def routes(self) -> list[Route]:
        return list(self._state.routes.values())

    def reset(self) -> None:
        """No routes, every cache emptied, faults and logs cleared, request ids reseeded."""
        self._state.clear()
        self._sessions.clear()
        self.faults.clear()
        self.requests.clear()
        self.upstream_requests.clear()
        self.notices.clear()
        self._ids.reset()

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            return self._handle(request)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        request_id = self._ids.uuid().replace("-", "")
        fault = self.faults.take("proxy")
        if fault is not None:
            return fault.as_response()
        try:
            return self._proxy(request, request_id)
        except GatewayError as error:
            self.notices.append(f"{request.method} {request.url.path}: {error.reason}")
            return render(error, request_id)

    def _proxy(self, request: httpx.Request, request_id: str) -> httpx.Response:
        route = self._match(request.url.path)
        if route is None:
            raise KongError(404, NO_ROUTE)
        admitted = self._admit(request, route)
        extra = dict(admitted.set_headers)
        if admitted.application is not None:
            extra.update(application_headers(admitted.application))
        upstream_request = forward(
            request,
            route,
            request_id,
            set_headers=extra,
            drop_headers=admitted.drop_headers,
            drop_query=admitted.drop_query,
        )
        fault = self.faults.take("upstream")
        if fault is not None:
            return fault.as_response()
        self.upstream_requests.append(upstream_request)
        answer = proxied(echo(upstream_request), request_id)
        if admitted.set_cookie is not None:
            answer.headers["Set-Cookie"] = admitted.set_cookie
        return answer

    def _match(self, path: str) -> Route | None:
        """The longest matching route: seeded ones, and those the control plane has synced."""
        synced = [
            Route(id=route_id, path=prefix, api_id=api_id, strip_path=strip)
            for route_id, prefix, api_id, strip in self._control_plane.synced_routes(
                time.monotonic()
            )
        ]
        candidates = [r for r in [*self._state.routes.values(), *synced] if path.startswith(r.path)]
        return max(candidates, key=lambda r: len(r.path), default=None)

    def _admit(self, request: httpx.Request, route: Route) -> Admitted:
        if not self._control_plane.is_published(route.api_id):
            return Admitted(None)
        config = self._control_plane.auth_config_for_api(route.api_id)
        if config is None:
            return Admitted(None)
        return self._auth.admit(request, route.api_id, config)
