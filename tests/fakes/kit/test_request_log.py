"""A fake's request log: requests logged as built or as the factory that builds them read back
alike, in order, bounded, compared by content."""

from __future__ import annotations

import functools

import httpx

from dcr_harness.fakes.kit.records import RequestLog


def _request(n: int) -> httpx.Request:
    return httpx.Request("GET", f"http://okta.test/{n}", headers=[(b"X-N", str(n).encode())])


def test_factories_are_built_when_read_and_read_back_in_order() -> None:
    log = RequestLog()
    built: list[int] = []

    def later(n: int) -> httpx.Request:
        built.append(n)
        return _request(n)

    log.append(_request(0))
    log.log_later(functools.partial(later, 1))
    log.append(_request(2))
    assert built == [] and len(log) == 3
    assert [r.url.path for r in log] == ["/0", "/1", "/2"]
    assert [r.url.path for r in log] == ["/0", "/1", "/2"] and built == [1]  # built once
    assert log[1].headers["X-N"] == "1"


def test_the_log_is_bounded_and_compared_by_content() -> None:
    log = RequestLog(limit=10)
    for n in range(25):
        log.log_later(functools.partial(_request, n))
    assert 10 <= len(log) <= 11 and log[-1].url.path == "/24"
    log.clear()
    assert log == [] and not list(log)
