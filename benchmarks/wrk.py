"""wrk, the load generator outside Python: one run against one endpoint, its figures parsed.

A request is described by method, URL, headers and body; wrk sends it again and again over
``connections`` keep-alive connections (one wrk thread, so wrk takes one core of two and the
server the other, whichever server it is) and reports requests per second, the latency
distribution, and the answers that were not 2xx.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p99_ms: float
    p50_ms: float
    requests: int
    failed: int  # answers not 2xx/3xx, and socket errors

    @property
    def clean(self) -> bool:
        return self.requests > 0 and self.failed == 0


def available() -> str | None:
    return shutil.which("wrk")


def run(endpoint: Endpoint, connections: int, seconds: float) -> Load:
    with tempfile.TemporaryDirectory(prefix="dcr-wrk-") as scratch:
        script = Path(scratch) / "request.lua"
        script.write_text(_script(endpoint))
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout=5s",
            "--latency",
            "-s",
            str(script),
            endpoint.url,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=True
        )
    return parse(done.stdout)


def _script(endpoint: Endpoint) -> str:
    lines = [f"wrk.method = {json.dumps(endpoint.method)}"]
    if endpoint.body:
        lines.append(f"wrk.body = {json.dumps(endpoint.body)}")
    lines += [
        f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}"
        for name, value in endpoint.headers.items()
    ]
    return "\n".join(lines) + "\n"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse(output: str) -> Load:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    total = re.search(r"(\d+) requests in", output)
    if not (rate and p99 and p50 and total):
        raise ValueError(f"wrk printed no figures: {output[-400:]!r}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(non_2xx.group(1)) if non_2xx else 0
    if sockets:
        failed += sum(int(n) for n in sockets.groups())
    return Load(
        float(rate.group(1)), _ms(p99.group(1)), _ms(p50.group(1)), int(total.group(1)), failed
    )
