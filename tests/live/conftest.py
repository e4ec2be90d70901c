from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.command import Result, dcr_harness

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Served:
    """``dcr-harness serve`` running in its own process, and what it announced."""

    process: subprocess.Popen[str]
    info: dict[str, Any]

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **self.info["env"]}

    def konnect(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.info['konnect']['pat']}"}
        return httpx.Client(base_url=self.info["konnect"]["api_url"], headers=headers)

    def okta(self) -> httpx.Client:
        headers = {"Authorization": f"SSWS {self.info['okta']['api_token']}"}
        return httpx.Client(base_url=self.info["okta"]["org_url"], headers=headers)

    def tenant(self) -> dict[str, Any]:
        """Everything on the served tenants, as JSON: compared before and after a run."""
        snapshot: dict[str, Any] = {}
        with self.konnect() as konnect:
            for path in ("/v2/dcr-providers", "/v2/application-auth-strategies", "/v3/apis"):
                snapshot[path] = konnect.get(path, params={"page[size]": 100}).json()["data"]
            portals = konnect.get("/v3/portals").json()["data"]
            for portal in portals:
                path = f"/v3/portals/{portal['id']}/applications"
                snapshot[path] = konnect.get(path).json()["data"]
                for api in snapshot["/v3/apis"]:
                    path = f"/v3/apis/{api['id']}/publications/{portal['id']}"
                    answer = konnect.get(path)
                    snapshot[path] = answer.json() if answer.status_code == 200 else None
            for plane in konnect.get("/v2/control-planes").json()["data"]:
                for kind in ("services", "routes"):
                    path = f"/v2/control-planes/{plane['id']}/core-entities/{kind}"
                    snapshot[path] = konnect.get(path).json()["data"]
        with self.okta() as okta:
            snapshot["okta clients"] = okta.get("/oauth2/v1/clients", params={"limit": 200}).json()
            snapshot["okta apps"] = okta.get("/api/v1/apps", params={"limit": 200}).json()
        return snapshot

    def leftovers(self, prefix: str = "dcrh-") -> list[str]:
        """Every resource on the served tenants whose name carries the prefix."""
        found: list[str] = []
        with self.konnect() as konnect:
            for path in ("/v2/dcr-providers", "/v2/application-auth-strategies"):
                body = konnect.get(path, params={"page[size]": 100}).json()
                found += [
                    f"{path} {i['name']}" for i in body["data"] if i["name"].startswith(prefix)
                ]
            for portal in konnect.get("/v3/portals").json()["data"]:
                apps = konnect.get(f"/v3/portals/{portal['id']}/applications").json()["data"]
                found += [f"app {a['name']}" for a in apps if a["name"].startswith(prefix)]
            apis = konnect.get("/v3/apis", params={"page[size]": 100}).json()["data"]
            found += [f"api {a['name']}" for a in apis if a["name"].startswith(prefix)]
            for plane in konnect.get("/v2/control-planes").json()["data"]:
                entities = f"/v2/control-planes/{plane['id']}/core-entities"
                for kind in ("services", "routes"):
                    items = konnect.get(f"{entities}/{kind}").json()["data"]
                    found += [f"{kind} {i['name']}" for i in items if i["name"].startswith(prefix)]
        with self.okta() as okta:
            clients = okta.get("/oauth2/v1/clients", params={"limit": 200}).json()
            found += [
                f"okta {c['client_name']}" for c in clients if c["client_name"].startswith(prefix)
            ]
        return found


def created_count(reports: Path) -> int:
    """How many creations a run's cleanup journal (in ``reports``) has recorded so far."""
    journal = reports / "ledger.jsonl"
    if not journal.exists():
        return 0
    return sum('"event": "created"' in line for line in journal.read_text().splitlines())


# A new route still reaches the served data plane late, so every run waits for it as on a real
# tenant, but after one poll (50 ms) instead of the default's three (350 ms, 6 s of a run).
SYNC_DELAY = "0.05"


def start_served(*extra: str) -> Served:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OKTA_", "KONNECT_"))}
    process = subprocess.Popen(
        [str(BIN / "dcr-harness"), "serve", "--sync-delay", SYNC_DELAY, *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        process.communicate()
        raise AssertionError(
            f"serve announced nothing: {process.stderr.read() if process.stderr else ''}"
        )
    return Served(process, json.loads(line))


def stop_served(served: Served, signum: int = signal.SIGTERM) -> int:
    served.process.send_signal(signum)
    served.process.communicate(timeout=15)
    return served.process.returncode


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    running = start_served()
    yield running
    stop_served(running)


def run_harness(served: Served, *args: str, config: str | None = None) -> Result:
    """``dcr-harness run`` against the served tenants, in this interpreter (the fakes are out
    of it, in ``serve``'s process, as a team's tenants are)."""
    command = ("run", "--config", config or served.info["config"], *args)
    return dcr_harness(Path.cwd(), *command, env=served.info["env"])
