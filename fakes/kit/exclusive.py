"""The served fakes' one lock, which a pure computation can step out of.

Served over HTTP, the fakes take one re-entrant lock per request, since their state is shared
by four servers' threads and a fake may call another in-process. An RS256 signature touches no
state and takes most of a token request (the ``cryptography`` package releases the GIL while it
signs), so the key ring signs outside the lock: ``stepped_out()`` releases every exclusive lock
the calling thread holds, at every depth, and takes them back in the same order afterwards.
Outside any lock it does nothing, so in-process fakes are unaffected.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

_held = threading.local()


def _stack() -> list[Exclusive]:
    stack: list[Exclusive] | None = getattr(_held, "stack", None)
    if stack is None:
        stack = _held.stack = []
    return stack


class Exclusive:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> Exclusive:
        me = threading.get_ident()
        if self._owner != me:
            self._lock.acquire()
            self._owner = me
            _stack().append(self)
        self._depth += 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            _stack().remove(self)
            self._lock.release()

    def _leave(self) -> int:
        depth, self._depth, self._owner = self._depth, 0, None
        self._lock.release()
        return depth

    def _return(self, depth: int) -> None:
        self._lock.acquire()
        self._owner, self._depth = threading.get_ident(), depth


@contextmanager
def stepped_out() -> Iterator[None]:
    """Run the block with none of the calling thread's exclusive locks held."""
    held = list(_stack())
    depths = [lock._leave() for lock in reversed(held)]
    try:
        yield
    finally:
        for lock, depth in zip(held, reversed(depths), strict=True):
            lock._return(depth)
