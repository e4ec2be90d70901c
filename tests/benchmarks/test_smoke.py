"""The benchmark command imports and a short run of one section prints its figures. No timing
is asserted: benchmarks are figures (``python -m benchmarks``, BENCHMARKS.md), not tests."""

from __future__ import annotations

import pytest

from benchmarks.__main__ import main


def test_quick_run_of_the_flow_section_prints_machine_and_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick", "--only", "1"]) == 0
    out = capsys.readouterr().out
    assert "- CPU: " in out and "- Python: " in out
    assert "The how-to flow in process: median per flow" in out
    assert "The feature suite" not in out
