"""Bounded retries: 429 and 5xx answers, with exponential backoff that honours Retry-After.

A request that may have changed something is never retried blindly: a POST or PATCH is retried
only when the server said it did nothing (429) or the connection was never made.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import httpx

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RetryingTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sleep = sleep
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        for attempt in range(1, self._attempts + 1):
            last = attempt == self._attempts
            try:
                response = self._inner.handle_request(request)
            except httpx.ConnectError:
                if last:
                    raise
                self._sleep(self._backoff(attempt))
                continue
            if last or not self._may_retry(request, response):
                return response
            delay = self._retry_after(response) or self._backoff(attempt)
            response.close()
            self._sleep(min(delay, self._max_delay))
        raise AssertionError("unreachable")

    def _may_retry(self, request: httpx.Request, response: httpx.Response) -> bool:
        if response.status_code == 429:
            return True
        return response.status_code in RETRY_STATUSES and request.method in IDEMPOTENT

    def _backoff(self, attempt: int) -> float:
        return float(min(self._base_delay * 2 ** (attempt - 1), self._max_delay))

    def _retry_after(self, response: httpx.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if value is None:
            return None
        if value.strip().isdigit():
            return float(value)
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, moment.timestamp() - self._clock())

    def close(self) -> None:
        self._inner.close()
