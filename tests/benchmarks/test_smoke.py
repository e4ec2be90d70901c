"""The benchmark command imports and a short run of one section prints its figures. No timing
is asserted: benchmarks are figures (``python -m benchmarks``, BENCHMARKS.md), not tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from benchmarks.__main__ import main
from tests.command import dcr_harness, plain_pytest


def test_quick_run_of_the_flow_section_prints_machine_and_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick", "--only", "1"]) == 0
    out = capsys.readouterr().out
    assert "- CPU: " in out and "- Python: " in out
    assert "The how-to flow in process: median per flow" in out
    assert "The feature suite" not in out


def test_the_floor_suite_has_the_packaged_suites_shape_and_every_scenario_passes(
    tmp_path: Path,
) -> None:
    from benchmarks.floor import packaged_shape, write_floor_suite

    shape = packaged_shape()
    write_floor_suite(tmp_path, shape)
    listed = dcr_harness(tmp_path, "run", "--co", "-q")
    scenarios = [line for line in listed.stdout.splitlines() if "::" in line]
    assert len(shape) == len(scenarios) and sum(shape) > 4 * len(shape)
    floor = plain_pytest(
        tmp_path, "-q", "-p", "no:cacheprovider", "-pno:dcr_harness", "--junitxml=floor.xml"
    )
    assert floor.returncode == 0
    cases = ET.parse(tmp_path / "floor.xml").getroot().iter("testcase")
    assert sum(1 for case in cases if not list(case)) == len(shape)
    steps = (tmp_path / "features" / "floor.feature").read_text().count(" of the scenario")
    assert steps == sum(shape)
