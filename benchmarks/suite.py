"""Sections 2 and 6: the feature suite as a user runs it, ``dcr-harness run`` in a subprocess
(interpreter start, plugin loading, collection and every packaged scenario against the in-process
fakes), serially and with ``-n 2`` (pytest-xdist, a fresh fake world per worker).

Wall time is measured around the process; peak memory is the process's ``ru_maxrss`` from
``wait4`` (the largest single process: the suite, or under xdist the largest of controller and
workers). Outcomes come from each run's JUnit XML, so the serial and parallel runs are compared
scenario by scenario. Reports go to a temporary folder, never to the checkout's ``reports/``.

Bytecode: runs are "warm" (the normal case: ``__pycache__`` and pytest's rewritten-assertion
cache present; one untimed run first writes them even where ``PYTHONDONTWRITEBYTECODE`` is set)
except the one "cold" run, whose ``PYTHONPYCACHEPREFIX`` points at an empty folder with writing
disabled, so every module, the standard library's and site-packages' included, is compiled.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("dcr-harness")


@dataclass(frozen=True)
class SuiteRun:
    seconds: float
    max_rss_bytes: int
    exit_code: int
    outcomes: dict[str, str]  # scenario id -> passed, failed, error, skipped
    output_tail: list[str]  # the last lines of a run that did not exit 0

    @property
    def passed(self) -> int:
        return sum(1 for outcome in self.outcomes.values() if outcome == "passed")


def run_suite(extra: list[str], *, cold: bool = False) -> SuiteRun:
    with tempfile.TemporaryDirectory(prefix="dcr-bench-") as scratch:
        reports = Path(scratch) / "reports"
        command = [str(CLI), "run", "-q", "--reports", str(reports), *extra]
        return run_measured(command, ROOT, Path(scratch), reports / "junit.xml", cold=cold)


def run_measured(
    command: list[str], cwd: Path, scratch: Path, junit: Path, *, cold: bool = False
) -> SuiteRun:
    """``command`` run in ``cwd`` and measured; its outcomes read from the JUnit file it wrote."""
    env = dict(os.environ)
    if cold:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "no-pycache")
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    log = scratch / "output.txt"
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    process.returncode = exit_code
    outcomes = _outcomes(junit)
    tail = log.read_text(errors="replace").splitlines()[-5:] if exit_code else []
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 if sys.platform == "darwin" else 1024
    return SuiteRun(seconds, usage.ru_maxrss * scale, exit_code, outcomes, tail)


def _outcomes(junit: Path) -> dict[str, str]:
    if not junit.exists():
        return {}
    outcomes = {}
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for tag in ("failure", "error", "skipped"):
            if case.find(tag) is not None:
                outcome = {"failure": "failed"}.get(tag, tag)
        outcomes[name] = outcome
    return outcomes
