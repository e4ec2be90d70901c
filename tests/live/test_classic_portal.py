"""A classic Dev Portal (v2), live: ``dcr-harness serve --portal-api v2`` with a team's setup
on it (its API product's version published with its strategy). The feature suite passes
against it with runs of their own, side by side, and with the team's setup only read; the
tenant is left as it was; ``sweep`` clears what a killed run left."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.command import dcr_harness
from tests.live.conftest import BIN, Served, created_count, start_served, stop_served


@pytest.fixture(scope="module")
def classic_tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    setup = tmp_path_factory.mktemp("classic") / "team.yaml"
    setup.write_text("konnect: {reuse_existing: true}\n")
    running = start_served("--portal-api", "v2", "--config", str(setup))
    yield running
    stop_served(running)


def _config(tenant: Served, tmp_path: Path, *, reuse_existing: bool) -> str:
    config = yaml.safe_load(Path(tenant.info["config"]).read_text())
    assert config["konnect"]["portal_api"] == "v2"
    config["konnect"]["reuse_existing"] = reuse_existing
    path = tmp_path / f"run-{reuse_existing}.yaml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


def classic_tenant_state(tenant: Served) -> dict[str, Any]:
    """Everything a run could touch on the classic tenant, as JSON."""
    snapshot: dict[str, Any] = {}
    with tenant.konnect() as konnect:
        for path in ("/v2/dcr-providers", "/v2/application-auth-strategies", "/v2/api-products"):
            snapshot[path] = konnect.get(path, params={"page[size]": 100}).json()["data"]
        for product in snapshot["/v2/api-products"]:
            path = f"/v2/api-products/{product['id']}/product-versions"
            snapshot[path] = konnect.get(path).json()["data"]
        for portal in konnect.get("/v2/portals").json()["data"]:
            for kind in ("applications", "product-versions"):
                path = f"/v2/portals/{portal['id']}/{kind}"
                snapshot[path] = konnect.get(path, params={"page[size]": 100}).json()["data"]
        for plane in konnect.get("/v2/control-planes").json()["data"]:
            for kind in ("services", "routes"):
                path = f"/v2/control-planes/{plane['id']}/core-entities/{kind}"
                snapshot[path] = konnect.get(path).json()["data"]
    with tenant.okta() as okta:
        snapshot["okta clients"] = okta.get("/oauth2/v1/clients", params={"limit": 200}).json()
    return snapshot


def _run(tenant: Served, config: str, run_id: str, reports: Path) -> subprocess.Popen[str]:
    command = [str(BIN / "dcr-harness"), "run", "-q", "--config", config, "--run-id", run_id]
    return subprocess.Popen(
        [*command, "--reports", str(reports)],
        env=tenant.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _passed(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output[-4000:]
    return output


def _passed_here(tenant: Served, config: str, run_id: str, reports: Path) -> str:
    """A run alone, in this interpreter: its output, once it has passed."""
    result = dcr_harness(
        reports,
        *("run", "-q", "--config", config, "--run-id", run_id, "--reports", str(reports)),
        env=tenant.info["env"],
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout + result.stderr


def test_the_served_portal_is_classic_and_the_team_version_is_published(
    classic_tenant: Served,
) -> None:
    with classic_tenant.konnect() as konnect:
        assert konnect.get("/v3/portals").json()["data"] == []
        (portal,) = konnect.get("/v2/portals").json()["data"]
        (published,) = konnect.get(f"/v2/portals/{portal['id']}/product-versions").json()["data"]
    assert published["auth_strategies"] and published["publish_status"] == "published"


def test_runs_of_their_own_pass_side_by_side_and_leave_the_tenant_as_it_was(
    classic_tenant: Served, tmp_path: Path
) -> None:
    before = classic_tenant_state(classic_tenant)
    config = _config(classic_tenant, tmp_path, reuse_existing=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [_run(classic_tenant, config, f"classic-{n}", tmp_path / str(n)) for n in range(2)]
        outputs = list(pool.map(_passed, runs))
    # the three approval scenarios skip: the team's portal approves applications by itself,
    # and a run never changes a team's portal
    assert all("32 passed, 3 skipped" in output for output in outputs), outputs
    assert classic_tenant_state(classic_tenant) == before


def test_a_run_on_the_teams_own_setup_only_reads_it(classic_tenant: Served, tmp_path: Path) -> None:
    before = classic_tenant_state(classic_tenant)
    config = _config(classic_tenant, tmp_path, reuse_existing=True)
    output = _passed_here(classic_tenant, config, "classic-team", tmp_path)
    assert " passed" in output and "failed" not in output, output[-2000:]
    assert classic_tenant_state(classic_tenant) == before


@pytest.mark.parametrize("after_creations", [2, 7])
def test_after_a_sigkill_sweep_leaves_the_classic_tenant_exactly_as_before(
    classic_tenant: Served, tmp_path: Path, after_creations: int
) -> None:
    """Killed just after its journal records a creation (mid-publication with 7: service,
    route, product, version ...), the run's leftovers are swept to the last one."""
    before = classic_tenant_state(classic_tenant)
    config = _config(classic_tenant, tmp_path, reuse_existing=False)
    run_id = f"classickill{after_creations}"
    run = _run(classic_tenant, config, run_id, tmp_path)
    deadline = time.monotonic() + 60
    while created_count(tmp_path) < after_creations and run.poll() is None:
        assert time.monotonic() < deadline, "the run created too little to be killed mid-way"
        time.sleep(0.002)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    assert classic_tenant_state(classic_tenant) != before, "the kill left nothing to sweep"
    sweep = dcr_harness(
        tmp_path, "sweep", "--config", config, "--run", run_id, env=classic_tenant.info["env"]
    )
    assert sweep.returncode == 0, sweep.stdout + sweep.stderr
    assert classic_tenant_state(classic_tenant) == before, sweep.stdout


def test_on_a_portal_that_waits_for_approval_every_scenario_runs(
    classic_tenant: Served, tmp_path: Path
) -> None:
    """With the portal approving nothing by itself (its admin's choice, made here before the
    run), the approval scenarios run too: all 35, live, on the classic portal."""
    with classic_tenant.konnect() as konnect:
        (portal,) = konnect.get("/v2/portals").json()["data"]
        path = f"/v2/portals/{portal['id']}"
        konnect.patch(path, json={"auto_approve_applications": False}).raise_for_status()
        try:
            config = _config(classic_tenant, tmp_path, reuse_existing=False)
            output = _passed_here(classic_tenant, config, "classic-approval", tmp_path)
        finally:
            konnect.patch(path, json={"auto_approve_applications": True}).raise_for_status()
    assert "35 passed" in output, output[-2000:]
