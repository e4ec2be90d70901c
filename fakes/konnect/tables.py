"""An entity table with one secondary index, for lookups the data plane makes on every request.

``IndexedTable`` is a mapping of entities by id, like the ``dict`` it replaces, that also keeps
the ids of its entities by the value of one attribute (an application's ``client_id``, a
registration's ``application_id``), so ``having(value)`` costs O(matches) instead of a scan of
the whole table. Every change goes through ``__setitem__``/``__delitem__`` (``pop``, ``update``,
``clear``... included), so the index cannot fall behind the table; the indexed attribute must
not change after the entity is stored (nothing in the fakes changes it).
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, MutableMapping, ValuesView
from typing import TypeVar

V = TypeVar("V")


class IndexedTable(MutableMapping[str, V]):
    def __init__(self, key: Callable[[V], str | None]) -> None:
        self._rows: dict[str, V] = {}
        self._key = key
        self._index: dict[str, dict[str, None]] = {}  # attribute value -> ids, in insertion order

    def having(self, value: str) -> list[V]:
        """The entities whose indexed attribute is ``value``, in insertion order."""
        ids = self._index.get(value)
        return [self._rows[i] for i in ids] if ids else []

    def __getitem__(self, entity_id: str) -> V:
        return self._rows[entity_id]

    def __setitem__(self, entity_id: str, entity: V) -> None:
        value = self._key(entity)
        old = self._rows.get(entity_id)
        self._rows[entity_id] = entity
        if old is None:  # appended to the table, so to the end of its index entry
            if value is not None:
                self._index.setdefault(value, {})[entity_id] = None
            return
        if self._key(old) == value:  # replaced in place, in the table as in the index
            return
        # Re-keyed in place (nothing in the fakes does it): the entity keeps its place in the
        # table, so its new index entry is rebuilt in table order.
        self._unindex(entity_id, old)
        if value is not None:
            self._index[value] = {
                i: None for i, row in self._rows.items() if self._key(row) == value
            }

    def __delitem__(self, entity_id: str) -> None:
        entity = self._rows.pop(entity_id)
        self._unindex(entity_id, entity)

    def _unindex(self, entity_id: str, entity: V) -> None:
        value = self._key(entity)
        ids = self._index.get(value) if value is not None else None
        if value is not None and ids is not None:
            ids.pop(entity_id, None)
            if not ids:
                del self._index[value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    # the plain dict's fast paths for reads
    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._rows

    def keys(self) -> KeysView[str]:
        return self._rows.keys()

    def values(self) -> ValuesView[V]:
        return self._rows.values()

    def items(self) -> ItemsView[str, V]:
        return self._rows.items()

    def clear(self) -> None:
        self._rows.clear()
        self._index.clear()

    def __repr__(self) -> str:
        return f"IndexedTable({self._rows!r})"
