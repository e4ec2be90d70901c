"""Section 7: ``dcr-harness serve`` under load at full speed for a long while (10 minutes by
default): the served process's resident memory and the token endpoint's p99, interval by
interval. The served fakes keep bounded records, so memory must level off: the figure is the
last interval's RSS as a ratio of the first's (target at most 1.2)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("dcr-harness")


@dataclass(frozen=True)
class Interval:
    requests: int
    failures: int
    rss_mib: float
    p99_ms: float


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _client(info: dict[str, object]) -> tuple[str, str]:
    okta = info["okta"]
    assert isinstance(okta, dict)
    answer = httpx.post(
        f"{okta['org_url']}/oauth2/v1/clients",
        headers={"Authorization": f"SSWS {okta['dcr_token']}"},
        json={
            "client_name": "soak client",
            "application_type": "service",
            "grant_types": ["client_credentials"],
            "response_types": ["token"],
            "token_endpoint_auth_method": "client_secret_basic",
        },
    )
    answer.raise_for_status()
    body = answer.json()
    return str(body["client_id"]), str(body["client_secret"])


def measure(seconds: float, intervals: int, concurrency: int = 8) -> list[Interval]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OKTA_", "KONNECT_"))}
    serve = subprocess.Popen([str(CLI), "serve"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert serve.stdout is not None
        info = json.loads(serve.stdout.readline())
        client_id, secret = _client(info)
        url = f"{info['okta']['issuer']}/v1/token"
        results = []
        for _ in range(intervals):
            command = [
                sys.executable,
                "-m",
                "benchmarks.load",
                f"--url={url}",
                f"--client-id={client_id}",
                f"--secret={secret}",
                f"--concurrency={concurrency}",
                f"--seconds={seconds / intervals}",
                "--requests=100000000",
            ]
            done = subprocess.run(
                command,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=seconds / intervals + 60,
                check=True,
            )
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(
                Interval(
                    requests=int(figures["requests"]),
                    failures=int(figures["non_200"]) + int(figures["transport_errors"]),
                    rss_mib=_rss_mib(serve.pid),
                    p99_ms=float(figures["p99_latency"] or 0.0) * 1000,
                )
            )
        return results
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.communicate(timeout=30)
