"""A live run interrupted mid-scenario leaves nothing behind: SIGINT and SIGTERM unwind the
ledger; after SIGKILL, ``dcr-harness sweep`` removes what the journal says was left."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.live.conftest import BIN, Served

WAIT = 60.0


def start_run(served: Served, reports: Path) -> subprocess.Popen[str]:
    for stale in reports.glob("ledger.jsonl"):
        stale.unlink()
    return subprocess.Popen(
        [
            str(BIN / "dcr-harness"),
            "run",
            "--config",
            served.info["config"],
            "--reports",
            str(reports),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=served.env,
    )


def journal(reports: Path) -> list[dict[str, str]]:
    path = reports / "ledger.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


def outstanding(reports: Path) -> set[tuple[str, str]]:
    events = journal(reports)
    created = {(e["kind"], e["id"]) for e in events if e["event"] == "created"}
    return created - {(e["kind"], e["id"]) for e in events if e["event"] == "removed"}


def interrupt_mid_scenario(served: Served, reports: Path, signum: int) -> bool:
    """Starts a run and signals it as soon as its journal shows a live Dev Portal application;
    False when the run ended before that could happen."""
    run = start_run(served, reports)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and run.poll() is None:
        if any(kind == "Dev Portal application" for kind, _ in outstanding(reports)):
            run.send_signal(signum)
            run.communicate(timeout=WAIT)
            return True
        time.sleep(0.001)
    run.kill()
    run.communicate(timeout=WAIT)
    return False


def interrupted(served: Served, reports: Path, signum: int) -> None:
    for _attempt in range(5):
        if interrupt_mid_scenario(served, reports, signum):
            return
    pytest.fail("could not catch the run mid-scenario in five attempts")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_an_interrupted_run_cleans_up_after_itself(
    served: Served, tmp_path: Path, signum: int
) -> None:
    interrupted(served, tmp_path, signum)
    assert served.leftovers() == []
    assert journal(tmp_path)
    assert outstanding(tmp_path) == set()


def test_the_sweep_removes_what_a_killed_run_left(served: Served, tmp_path: Path) -> None:
    left: list[str] = []
    for _attempt in range(5):  # the kill can land just after a scenario cleaned up: try again
        interrupted(served, tmp_path, signal.SIGKILL)
        left = served.leftovers()
        if left:
            break
    assert left, "no killed run left anything, so the sweep has nothing to prove"

    def sweep(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "dcr-harness"), "sweep", "--config", served.info["config"], *args],
            capture_output=True,
            text=True,
            env=served.env,
            timeout=WAIT,
            check=False,
        )

    too_young = sweep("--older-than", "1h")
    assert too_young.returncode == 0, too_young.stderr
    assert served.leftovers() == left
    dry = sweep("--older-than", "0s", "--dry-run")
    assert "would remove" in dry.stdout
    assert served.leftovers() == left
    swept = sweep("--older-than", "0s")
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert "removed DCR provider" in swept.stdout
    assert served.leftovers() == []
