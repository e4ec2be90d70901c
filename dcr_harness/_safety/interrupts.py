"""Ctrl-C and SIGTERM stop a run once: the first raises ``KeyboardInterrupt`` (so every
scenario's cleanup runs), later ones only say that the cleanup is still going on, so a second
Ctrl-C can neither cut the cleanup short nor end in a traceback. SIGKILL remains, and
``dcr-harness sweep --run`` cleans up after it."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

_interrupted = threading.Event()
HANDLED = (signal.SIGINT, signal.SIGTERM)


def stop_once(signum: int, frame: FrameType | None) -> None:
    if _interrupted.is_set():
        print(
            "dcr-harness: still removing what the run created; it stops when that is done "
            "(SIGKILL stops it at once: then run dcr-harness sweep --run <run id>)",
            file=sys.stderr,
            flush=True,
        )
        return
    _interrupted.set()
    raise KeyboardInterrupt(f"signal {signum}")


def arm() -> None:
    """Route SIGINT and SIGTERM through ``stop_once`` (main thread only, as Python requires)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        if signal.getsignal(signum) is not stop_once:
            signal.signal(signum, stop_once)
