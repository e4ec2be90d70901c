"""Bounded records: a served fake answers requests for hours, and what it keeps of them must
not grow with them."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

RECORD_LIMIT = 10_000


class Bounded(list[T]):
    """A list that keeps its most recent items: past ``limit``, the oldest tenth goes."""

    def __init__(self, limit: int = RECORD_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def append(self, item: T) -> None:
        super().append(item)
        if len(self) > self.limit:
            del self[: max(1, self.limit // 10)]
