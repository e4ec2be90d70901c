"""The Kong data plane: a request to the registered route, with the credentials given."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from dcr_harness._core.clients.base import resolved_url
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import Unreachable
from dcr_harness._core.models import GatewayAnswer
from dcr_harness._core.redaction import REDACTOR

NO_ROUTE = "no Route matched with those values"
SESSION_VARIABLE = "DATA_PLANE_SESSION"


class DataPlane:
    service = "data plane"

    def __init__(
        self,
        http: httpx.Client,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._sleep = sleep
        self._clock = clock

    def wait_for_route(self, route: str, seconds: float) -> bool:
        """True once the data plane routes ``route`` (anything but Kong's 404 "no Route
        matched"); False when ``seconds`` run out."""

        def routed() -> bool:
            answer = self.call(route)
            return not (answer.status == 404 and NO_ROUTE in str(answer.body))

        return self.wait_until(routed, seconds)

    def wait_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        """True once ``condition`` holds, polling with a growing pause (the data plane takes a
        moment to apply a control-plane change); False when ``seconds`` run out."""
        deadline = self._clock() + seconds
        pause = 0.05
        while True:
            if condition():
                return True
            if self._clock() + pause > deadline:
                return False
            self._sleep(pause)
            pause = min(pause * 2, 2.0)

    def call(
        self, route: str, authorization: str | None = None, cookie: str | None = None
    ) -> GatewayAnswer:
        """One request, with only the credentials given: cookies the data plane sets are never
        sent back unless a step passes them as ``cookie`` (``name=value``)."""
        headers = {"Authorization": authorization} if authorization else {}
        if cookie:
            headers["Cookie"] = cookie
        try:
            response = self._http.get(resolved_url(self._http.base_url, route), headers=headers)
        except httpx.TransportError as exc:
            raise Unreachable(self.service, str(self._http.base_url), str(exc)) from None
        finally:
            self._http.cookies.clear()
        for set_cookie in response.headers.get_list("set-cookie"):
            # a session the data plane starts is a credential, whether or not a step uses it
            REDACTOR.add(set_cookie.split(";", 1)[0].partition("=")[2].strip(), SESSION_VARIABLE)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return GatewayAnswer(
            response.status_code, body, dict(response.headers), authorization, cookie
        )


def sync_wait(harness_config: HarnessConfig) -> float:
    """How long a control-plane change may take to reach the data plane: the setup's
    ``gateway.sync_seconds`` live; none in process, where a fake data plane sees it at once."""
    in_process = harness_config.targets.gateway == harness_config.targets.konnect == "fake"
    return 0.0 if in_process else harness_config.gateway.sync_seconds
