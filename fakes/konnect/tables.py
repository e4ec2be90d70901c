"""An entity table with secondary indexes, for lookups made on every request.

``IndexedTable`` is a mapping of entities by id, like the ``dict`` it replaces, that also keeps
the ids of its entities by the value of named attributes (an application's ``client_id`` or its
developer and name, a registration's ``application_id``), so ``having(value, by)`` costs
O(matches) instead of a scan of the whole table. Every change goes through ``__setitem__`` and
``__delitem__`` (``pop``, ``update``, ``clear``... included), so the indexes cannot fall behind
the table; the indexed attributes must not change after the entity is stored (nothing in the
fakes changes them).
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    ItemsView,
    Iterator,
    KeysView,
    MutableMapping,
    Sequence,
    ValuesView,
)
from typing import TypeVar

V = TypeVar("V")


class IndexedTable(MutableMapping[str, V]):
    def __init__(self, **indexes: Callable[[V], str | None]) -> None:
        self._rows: dict[str, V] = {}
        self._keys = indexes
        self._first = next(iter(indexes))
        # index name -> attribute value -> ids, in insertion order
        self._indexes: dict[str, dict[str, dict[str, None]]] = {name: {} for name in indexes}
        # (index name, value) -> the entities, made on first read after a change: a walk
        # through a list page by page reads the same entities again and again
        self._views: dict[tuple[str, str], tuple[V, ...]] = {}

    def having(self, value: str, by: str | None = None) -> Sequence[V]:
        """The entities whose attribute ``by`` (the first index by default) is ``value``, in
        insertion order."""
        name = by or self._first
        view = self._views.get((name, value))
        if view is None:
            ids = self._indexes[name].get(value) or {}
            view = self._views[(name, value)] = tuple(self._rows[i] for i in ids)
        return view

    def __getitem__(self, entity_id: str) -> V:
        return self._rows[entity_id]

    def __setitem__(self, entity_id: str, entity: V) -> None:
        old = self._rows.get(entity_id)
        self._rows[entity_id] = entity
        for name, key in self._keys.items():
            value, index = key(entity), self._indexes[name]
            for changed in {value, None if old is None else key(old)} - {None}:
                self._views.pop((name, str(changed)), None)
            if old is None:  # appended to the table, so to the end of its index entry
                if value is not None:
                    index.setdefault(value, {})[entity_id] = None
                continue
            if key(old) == value:  # replaced in place, in the table as in the index
                continue
            # Re-keyed in place: the entity keeps its place in the table, so its new index
            # entry is rebuilt in table order.
            self._unindex(name, entity_id, old)
            if value is not None:
                index[value] = {i: None for i, row in self._rows.items() if key(row) == value}

    def __delitem__(self, entity_id: str) -> None:
        entity = self._rows.pop(entity_id)
        for name in self._keys:
            self._unindex(name, entity_id, entity)

    def _unindex(self, name: str, entity_id: str, entity: V) -> None:
        value = self._keys[name](entity)
        if value is not None:
            self._views.pop((name, value), None)
        index = self._indexes[name]
        ids = index.get(value) if value is not None else None
        if value is not None and ids is not None:
            ids.pop(entity_id, None)
            if not ids:
                del index[value]

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
        self._views.clear()
        for index in self._indexes.values():
            index.clear()

    def __repr__(self) -> str:
        return f"IndexedTable({self._rows!r})"
