"""A live run on a tenant that holds a team's own setup (its DCR provider, its auth strategy,
its API published with them): the run works on resources of its own, changes nothing of the
team's, leaves the tenant exactly as it found it, and runs side by side with other runs."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.command import dcr_harness
from tests.live.conftest import BIN, Served, created_count, start_served, stop_served

TEAM_SETUP = "konnect: {reuse_existing: true}\n"  # serve seeds the team's provider and strategy


@pytest.fixture(scope="module")
def team_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    setup = tmp_path_factory.mktemp("team") / "team.yaml"
    setup.write_text(TEAM_SETUP)
    running = start_served("--config", str(setup))
    yield running
    stop_served(running)


@pytest.fixture
def run_config(team_tenant: Served, tmp_path: Path) -> str:
    """The served live configuration, as a run of the harness's own would use it."""
    config = yaml.safe_load(Path(team_tenant.info["config"]).read_text())
    config["konnect"]["reuse_existing"] = False
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


def _team_publication(tenant: Served) -> list[Any]:
    with tenant.konnect() as konnect:
        portal = konnect.get("/v3/portals").json()["data"][0]["id"]
        apis = konnect.get("/v3/apis").json()["data"]
        team = [a for a in apis if not a["name"].startswith("dcrh-")]
        return [konnect.get(f"/v3/apis/{a['id']}/publications/{portal}").json() for a in team]


class Watcher(threading.Thread):
    """Polls the team's publication while runs go on; records every distinct answer."""

    def __init__(self, tenant: Served) -> None:
        super().__init__(daemon=True)
        self._tenant = tenant
        self.seen: list[list[Any]] = [_team_publication(tenant)]
        self.polls = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            current = _team_publication(self._tenant)
            self.polls += 1
            if current != self.seen[-1]:
                self.seen.append(current)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)


def _run(
    tenant: Served, config: str, run_id: str, reports: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "dcr-harness"),
            "run",
            "-q",
            "--config",
            config,
            "--run-id",
            run_id,
            "--reports",
            str(reports),
        ],
        env=tenant.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_team_setup_is_there_and_published(team_tenant: Served) -> None:
    (publication,) = _team_publication(team_tenant)
    assert publication["auth_strategy_ids"], publication


def test_a_live_run_never_changes_the_teams_publication_and_leaves_the_tenant_as_it_was(
    team_tenant: Served, run_config: str, tmp_path: Path
) -> None:
    before = team_tenant.tenant()
    watcher = Watcher(team_tenant)
    watcher.start()
    try:  # in this interpreter: the watcher is what runs beside it
        result = dcr_harness(
            tmp_path,
            *("run", "-q", "--config", run_config, "--run-id", "watched-1"),
            *("--reports", str(tmp_path)),
            env=team_tenant.info["env"],
        )
    finally:
        watcher.stop()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert watcher.polls > 10
    assert len(watcher.seen) == 1, f"the team's publication changed: {watcher.seen}"
    assert team_tenant.tenant() == before


def test_three_concurrent_runs_all_pass_and_leave_nothing_behind(
    team_tenant: Served, run_config: str, tmp_path: Path
) -> None:
    before = team_tenant.tenant()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(
            pool.map(
                lambda n: _run(team_tenant, run_config, f"pipeline-{n}", tmp_path / str(n)),
                range(3),
            )
        )
    for result in results:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert team_tenant.tenant() == before


def test_the_served_announcement_carries_no_exported_secret(tmp_path: Path) -> None:
    exported = {
        "OKTA_API_TOKEN": "00exportedOktaTokenFromCiSecretStore000000",
        "OKTA_DCR_TOKEN": "00exportedDcrTokenFromCiSecretStore0000000",
        "KONNECT_PAT": "kpat_exportedPatFromTheCiSecretStore0000000",
        "DEVPORTAL_PASSWORD": "exported-portal-password-1",
    }
    process = subprocess.Popen(
        [str(BIN / "dcr-harness"), "serve"],
        env={**os.environ, **exported},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        for value in exported.values():
            assert value not in line
        info = json.loads(line)
        refused = httpx.get(
            f"{info['okta']['org_url']}/api/v1/authorizationServers",
            headers={"Authorization": f"SSWS {exported['OKTA_API_TOKEN']}"},
        )
        assert refused.status_code == 401
    finally:
        process.terminate()
        process.communicate(timeout=15)


@pytest.mark.parametrize("after_creations", [1, 3, 6, 10])
def test_after_a_sigkill_sweep_run_leaves_the_tenant_exactly_as_before(
    team_tenant: Served, run_config: str, tmp_path: Path, after_creations: int
) -> None:
    before = team_tenant.tenant()
    run_id = f"killed-{after_creations}"
    run = subprocess.Popen(
        [
            str(BIN / "dcr-harness"),
            "run",
            "-q",
            "--config",
            run_config,
            "--run-id",
            run_id,
            "--reports",
            str(tmp_path),
        ],
        env=team_tenant.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while created_count(tmp_path) < after_creations and run.poll() is None:
        assert time.monotonic() < deadline, "the run created too little to be killed mid-way"
        time.sleep(0.002)
    run.kill()
    run.wait(timeout=30)
    assert team_tenant.leftovers(f"dcrh-{run_id}-"), "the kill left nothing to sweep"
    swept = dcr_harness(
        tmp_path, "sweep", "--config", run_config, "--run", run_id, env=team_tenant.info["env"]
    )
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert team_tenant.tenant() == before, swept.stdout
