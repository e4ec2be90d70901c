"""The command line: one how-to section at a time, and one-line errors for bad input. The
command runs in this interpreter (``tests/command.py``) but where a fresh one is the point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.command import Result, dcr_harness

BIN = Path(sys.executable).parent


def harness(tmp_path: Path, *args: str) -> Result:
    return dcr_harness(tmp_path, *args)


def test_one_howto_section_runs_alone(tmp_path: Path) -> None:
    result = harness(tmp_path, "run", "--reports", str(tmp_path), "-q", "--howto", "add-claim")
    assert result.returncode == 0, result.stdout
    assert "2 passed, 33 deselected" in result.stdout


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
    result = harness(tmp_path, "run", "--config", str(config))
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


def test_the_console_script_names_the_installed_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    result = subprocess.run(
        [str(BIN / "dcr-harness"), "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"dcr-harness {version('dcr-harness')}\n"


def test_reports_go_to_the_working_directory_unless_told_otherwise(tmp_path: Path) -> None:
    assert harness(tmp_path, "run", "-q", "--howto", "issuer-url").returncode == 0
    assert (tmp_path / "reports" / "junit.xml").is_file()
    elsewhere = tmp_path / "elsewhere"
    assert (
        harness(tmp_path, "run", "-q", "--howto", "issuer-url", "--reports", "elsewhere").returncode
        == 0
    )
    assert (elsewhere / "junit.xml").is_file()


def test_the_whole_how_to_passes_on_a_classic_dev_portal(tmp_path: Path) -> None:
    """Every scenario against a classic portal (v2): the fake serves only ``/api/v2`` there,
    so a step that reached for the v3 API would fail."""
    (tmp_path / "classic.yaml").write_text("konnect: {portal_api: v2}\n")
    result = harness(tmp_path, "run", "-q", "--config", "classic.yaml")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "35 passed" in result.stdout
    (tmp_path / "team.yaml").write_text("konnect: {portal_api: v2, reuse_existing: true}\n")
    reused = harness(tmp_path, "run", "-q", "--config", "team.yaml")
    assert reused.returncode == 0, reused.stdout[-3000:] + reused.stderr
    assert "34 passed, 1 skipped" in reused.stdout


def test_pytest_options_pass_through_whole(tmp_path: Path) -> None:
    collected = harness(tmp_path, "run", "--co", "-q")
    assert collected.returncode == 0, collected.stderr
    assert "35 tests collected" in collected.stdout
    keyword = harness(tmp_path, "run", "-q", "-k", "claim and not openid")
    assert keyword.returncode == 0
    assert "33 deselected" in keyword.stdout
    smoke = harness(tmp_path, "run", "-q", "-m", "smoke")
    assert "6 passed, 29 deselected" in smoke.stdout
    parallel = harness(tmp_path, "run", "-q", "-n", "2")
    assert parallel.returncode == 0, parallel.stdout[-2000:] + parallel.stderr
    assert "35 passed" in parallel.stdout


def test_last_failed_and_exitfirst_work_through_the_wrapper(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("okta: {claim: null}\n")
    first = harness(tmp_path, "run", "-q", "--config", "broken.yaml")
    assert first.returncode == 1
    again = harness(tmp_path, "run", "-q", "--config", "broken.yaml", "--lf")
    assert again.stdout.rstrip().splitlines()[-1].startswith("3 failed in"), again.stdout[-2000:]
    stop = harness(tmp_path, "run", "-q", "--config", "broken.yaml", "-x")
    assert "stopping after 1 failures" in stop.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("run", "-q", "--howto", "issuer-url"), 0),
        (("run", "-q", "-k", "nosuchscenario"), 5),
        (("run", "--no-such-pytest-option"), 4),
    ],
)
def test_exit_codes_are_pytests_and_the_harness_4(
    tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    assert harness(tmp_path, *args).returncode == code


def test_the_cli_imports_no_pytest_plugin_before_pytest_starts(tmp_path: Path) -> None:
    """pytest rewrites a plugin's asserts on import; one imported before it starts cannot be
    rewritten, and pytest warns (an error under filterwarnings=error)."""
    (tmp_path / "setup.yaml").write_text("targets: {okta: live}\n")
    probe = (
        "import sys\n"
        "from importlib.metadata import entry_points\n"
        "from dcr_harness._entry import cli\n"
        "try:\n"
        "    cli.checked_config('setup.yaml')\n"
        "except cli.StartupError:\n"
        "    pass\n"
        "plugins = {ep.value.split('.')[0].split(':')[0] for ep in entry_points(group='pytest11')}\n"
        "print(sorted(p for p in plugins - {'dcr_harness'} if p in sys.modules))\n"
    )
    env = {**os.environ, "OKTA_API_TOKEN": "00" + "x" * 40}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "[]\n", result.stdout + result.stderr


def test_the_run_loads_what_it_needs_when_plugin_autoloading_is_off(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "dcr-harness"), "run", "-q", "--howto", "add-claim"],
        cwd=tmp_path,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "2 passed" in result.stdout


def test_the_run_id_is_in_the_header_the_junit_properties_and_the_traceability_table(
    tmp_path: Path,
) -> None:
    result = harness(tmp_path, "run", "--run-id", "ci-1234-5", "--howto", "add-claim")
    assert result.returncode == 0, result.stdout[-2000:]
    assert any("run id ci-1234-5" in line for line in result.stdout.splitlines()[:6])
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    assert 'name="dcr_harness_run_id" value="ci-1234-5"' in junit
    assert "sweep --run ci-1234-5" in (tmp_path / "reports" / "traceability.md").read_text()


def test_a_run_waits_out_an_exhausted_okta_rate_limit_and_passes(tmp_path: Path) -> None:
    result = harness(
        tmp_path,
        "run",
        "-q",
        "--howto",
        "add-claim",
        "-p",
        "tests.catalog.misconfig_plugin",
        "--misconfig",
        "okta-rate-limit-tight",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "for its limit to reset" in result.stderr


def test_the_reports_journal_is_the_runs_own_with_the_one_before_beside_it(
    tmp_path: Path,
) -> None:
    def runs_in(journal: Path) -> set[str]:
        return {json.loads(line)["run"] for line in journal.read_text().splitlines()}

    for run_id in ("first-run", "second-run", "third-run"):
        result = harness(tmp_path, "run", "-q", "--howto", "add-claim", "--run-id", run_id)
        assert result.returncode == 0, result.stdout[-2000:]
    assert runs_in(tmp_path / "reports" / "ledger.jsonl") == {"third-run"}
    assert runs_in(tmp_path / "reports" / "ledger.previous.jsonl") == {"second-run"}
