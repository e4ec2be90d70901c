"""The served fakes' lock: re-entrant, and a pure computation steps out of it at every depth
while another thread goes on; outside the lock, stepping out changes nothing."""

from __future__ import annotations

import threading

from dcr_harness.fakes.kit.exclusive import Exclusive, stepped_out


def test_another_thread_goes_on_while_the_holder_has_stepped_out() -> None:
    lock = Exclusive()
    inside = threading.Event()
    other_done = threading.Event()

    def other() -> None:
        inside.wait(5)
        with lock:
            other_done.set()

    worker = threading.Thread(target=other)
    worker.start()
    with lock, lock:  # held twice, as a fake calling another in-process holds it
        with stepped_out():
            inside.set()
            assert other_done.wait(5), "the other thread could not take the lock"
        assert not lock._lock.acquire(blocking=False), "the lock was not taken back"
    worker.join(5)
    assert lock._lock.acquire(blocking=False), "the lock was not released at the end"


def test_outside_any_lock_stepping_out_does_nothing() -> None:
    with stepped_out():
        pass
    lock = Exclusive()
    with lock:
        pass
    with stepped_out():
        assert lock._lock.acquire(blocking=False)
