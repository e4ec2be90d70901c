"""``dcr-harness doctor`` as a CI gate: a checklist in the how-to's order, exit codes, JUnit.
The command runs in this interpreter (``tests/command.py``), as the console script runs it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from dcr_harness._diagnosis.doctor import Progress
from dcr_harness._diagnosis.findings import PROPERTY
from dcr_harness._diagnosis.results import Finding
from tests.command import Result, dcr_harness

SECTION_LINE = re.compile(r"^  (PASS|FAIL|NOT RUN) +(.+?)  +(\d.*)$")


def sections(stdout: str, verdict: str | None = None) -> list[str]:
    """The section titles of the checklist, in order (of one verdict only, if given)."""
    found = [SECTION_LINE.match(line) for line in stdout.splitlines()]
    return [m.group(2) for m in found if m and (verdict is None or m.group(1) == verdict)]


def doctor(
    tmp_path: Path, setup: str | None, *extra: str, env: dict[str, str] | None = None
) -> Result:
    command = ["doctor"]
    if setup is not None:
        config = tmp_path / "setup.yaml"
        config.write_text(setup)
        command += ["--config", str(config)]
    return dcr_harness(tmp_path, *command, *extra, env=env)


def test_a_healthy_setup_passes_every_section(tmp_path: Path) -> None:
    result = doctor(tmp_path, None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert "Access policy (missing from the how-to)" in sections(result.stdout, "PASS")
    assert result.stdout.rstrip().endswith("All checks pass.")


def test_a_broken_setup_fails_with_diagnosis_fix_and_junit(tmp_path: Path) -> None:
    junit = tmp_path / "doctor.xml"
    result = doctor(tmp_path, "okta: {access_policy: null}\n", f"--junitxml={junit}")
    assert result.returncode == 1, result.stdout + result.stderr
    failing = sections(result.stdout, "FAIL")
    assert "Access policy (missing from the how-to)" in failing
    assert "Configure the Dev Portal: DCR provider" not in failing
    assert "no-access-policy [setup]" in result.stdout
    assert "claim-" not in result.stdout
    assert "fix: in Okta, Security > API > default > Access Policies" in result.stdout
    assert "Broken how-to steps: Access policy (no-access-policy)" in result.stdout
    assert "<testsuite" in junit.read_text()


def test_sections_follow_the_howto_order(tmp_path: Path) -> None:
    result = doctor(tmp_path, None)
    order = sections(result.stdout)
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
    dcr_harness(tmp_path, "run", "--config", str(config), "--reports", str(reports))
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


def test_lines_wrap_at_the_terminal_width_between_words(tmp_path: Path) -> None:
    result = doctor(tmp_path, "okta: {claim: null}\n", env={"COLUMNS": "80"})
    # the first line holds the setup file's path, which is never cut
    lines = result.stdout.splitlines()[1:]
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    text = " ".join(line.strip() for line in lines)
    assert "value app.clientId, value type Expression, include in any scope" in text


def test_sections_that_did_not_run_say_so_with_the_reason(tmp_path: Path) -> None:
    result = doctor(tmp_path, "okta: {claim: null}\n", "-x")
    assert result.returncode == 1
    not_run = sections(result.stdout, "NOT RUN")
    assert "Access policy (missing from the how-to)" in not_run
    assert "The whole how-to, start to finish" in not_run
    assert "not run: the run stopped early (stopping after 1 failures)" in result.stdout
    assert sections(result.stdout, "FAIL") == ["Add claim"]
    assert "All checks pass." not in result.stdout


@dataclass
class Scenario:
    """What the progress plugin reads of a collected scenario."""

    nodeid: str
    tags: list[str]

    def iter_markers(self, name: str) -> list[pytest.Mark]:
        return [pytest.mark.howto(section=tag).mark for tag in self.tags]


def ran(progress: Progress, scenario: Scenario, outcome: str = "passed") -> None:
    found = Finding(scenario.nodeid, scenario.nodeid, tuple(scenario.tags), outcome)
    for when in ("call", "teardown"):
        properties = [(PROPERTY, found.to_json())] if when == "call" else []
        report = SimpleNamespace(nodeid=scenario.nodeid, when=when, user_properties=properties)
        progress.pytest_runtest_logreport(cast(Any, report))


def test_each_section_is_printed_as_soon_as_its_last_scenario_has_run() -> None:
    written: list[str] = []
    progress = Progress(written.append, 100)
    token, issuer_a, issuer_b = (
        Scenario("token", ["create-a-token"]),
        Scenario("issuer-a", ["issuer-url"]),
        Scenario("issuer-b", ["issuer-url"]),
    )
    items: list[Any] = [token, issuer_a, issuer_b]
    progress.pytest_collection_modifyitems(items)
    assert items == [issuer_a, issuer_b, token], "scenarios run in the how-to's order"
    ran(progress, issuer_a)
    assert written == []
    ran(progress, issuer_b)
    assert len(written) == 1 and "Issuer URL" in written[0] and "2 of 2" in written[0]
    ran(progress, token, "failed")
    assert "FAIL    Create a token" in written[1]


def test_scenarios_that_do_not_apply_to_the_setup_are_skipped_not_failed(tmp_path: Path) -> None:
    setup = "konnect:\n  auth_strategy:\n    auth_methods: [client_credentials, bearer]\n"
    result = doctor(tmp_path, setup)
    assert result.returncode == 0, result.stdout
    assert re.search(
        r"PASS +Make a successful request +\d+ of \d+ checks pass, 2 skipped", result.stdout
    )
