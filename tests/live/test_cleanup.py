"""A live run interrupted mid-scenario leaves nothing behind: SIGINT and SIGTERM unwind the
ledger; after SIGKILL, ``dcr-harness sweep`` removes what the journal says was left."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.command import Result, dcr_harness
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
    gone = {(e["kind"], e["id"]) for e in events if e["event"] in ("removed", "forgotten")}
    return created - gone


def interrupt_mid_scenario(
    served: Served, reports: Path, signum: int, again_after: float | None = None
) -> subprocess.CompletedProcess[str] | None:
    """Starts a run and signals it as soon as its journal shows a live Dev Portal application
    (and once more ``again_after`` seconds later); None when the run ended before that."""
    run = start_run(served, reports)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and run.poll() is None:
        if any(kind == "Dev Portal application" for kind, _ in outstanding(reports)):
            run.send_signal(signum)
            if again_after is not None:
                time.sleep(again_after)
                run.send_signal(signum)
            out, err = run.communicate(timeout=WAIT)
            return subprocess.CompletedProcess(run.args, run.returncode, out, err)
        time.sleep(0.001)
    run.kill()
    run.communicate(timeout=WAIT)
    return None


def interrupted(
    served: Served, reports: Path, signum: int, again_after: float | None = None
) -> subprocess.CompletedProcess[str]:
    for _attempt in range(5):
        done = interrupt_mid_scenario(served, reports, signum, again_after)
        if done is not None:
            return done
    pytest.fail("could not catch the run mid-scenario in five attempts")


@pytest.mark.parametrize("again_after", [0.0, 0.05, 0.3])
def test_a_second_ctrl_c_ends_quietly_after_the_cleanup(
    served: Served, tmp_path: Path, again_after: float
) -> None:
    done = interrupted(served, tmp_path, signal.SIGINT, again_after)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr + done.stdout
    assert served.leftovers() == []
    assert outstanding(tmp_path) == set()


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

    def sweep(*args: str) -> Result:
        return dcr_harness(
            tmp_path, "sweep", "--config", served.info["config"], *args, env=served.info["env"]
        )

    (run_id,) = {event["run"] for event in journal(tmp_path)}
    too_young = sweep("--older-than", "1h")
    assert too_young.returncode == 0, too_young.stderr
    assert served.leftovers() == left
    in_progress = sweep("--older-than", "0s")
    assert in_progress.returncode == 4
    assert "what runs in progress own" in in_progress.stderr
    other = sweep("--run", "someone-elses-run")
    assert other.returncode == 0 and served.leftovers() == left
    dry = sweep("--run", run_id, "--dry-run")
    assert "would remove" in dry.stdout
    assert served.leftovers() == left
    swept = sweep("--run", run_id)
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert "removed DCR provider" in swept.stdout
    assert served.leftovers() == []
