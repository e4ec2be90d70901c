"""Section 5 reads wrk's report: rate, p50 and p99 in any unit, and every failed answer (not
2xx/3xx, and socket errors) counted, so a failing server can never pass for a fast one."""

from __future__ import annotations

import pytest

from benchmarks import wrk

REPORT = """Running 5s test @ http://127.0.0.1:40411/oauth2/default/v1/keys
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.98ms    1.47ms  31.20ms   91.24%
    Req/Sec     4.03k   300.12     4.40k    80.00%
  Latency Distribution
     50%    3.75ms
     75%    4.10ms
     90%    4.87ms
     99%   10.20ms
  20055 requests in 5.00s, 14.69MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   4011.02
Transfer/sec:      2.94MB
"""


def test_a_report_gives_rate_latencies_and_every_failure() -> None:
    load = wrk.parse(REPORT)
    assert load.requests_per_second == 4011.02 and load.requests == 20055
    assert load.p50_ms == 3.75 and load.p99_ms == 10.2
    assert load.failed == 10 and not load.clean


def test_latencies_in_microseconds_and_seconds() -> None:
    text = REPORT.replace("3.75ms", "812.00us").replace("10.20ms", "1.20s")
    load = wrk.parse(
        text.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "").replace(
            "  Non-2xx or 3xx responses: 7\n", ""
        )
    )
    assert load.p50_ms == pytest.approx(0.812) and load.p99_ms == 1200.0
    assert load.failed == 0 and load.clean


def test_a_report_without_figures_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="no figures"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_request_script_carries_method_headers_and_body() -> None:
    script = wrk._script(
        wrk.Endpoint("POST", "http://x/t", {"Authorization": 'Basic "q"'}, "a=1&b=\n")
    )
    assert 'wrk.method = "POST"' in script
    assert 'wrk.body = "a=1&b=\\n"' in script
    assert 'wrk.headers["Authorization"] = "Basic \\"q\\""' in script
