"""Every HTTP exchange the harness makes, recorded as it happens and grouped by the Gherkin
step that made it.

The record keeps what was sent and received as it was; redaction happens when an exchange is
rendered, so a secret learned later in the step (a client secret in a response) is masked too.
The requests the fakes make among themselves (Konnect's DCR calls to a fake Okta) are not the
harness's and are not recorded: against live tenants nobody sees them either.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx

# Bodies longer than this are cut in reports (a page of 50,000 apps says nothing more).
BODY_LIMIT = 16_384
OUTSIDE_STEPS = ""


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    raw_path: str  # the path and query as sent, from the request's parsed URL
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status: int | None
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes
    seconds: float
    error: str | None = None

    @property
    def target(self) -> str:
        """``POST /v3/applications``: the request line without scheme and host."""
        return f"{self.method} {self.raw_path}"


@dataclass
class ScenarioExchanges:
    """The exchanges of one scenario, by step title in the order the steps ran."""

    steps: list[tuple[str, list[Exchange]]] = field(default_factory=list)

    def of_step(self, title: str) -> list[Exchange]:
        for name, exchanges in reversed(self.steps):
            if name == title:
                return exchanges
        return []

    @property
    def count(self) -> int:
        return sum(len(exchanges) for _, exchanges in self.steps)


class ExchangeLog:
    """Where the recorder writes: the scenario being run, if any, and its current step."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scenario: ScenarioExchanges | None = None

    def start_scenario(self) -> ScenarioExchanges:
        with self._lock:
            self._scenario = ScenarioExchanges(steps=[(OUTSIDE_STEPS, [])])
            return self._scenario

    def start_step(self, title: str) -> None:
        with self._lock:
            if self._scenario is not None:
                self._scenario.steps.append((title, []))

    def end_step(self) -> None:
        """Requests after a step (a cleanup, say) belong to no step."""
        with self._lock:
            if self._scenario is not None:
                self._scenario.steps.append((OUTSIDE_STEPS, []))

    def end_scenario(self) -> None:
        with self._lock:
            self._scenario = None

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            if self._scenario is not None:
                self._scenario.steps[-1][1].append(exchange)


EXCHANGES = ExchangeLog()


class RecordingTransport(httpx.BaseTransport):
    """Passes each request on and records it with its answer (or the error that stopped it)."""

    def __init__(self, inner: httpx.BaseTransport, log: ExchangeLog = EXCHANGES) -> None:
        self._inner = inner
        self._log = log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        sent = request.read()
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError as exc:
            self._log.record(_exchange(request, sent, None, started, error=str(exc)))
            raise
        response.read()
        self._log.record(_exchange(request, sent, response, started))
        return response

    def close(self) -> None:
        self._inner.close()


def _exchange(
    request: httpx.Request,
    sent: bytes,
    response: httpx.Response | None,
    started: float,
    error: str | None = None,
) -> Exchange:
    return Exchange(
        method=request.method,
        url=str(request.url),
        raw_path=request.url.raw_path.decode("ascii", "replace"),
        request_headers=tuple(request.headers.multi_items()),
        request_body=sent,
        status=response.status_code if response is not None else None,
        response_headers=tuple(response.headers.multi_items()) if response is not None else (),
        response_body=response.content if response is not None else b"",
        seconds=time.perf_counter() - started,
        error=error,
    )
