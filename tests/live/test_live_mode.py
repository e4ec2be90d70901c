"""Live mode end to end: the feature suite against ``dcr-harness serve`` in its own process."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx
import yaml

from tests.command import dcr_harness
from tests.live.conftest import Served, run_harness, start_served, stop_served


def test_serve_announces_everything_a_sandbox_user_needs(served: Served) -> None:
    info = served.info
    for service, keys in {
        "okta": ("org_url", "issuer", "api_token"),
        "konnect": ("api_url", "pat", "portal_url"),
        "gateway": ("url",),
    }.items():
        for key in keys:
            assert info[service][key], f"{service}.{key} missing"
    config = yaml.safe_load(Path(info["config"]).read_text())
    assert config["targets"] == {"okta": "live", "konnect": "live", "gateway": "live"}
    discovery = httpx.get(f"{info['okta']['issuer']}/.well-known/openid-configuration").json()
    assert discovery["issuer"] == info["okta"]["issuer"]


def test_the_whole_suite_passes_in_live_mode_against_the_served_fakes(
    served: Served, tmp_path: Path
) -> None:
    result = run_harness(served, "--reports", str(tmp_path), "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    assert served.leftovers() == []


def test_on_a_portal_that_waits_for_approval_every_scenario_runs_live(
    served: Served, tmp_path: Path
) -> None:
    """The approval scenarios skip on a portal that approves by itself (a run never changes
    a team's portal); with its admin's setting changed before the run, all 35 run live."""
    with served.konnect() as konnect:
        portal = konnect.get("/v3/portals").json()["data"][0]
        path = f"/v3/portals/{portal['id']}"
        konnect.patch(path, json={"auto_approve_applications": False}).raise_for_status()
        try:
            result = run_harness(served, "--reports", str(tmp_path), "-q")
        finally:
            konnect.patch(path, json={"auto_approve_applications": True}).raise_for_status()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "35 passed" in result.stdout
    assert served.leftovers() == []


def test_mixed_targets_live_okta_with_fake_konnect_and_data_plane(
    served: Served, tmp_path: Path
) -> None:
    okta = served.info["okta"]
    config = tmp_path / "mixed.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "targets": {"okta": "live", "konnect": "fake", "gateway": "fake"},
                "okta": {"org_url": okta["org_url"]},
            }
        )
    )
    before = len(
        httpx.get(
            f"{okta['org_url']}/oauth2/v1/clients",
            headers={"Authorization": f"SSWS {okta['api_token']}"},
        ).json()
    )
    result = run_harness(served, "--reports", str(tmp_path), config=str(config))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "okta=live konnect=fake gateway=fake" in result.stdout
    assert served.leftovers() == []
    after = len(
        httpx.get(
            f"{okta['org_url']}/oauth2/v1/clients",
            headers={"Authorization": f"SSWS {okta['api_token']}"},
        ).json()
    )
    assert after == before


def test_serve_stops_cleanly_on_sigint() -> None:
    running = start_served()
    assert stop_served(running, signal.SIGINT) == 0


def test_an_unreachable_live_host_is_one_line_and_exit_4(served: Served, tmp_path: Path) -> None:
    config = tmp_path / "down.yaml"
    config.write_text("targets: {gateway: live}\ngateway: {url: 'http://127.0.0.1:9'}\n")
    result = run_harness(served, config=str(config))
    assert result.returncode == 4
    assert result.stderr.strip().count("\n") == 0
    assert "the data plane at http://127.0.0.1:9 is unreachable" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_rejects_a_port_in_use(served: Served) -> None:
    port = served.info["okta"]["org_url"].rsplit(":", 1)[1]
    result = subprocess.run(
        [
            str(Path(__import__("sys").executable).parent / "dcr-harness"),
            "serve",
            "--okta-port",
            port,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 4
    assert "cannot listen on 127.0.0.1" in result.stderr


def test_the_doctor_checks_a_live_setup(served: Served, tmp_path: Path) -> None:
    result = dcr_harness(
        tmp_path, "doctor", "--config", served.info["config"], env=served.info["env"]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(okta=live konnect=live gateway=live)" in result.stdout
    assert "All checks pass." in result.stdout
    assert served.leftovers() == []
