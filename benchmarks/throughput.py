"""Section 5: fake Okta's token endpoint served over HTTP on 127.0.0.1 (uvicorn, as
``dcr-harness serve`` runs it) under concurrent load from a second process
(``benchmarks.load``): requests per second, latency, and every answer checked to be a 200."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from dcr_harness._core.config import HarnessConfig

ROOT = Path(__file__).resolve().parent.parent


def measure(concurrencies: tuple[int, ...], seconds: float, requests: int) -> list[dict[str, Any]]:
    from dcr_harness._entry.serve import ServedFakes

    served = ServedFakes(HarnessConfig())
    served.start()
    try:
        client = served.world.okta.state.register_client("load client")
        assert client.client_secret is not None
        server = served.config.okta.authorization_server
        url = f"{served.config.okta.org_url}/oauth2/{server}/v1/token"
        results = []
        for concurrency in concurrencies:
            command = [
                sys.executable,
                "-m",
                "benchmarks.load",
                f"--url={url}",
                f"--client-id={client.client_id}",
                f"--secret={client.client_secret}",
                f"--concurrency={concurrency}",
                f"--seconds={seconds}",
                f"--requests={requests}",
            ]
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 60, check=True
            )
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        return results
    finally:
        served.stop()
