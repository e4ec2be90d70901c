from __future__ import annotations

import time
from datetime import UTC, datetime


class Clock:
    """Time as the fakes see it: real by default, frozen and movable for token-expiry scenarios."""

    def __init__(self, frozen_at: float | None = None) -> None:
        self._frozen_at = frozen_at
        self._offset = 0.0

    def now(self) -> float:
        base = self._frozen_at if self._frozen_at is not None else time.time()
        return base + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds

    def reset(self) -> None:
        self._offset = 0.0

    def iso(self) -> str:
        """ISO-8601 with milliseconds and a Z, as both Okta and Konnect write timestamps."""
        moment = datetime.fromtimestamp(self.now(), tz=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
