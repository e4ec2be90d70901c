"""Canary secrets planted in a run with failing scenarios never reach its output or reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent

CANARIES = {
    "OKTA_API_TOKEN": "00canaryOktaApiToken4f1a9c2e7b",
    "OKTA_DCR_TOKEN": "00canaryDcrToken8e3d5b1a6c0f",
    "KONNECT_PAT": "kpat_canaryKonnectPat0d9e8f7a6b5c4d3e2f1",
    "DEVPORTAL_PASSWORD": "canary-Portal-Password-71c2",
}


def test_canaries_never_reach_output_or_reports(tmp_path: Path) -> None:
    config = tmp_path / "setup.yaml"
    config.write_text("okta:\n  claim: null\n")
    reports = tmp_path / "reports"
    result = subprocess.run(
        [str(BIN / "dcr-harness"), "run", "--config", str(config), "--reports", str(reports)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **CANARIES},
    )
    assert result.returncode == 1, result.stdout[-2000:]
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    for path in reports.rglob("*"):
        if path.is_file():
            outputs[str(path)] = path.read_text(errors="replace")
    assert len(outputs) > 10, "the run wrote no reports to search"
    for where, text in outputs.items():
        for name, canary in CANARIES.items():
            assert canary not in text, f"{name} leaked into {where}"
        assert "eyJ" not in text, f"an access token leaked into {where}"
