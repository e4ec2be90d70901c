"""Section 2's baseline: the stack's floor. A pytest-bdd suite of the packaged suite's shape
(as many scenarios, each with as many steps) whose steps do nothing, run by pytest with the
plugins and the reports of ``dcr-harness run`` (Allure results, JUnit XML, self-contained
HTML) and without the harness. What it takes is what pytest, pytest-bdd and the report
plugins cost before the harness does anything: ``dcr-harness run`` cannot take less.

Every step is matched by one definition, so the floor's step lookup is cheaper than any real
step library's; the floor is a lower bound, not a like-for-like peer.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.suite import SuiteRun, run_measured
from dcr_harness._entry.suite import UNUSED_PLUGINS

# the plugins ``dcr-harness run`` switches off, and the harness itself
_OFF = ("dcr_harness", *UNUSED_PLUGINS)
_STEPS = """from pytest_bdd import parsers, scenarios, step

scenarios("features")


@step(parsers.parse("step {number:d} of the scenario"))
def _nothing(number: int) -> None:
    pass
"""


def packaged_shape() -> list[int]:
    """The number of steps of each scenario the packaged suite runs (an outline's once per
    example row)."""
    from pytest_bdd.parser import FeatureParser

    import dcr_harness

    features = Path(dcr_harness.__file__).resolve().parent / "features"
    shape: list[int] = []
    for path in sorted(features.rglob("*.feature")):
        feature = FeatureParser(str(path.parent), path.name).parse()
        for scenario in feature.scenarios.values():
            rows = sum(len(examples.examples) for examples in scenario.examples)
            shape += [len(scenario.steps)] * max(rows, 1)
    return shape


def write_floor_suite(folder: Path, shape: list[int]) -> None:
    lines = ["Feature: The stack's floor", ""]
    for number, steps in enumerate(shape, 1):
        lines.append(f"  Scenario: Scenario {number}")
        for step in range(1, steps + 1):
            keyword = "Given" if step == 1 else "And"
            lines.append(f"    {keyword} step {step} of the scenario")
        lines.append("")
    (folder / "features").mkdir()
    (folder / "features" / "floor.feature").write_text("\n".join(lines))
    (folder / "test_floor.py").write_text(_STEPS)


def run_floor(folder: Path) -> SuiteRun:
    """One run of the floor suite written in ``folder``, as ``dcr-harness run`` reports."""
    with tempfile.TemporaryDirectory(prefix="dcr-bench-floor-") as scratch:
        reports = Path(scratch) / "reports"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *(f"-pno:{plugin}" for plugin in _OFF),
            f"--alluredir={reports / 'allure-results'}",
            "--clean-alluredir",
            f"--junitxml={reports / 'junit.xml'}",
            f"--html={reports / 'report.html'}",
            "--self-contained-html",
        ]
        return run_measured(command, folder, Path(scratch), reports / "junit.xml")
