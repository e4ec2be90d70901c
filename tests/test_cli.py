"""The command line: one how-to section at a time, and one-line errors for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def harness(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "dcr-harness"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_one_howto_section_runs_alone(tmp_path: Path) -> None:
    result = harness(tmp_path, "run", "--reports", str(tmp_path), "-q", "--howto", "add-claim")
    assert result.returncode == 0, result.stdout
    assert "2 passed, 26 deselected" in result.stdout


def test_an_unknown_section_is_named_with_the_choices(tmp_path: Path) -> None:
    result = harness(tmp_path, "run", "--reports", str(tmp_path), "--howto", "add-claims")
    assert result.returncode == 4
    assert "--howto add-claims is not a how-to section; choose from issuer-url" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_configuration_file_is_one_line(tmp_path: Path) -> None:
    result = harness(tmp_path, "run", "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 4
    assert result.stderr.strip().count("\n") == 0
    assert "does not exist" in result.stderr


def test_a_live_target_without_its_variable_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "live.yaml"
    config.write_text("targets: {okta: live}\n")
    result = subprocess.run(
        [str(BIN / "dcr-harness"), "run", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"dcr-harness: environment variable OKTA_API_TOKEN is not set: export it with the "
        f"secret the configuration {config} names it for"
    )


def test_sweep_rejects_a_malformed_age(tmp_path: Path) -> None:
    (tmp_path / "setup.yaml").write_text("{}")
    result = harness(tmp_path, "sweep", "--config", "setup.yaml", "--older-than", "six hours")
    assert result.returncode == 4
    assert "is not like 90s, 30m, 6h or 2d" in result.stderr


def test_sweep_without_a_setup_file_is_refused(tmp_path: Path) -> None:
    result = harness(tmp_path, "sweep", "--older-than", "1h")
    assert result.returncode == 4
    assert result.stderr == (
        "dcr-harness: sweep needs --config FILE: the setup file naming the tenants to clean up\n"
    )
