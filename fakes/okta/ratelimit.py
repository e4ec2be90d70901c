"""Okta's rate limit headers and 429 E0000047 for the Management surface (``/api/v1/**`` and
DCR). One bucket per minute for the whole org [I] (Okta keeps one bucket per endpoint family)."""

from __future__ import annotations

from dataclasses import dataclass

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.okta import errors

DEFAULT_LIMIT = 600


@dataclass
class RateLimiter:
    """``limit`` requests per ``window`` seconds (windows aligned on the clock); ``configure``
    lowers or raises it, ``reset`` restores the default."""

    clock: Clock
    limit: int = DEFAULT_LIMIT
    window: int = 60
    _window_start: int = -1
    _used: int = 0

    def configure(self, limit: int, window: int = 60) -> None:
        self.limit, self.window = limit, window
        self._window_start, self._used = -1, 0

    def reset(self) -> None:
        self.configure(DEFAULT_LIMIT)

    def take(self) -> dict[str, str]:
        """The headers for this request; raises 429 E0000047 (with the headers) when the window
        is used up."""
        now = int(self.clock.now())
        start = now - now % self.window
        if start != self._window_start:
            self._window_start, self._used = start, 0
        exceeded = self._used >= self.limit
        if not exceeded:
            self._used += 1
        headers = {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(max(self.limit - self._used, 0)),
            "X-Rate-Limit-Reset": str(start + self.window),
        }
        if exceeded:
            raise errors.rate_limited(headers)
        return headers
