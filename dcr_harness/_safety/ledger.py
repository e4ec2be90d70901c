"""The cleanup ledger: every resource a scenario creates is recorded, then removed in reverse."""

from __future__ import annotations

import json
import logging
import os
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
    """In memory, plus an append-only journal (JSON lines, each line flushed to the system at
    once, so a killed run's journal is whole; and fsynced when ``durable``, so it outlives the
    machine too: what matters when the resources are on a live tenant, not in-process fakes).

    Before each create the journal says what is about to be made (``intent``, with the name
    it will carry on the tenant); after it, ``created`` with the id, or ``abandoned`` when the
    create failed. Removals are ``removed``, ``left`` or, when the scenario removed the
    resource itself, ``forgotten``. A run killed between a create and its record therefore
    still leaves the name, which ``dcr-harness sweep --run`` finds on the tenant."""

    def __init__(
        self, journal: Path | None = None, run_id: str = "", *, durable: bool = True
    ) -> None:
        self._entries: list[Entry] = []
        self._journal = _Journal(journal, durable) if journal is not None else None
        self._run_id = run_id

    @contextmanager
    def creating(self, kind: str, name: str) -> Iterator[None]:
        """Wrap a create request and its ``record``: the intent is journaled first, and an
        interrupt cannot fall between the resource coming into being and the ledger knowing
        it."""
        self._write("intent", kind, "", name=name)
        recorded = len(self._entries)
        with _signals_deferred():
            try:
                yield
            finally:
                if len(self._entries) == recorded:
                    self._write("abandoned", kind, "", name=name)

    def record(self, kind: str, id: str, undo: Callable[[], None]) -> None:
        self._entries.append(Entry(kind, id, undo))
        self._write("created", kind, id)

    def _write(self, event: str, kind: str, id: str, name: str = "") -> None:
        if self._journal is None:
            return
        line = {"event": event, "kind": kind, "id": id, "run": self._run_id, "at": time.time()}
        if name:
            line["name"] = name
        self._journal.append(json.dumps(line) + "\n")

    def close(self) -> None:
        """Closes the journal file; a line written afterwards opens it again."""
        if self._journal is not None:
            self._journal.close()

    def forget(self, kind: str, id: str) -> None:
        """The resource was removed by the scenario itself."""
        self._entries = [e for e in self._entries if (e.kind, e.id) != (kind, id)]
        self._write("forgotten", kind, id)

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


class _Journal:
    """The journal file, opened at its first line and kept open until closed: each line is one
    write to the system, in append mode, so the workers of one run add whole lines side by side,
    and a line written is in the file whatever then kills the process. Opening and closing the
    file for every line cost a run of the packaged suite about 3,900 system calls of its
    32,000."""

    def __init__(self, path: Path, durable: bool) -> None:
        self._path = path
        self._durable = durable
        self._fd: int | None = None

    def append(self, line: str) -> None:
        if self._fd is None:
            self._fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        data = memoryview(line.encode())
        while data:
            data = data[os.write(self._fd, data) :]
        if self._durable:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


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
