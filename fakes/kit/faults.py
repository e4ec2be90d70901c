from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Fault:
    """One queued outcome for a route: a vendor-shaped error answer, or a dropped connection."""

    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    connection_error: bool = False

    def as_response(self) -> httpx.Response:
        if self.connection_error:
            raise httpx.ConnectError("fault plan: connection dropped")
        if self.body is None:
            return httpx.Response(self.status, headers=self.headers)
        return httpx.Response(self.status, json=self.body, headers=self.headers)


class FaultPlan:
    """Per-route queues of faults; a route answers normally once its queue is empty."""

    def __init__(self) -> None:
        self._queues: defaultdict[str, deque[Fault]] = defaultdict(deque)

    def add(self, route: str, fault: Fault, times: int = 1) -> None:
        self._queues[route].extend([fault] * times)

    def pending(self, route: str) -> bool:
        """Whether a fault waits for this route."""
        return bool(self._queues.get(route))

    def take(self, route: str) -> Fault | None:
        queue = self._queues.get(route)
        return queue.popleft() if queue else None

    def clear(self) -> None:
        self._queues.clear()
