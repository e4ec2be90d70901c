"""Bounded records: a served fake answers requests for hours, and what it keeps of them must
not grow with them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import httpx

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


class RequestLog:
    """The requests a fake received, the most recent last, bounded as ``Bounded`` is. A request
    may be logged as the factory that builds it (``log_later``), built when the log is read:
    the served shortcut answers without building ``httpx`` objects, and building the request
    was a third of its cost. Reading gives ``httpx.Request`` objects only."""

    def __init__(self, limit: int = RECORD_LIMIT) -> None:
        self._entries: Bounded[httpx.Request | Callable[[], httpx.Request]] = Bounded(limit)

    def append(self, request: httpx.Request) -> None:
        self._entries.append(request)

    def log_later(self, build: Callable[[], httpx.Request]) -> None:
        self._entries.append(build)

    def clear(self) -> None:
        self._entries.clear()

    def _requests(self) -> list[httpx.Request]:
        entries = self._entries
        for index, entry in enumerate(entries):
            if not isinstance(entry, httpx.Request):
                entries[index] = entry()
        return [entry for entry in entries if isinstance(entry, httpx.Request)]

    def __iter__(self) -> Iterator[httpx.Request]:
        return iter(self._requests())

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int) -> httpx.Request:
        return self._requests()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RequestLog):
            return self._requests() == other._requests()
        return isinstance(other, list) and self._requests() == other

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content
