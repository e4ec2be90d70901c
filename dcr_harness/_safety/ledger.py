"""The cleanup ledger: every resource a scenario creates is recorded, then removed in reverse."""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dcr_harness._core.errors import VendorError

log = logging.getLogger("dcr_harness.cleanup")


@dataclass(frozen=True)
class Entry:
    kind: str
    id: str
    undo: Callable[[], None]


class CleanupLedger:
    """In memory, plus an append-only journal (JSON lines) written before anything else happens,
    so a run killed outright still leaves a record of what it created."""

    def __init__(self, journal: Path | None = None, run_id: str = "") -> None:
        self._entries: list[Entry] = []
        self._journal = journal
        self._run_id = run_id

    @contextmanager
    def creating(self) -> Iterator[None]:
        """Wrap a create request and its ``record``: an interrupt cannot fall between the
        resource coming into being and the ledger knowing it."""
        with _signals_deferred():
            yield

    def record(self, kind: str, id: str, undo: Callable[[], None]) -> None:
        self._entries.append(Entry(kind, id, undo))
        self._write("created", kind, id)

    def _write(self, event: str, kind: str, id: str) -> None:
        if self._journal is None:
            return
        line = {"event": event, "kind": kind, "id": id, "run": self._run_id, "at": time.time()}
        with self._journal.open("a") as journal:
            journal.write(json.dumps(line) + "\n")

    def forget(self, kind: str, id: str) -> None:
        """The resource was removed by the scenario itself."""
        self._entries = [e for e in self._entries if (e.kind, e.id) != (kind, id)]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def unwind(self) -> list[str]:
        """Remove everything in reverse order of creation; a resource already gone is fine.
        Returns one line per resource that could not be removed."""
        with _signals_deferred():
            return self._unwind()

    def _unwind(self) -> list[str]:
        failures: list[str] = []
        while self._entries:
            entry = self._entries.pop()
            try:
                entry.undo()
            except VendorError as exc:
                if exc.status != 404:
                    failures.append(f"{entry.kind} {entry.id}: {exc}")
                    self._write("left", entry.kind, entry.id)
                    continue
            except Exception as exc:  # cleanup must go on past any single failure
                failures.append(f"{entry.kind} {entry.id}: {exc}")
                self._write("left", entry.kind, entry.id)
                continue
            self._write("removed", entry.kind, entry.id)
        for line in failures:
            log.warning("left behind: %s", line)
        return failures


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """A second Ctrl-C or a SIGTERM during cleanup waits until the cleanup is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
