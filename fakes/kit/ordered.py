"""An insertion-ordered table that can resume iteration after any of its keys in O(1).

Okta pages its lists with a cursor: ``after`` is the id of the last item of the previous page.
A ``dict`` keeps insertion order but cannot start an iteration in the middle, so every page of
a walk through 50,000 clients scanned from the start (quadratic over the walk). This table
keeps the order in a list with each key's position; a removal leaves a hole that later
compaction closes, so every operation is O(1) amortised.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import TypeVar

V = TypeVar("V")
_HOLE = None


class OrderedTable(MutableMapping[str, V]):
    def __init__(self) -> None:
        self._rows: dict[str, V] = {}
        self._order: list[str | None] = []
        self._position: dict[str, int] = {}
        self._holes = 0

    def after(self, key: str | None) -> Iterator[V]:
        """The values after ``key`` in insertion order (all of them when ``key`` is None, none
        when the table does not hold ``key``)."""
        if key is None:
            start = 0
        elif key in self._position:
            start = self._position[key] + 1
        else:
            return
        order = self._order
        for index in range(start, len(order)):
            current = order[index]
            if current is not _HOLE:
                yield self._rows[current]

    def __getitem__(self, key: str) -> V:
        return self._rows[key]

    def __setitem__(self, key: str, value: V) -> None:
        if key not in self._rows:
            self._position[key] = len(self._order)
            self._order.append(key)
        self._rows[key] = value

    def __delitem__(self, key: str) -> None:
        del self._rows[key]
        self._order[self._position.pop(key)] = _HOLE
        self._holes += 1
        if self._holes > 64 and self._holes > len(self._rows):
            self._compact()

    def _compact(self) -> None:
        kept = [key for key in self._order if key is not None]
        self._position = {key: index for index, key in enumerate(kept)}
        self._order = list[str | None](kept)
        self._holes = 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def clear(self) -> None:
        self._rows.clear()
        self._order.clear()
        self._position.clear()
        self._holes = 0

    def __repr__(self) -> str:
        return f"OrderedTable({self._rows!r})"
