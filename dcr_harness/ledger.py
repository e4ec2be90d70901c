"""The cleanup ledger: every resource a scenario creates is recorded, then removed in reverse."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from dcr_harness.errors import VendorError

log = logging.getLogger("dcr_harness.cleanup")


@dataclass(frozen=True)
class Entry:
    kind: str
    id: str
    undo: Callable[[], None]


class CleanupLedger:
    def __init__(self) -> None:
        self._entries: list[Entry] = []

    def record(self, kind: str, id: str, undo: Callable[[], None]) -> None:
        self._entries.append(Entry(kind, id, undo))

    def forget(self, kind: str, id: str) -> None:
        """The resource was removed by the scenario itself."""
        self._entries = [e for e in self._entries if (e.kind, e.id) != (kind, id)]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def unwind(self) -> list[str]:
        """Remove everything in reverse order of creation; a resource already gone is fine.
        Returns one line per resource that could not be removed."""
        failures: list[str] = []
        while self._entries:
            entry = self._entries.pop()
            try:
                entry.undo()
            except VendorError as exc:
                if exc.status != 404:
                    failures.append(f"{entry.kind} {entry.id}: {exc}")
            except Exception as exc:  # cleanup must go on past any single failure
                failures.append(f"{entry.kind} {entry.id}: {exc}")
        for line in failures:
            log.warning("left behind: %s", line)
        return failures
