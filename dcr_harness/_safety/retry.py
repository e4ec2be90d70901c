"""Bounded retries: 429 and 5xx answers, connection failures, vendors' rate limits.

A request that may have changed something is never retried blindly: a POST or PATCH is retried
only when the server said it did nothing (429) or the connection was never made. A connect
timeout or a dropped keep-alive connection is retried on idempotent calls only.

Rate limits: Okta sends ``X-Rate-Limit-Limit``, ``-Remaining`` and ``-Reset`` (epoch seconds);
Konnect sends ``Retry-After`` (seconds or an HTTP date) and may send ``RateLimit-Reset``
(seconds to go). A 429 waits until the reset; a success that used up the window makes the next
request to that host wait for it. Every wait is bounded by ``max_wait`` and said on stderr.
"""

from __future__ import annotations

import email.utils
import random
import sys
import time
from collections.abc import Callable

import httpx

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# nothing was sent on these; a request that may have been sent is retried only if idempotent
NEVER_SENT = (httpx.ConnectError,)
MAYBE_SENT = (httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)
RATE_LIMIT_WAITS = 3


def _to_stderr(line: str) -> None:
    print(f"dcr-harness: {line}", file=sys.stderr, flush=True)


class RetryingTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self._inner = inner
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._notice = notice or _to_stderr
        self._window_closed: dict[str, float] = {}  # host -> epoch second its window reopens

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._wait_for_window(request)
        attempt = 0
        limited = 0
        while True:
            attempt += 1
            last = attempt >= self._attempts
            try:
                response = self._inner.handle_request(request)
            except NEVER_SENT:
                if last:
                    raise
                self._sleep(self._backoff(attempt))
                continue
            except MAYBE_SENT:
                if last or request.method not in IDEMPOTENT:
                    raise
                self._sleep(self._backoff(attempt))
                continue
            self._note_window(request, response)
            if response.status_code == 429 and limited < RATE_LIMIT_WAITS:
                wait = self._rate_limit_wait(response)
                if wait is not None:
                    limited += 1
                    attempt -= 1  # waiting out a limit is not a failed attempt
                    response.close()
                    self._wait(request, wait, "answered 429")
                    continue
            if last or not self._may_retry(request, response):
                return response
            delay = self._retry_after(response) or self._backoff(attempt)
            if response.status_code == 429:
                delay = min(delay, self._max_wait)
            response.close()
            self._sleep(min(delay, self._max_delay))

    def _may_retry(self, request: httpx.Request, response: httpx.Response) -> bool:
        if response.status_code == 429:
            return True
        return response.status_code in RETRY_STATUSES and request.method in IDEMPOTENT

    def _backoff(self, attempt: int) -> float:
        """Exponential, with jitter: between half and all of the exponential delay."""
        ceiling = min(self._base_delay * 2 ** (attempt - 1), self._max_delay)
        return float(ceiling * (0.5 + self._jitter() / 2))

    def _rate_limit_wait(self, response: httpx.Response) -> float | None:
        """Seconds until the vendor's window reopens, if its answer says; None otherwise."""
        reset = response.headers.get("X-Rate-Limit-Reset")
        if reset is not None and reset.strip().isdigit():
            return max(0.0, float(reset) - self._clock()) + 1.0
        relative = response.headers.get("RateLimit-Reset")
        if relative is not None and relative.strip().isdigit():
            return float(relative)
        return self._retry_after(response)

    def _note_window(self, request: httpx.Request, response: httpx.Response) -> None:
        remaining = response.headers.get("X-Rate-Limit-Remaining")
        reset = response.headers.get("X-Rate-Limit-Reset")
        if remaining == "0" and reset is not None and reset.strip().isdigit():
            self._window_closed[request.url.host] = float(reset) + 1.0

    def _wait_for_window(self, request: httpx.Request) -> None:
        reopens = self._window_closed.pop(request.url.host, None)
        if reopens is not None and reopens > self._clock():
            self._wait(request, reopens - self._clock(), "used up its rate limit")

    def _wait(self, request: httpx.Request, seconds: float, why: str) -> None:
        if seconds > self._max_wait:
            self._notice(
                f"{request.url.host} {why}; its limit resets in {seconds:.0f}s, more than the "
                f"{self._max_wait:.0f}s the harness waits (rate_limit_wait in the setup)"
            )
            seconds = self._max_wait
        else:
            self._notice(f"{request.url.host} {why}; waiting {seconds:.0f}s for its limit to reset")
        self._sleep(seconds)

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
