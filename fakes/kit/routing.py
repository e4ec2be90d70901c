"""Path routing for the fakes: a URL table of (method, path template) to endpoint functions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from dcr_harness.fakes.kit.faults import FaultPlan

Handler = Callable[[httpx.Request], httpx.Response]
Endpoint = Callable[..., httpx.Response]

_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    pattern: re.Pattern[str]
    endpoint: Endpoint


class Router:
    """Matches a request to a route by method and path; path parameters become keyword arguments.

    ``not_found`` and ``method_not_allowed`` render the vendor's own error body. Before an endpoint
    runs, the fault plan is asked for a queued outcome under the route's name.
    """

    def __init__(
        self,
        faults: FaultPlan,
        not_found: Handler,
        method_not_allowed: Handler,
    ) -> None:
        self._routes: list[Route] = []
        self._faults = faults
        self._not_found = not_found
        self._method_not_allowed = method_not_allowed

    def add(self, method: str, template: str, name: str, endpoint: Endpoint) -> None:
        regex = _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", template)
        self._routes.append(Route(name, method, re.compile(f"^{regex}$"), endpoint))

    def resolve(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        """The name and path parameters of the route ``dispatch`` would run for this method
        and path, or None."""
        for route in self._routes:
            match = route.pattern.match(path)
            if match is not None and route.method == method:
                return route.name, match.groupdict()
        return None

    def dispatch(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        path_matched = False
        for route in self._routes:
            match = route.pattern.match(path)
            if match is None:
                continue
            path_matched = True
            if route.method != request.method:
                continue
            fault = self._faults.take(route.name)
            if fault is not None:
                return fault.as_response()
            return route.endpoint(request, **match.groupdict())
        if path_matched:
            return self._method_not_allowed(request)
        return self._not_found(request)


def json_body(request: httpx.Request) -> Any:
    """The request's JSON body; raises ValueError when it is not JSON (callers map it to 400)."""
    raw = request.content
    if not raw:
        raise ValueError("empty body")
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
