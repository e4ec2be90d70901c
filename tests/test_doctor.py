"""``dcr-harness doctor`` as a CI gate: a checklist in the how-to's order, exit codes, JUnit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def doctor(tmp_path: Path, setup: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "dcr-harness"), "doctor"]
    if setup is not None:
        config = tmp_path / "setup.yaml"
        config.write_text(setup)
        command += ["--config", str(config)]
    return subprocess.run(
        command + list(extra), capture_output=True, text=True, timeout=300, check=False
    )


def test_a_healthy_setup_passes_every_section(tmp_path: Path) -> None:
    result = doctor(tmp_path, None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert "PASS  Access policy (missing from the how-to)" in result.stdout
    assert result.stdout.rstrip().endswith("All checks pass.")


def test_a_broken_setup_fails_with_diagnosis_fix_and_junit(tmp_path: Path) -> None:
    junit = tmp_path / "doctor.xml"
    result = doctor(tmp_path, "okta: {access_policy: null}\n", f"--junitxml={junit}")
    assert result.returncode == 1, result.stdout + result.stderr
    failing = [
        line.split("  ")[2].strip()
        for line in result.stdout.splitlines()
        if line.startswith("  FAIL")
    ]
    assert "Access policy (missing from the how-to)" in failing
    assert "Configure the Dev Portal: DCR provider" not in failing
    assert "no-access-policy [setup]" in result.stdout
    assert "claim-" not in result.stdout
    assert "fix: in Okta, Security > API > default > Access Policies" in result.stdout
    assert "Broken how-to steps: Access policy (no-access-policy)" in result.stdout
    assert "<testsuite" in junit.read_text()


def test_sections_follow_the_howto_order(tmp_path: Path) -> None:
    result = doctor(tmp_path, None)
    order = [
        line.split("  ")[2].strip()
        for line in result.stdout.splitlines()
        if line.startswith("  PASS") or line.startswith("  FAIL")
    ]
    assert order[:4] == ["Issuer URL", "Create a token", "Add scopes", "Add claim"]
    assert order[-1].startswith("The whole how-to")


def test_a_malformed_configuration_is_one_line_and_exit_4(tmp_path: Path) -> None:
    result = doctor(tmp_path, "okta: {scopes: nope}\n")
    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"dcr-harness: {tmp_path / 'setup.yaml'}: 'okta.scopes' must be a list of strings"
    )


def test_every_run_writes_traceability_and_allure_categories(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    config = tmp_path / "setup.yaml"
    config.write_text("okta: {claim: null}\n")
    subprocess.run(
        [str(BIN / "dcr-harness"), "run", "--config", str(config), "--reports", str(reports)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    table = (reports / "traceability.md").read_text()
    assert (
        "| Add claim | A claim named as the credential claim has the value app.clientId | failed | claim-missing |"
        in table
    )
    assert (
        "| Make a successful request | A request without credentials is refused | passed |  |"
        in table
    )
    categories = json.loads((reports / "allure-results" / "categories.json").read_text())
    assert [c["name"].split(":")[0] for c in categories] == [
        "Setup errors",
        "Harness or environment",
        "Product behaviour",
    ]
