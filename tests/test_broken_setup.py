"""A broken setup makes the feature suite fail at the scenarios that mirror the broken how-to
step, with a message that names what is wrong, and nowhere else. The suite runs as
``dcr-harness run`` runs it, in this interpreter (``tests/test_cli.py`` covers the command);
the outcome is read from its JUnit file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from dcr_harness._entry.suite import suite
from tests.junit import test_name


@dataclass(frozen=True)
class Outcome:
    failures: dict[str, str]
    passed: set[str]
    exit_code: int


def run_suite(tmp_path: Path, setup: str) -> Outcome:
    config = tmp_path / "setup.yaml"
    config.write_text(setup)
    junit = tmp_path / "junit.xml"
    # this process imported the plugins' packages already, so pytest cannot rewrite them
    arguments = ["-q", f"--junitxml={junit}", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        patch.delenv("DCR_HARNESS_CONFIG", raising=False)
        exit_code = suite([], str(config), None).run(arguments)
    tree = ET.parse(junit)
    failures: dict[str, str] = {}
    passed: set[str] = set()
    for case in tree.iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            passed.add(test_name(case.attrib["name"]))
        else:
            failures[test_name(case.attrib["name"])] = problem.attrib.get("message", "") + (
                problem.text or ""
            )
    return Outcome(failures, passed, exit_code)


def failing(outcome: Outcome, fragment: str) -> str:
    matches = [message for name, message in outcome.failures.items() if fragment in name]
    assert matches, f"no failing scenario matches {fragment!r}; failing: {sorted(outcome.failures)}"
    return matches[0]


UNRELATED_TO_OKTA = (
    "dcr_provider",
    "create_an_openid_connect_auth_strategy",
    "wrong_client_secret",
    "without_credentials",
    "shown_once",
)


def assert_konnect_scenarios_pass(outcome: Outcome) -> None:
    for name in outcome.failures:
        assert not any(fragment in name for fragment in UNRELATED_TO_OKTA), (
            f"{name} failed although only Okta is broken: {outcome.failures[name]}"
        )


@pytest.mark.parametrize("claim", ["null", "{name: cid, value: app.clientId}"])
def test_a_broken_claim_fails_at_add_claim(tmp_path: Path, claim: str) -> None:
    outcome = run_suite(tmp_path, f"okta:\n  claim: {claim}\n")
    assert outcome.exit_code == 1
    message = failing(outcome, "has_the_value_appclientid")
    assert "[how-to: Add claim]" in message
    assert "'client_id'" in message
    if claim != "null":
        assert "named 'cid'" in message
    # As on Kong, the Basic flow names the app by its client_id and passes without the claim;
    # only a bearer token must carry the credential claim.
    assert any("base64_of_client_id_and_secret_is_authorized" in n for n in outcome.passed)
    bearer = failing(outcome, "authorized_as_a_bearer_token")
    assert "[how-to: Add claim]" in bearer
    assert "no claim named 'client_id'" in bearer or "is named 'cid'" in bearer
    assert not any("Access policy" in m for m in outcome.failures.values())
    assert_konnect_scenarios_pass(outcome)


def test_no_access_policy_fails_at_the_step_the_howto_omits(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, "okta:\n  access_policy: null\n")
    assert outcome.exit_code == 1
    rule = failing(outcome, "allows_client_credentials")
    assert "[how-to: Access policy]" in rule
    assert "the how-to omits this step" in rule
    request = failing(outcome, "base64_of_client_id_and_secret_is_authorized")
    assert "[how-to: Access policy]" in request
    assert "Policy evaluation failed" in request
    assert any("has_the_value_appclientid" in name for name in outcome.passed)
    assert not any("Add claim" in m for m in outcome.failures.values())
    assert_konnect_scenarios_pass(outcome)


def test_the_correct_setup_is_green(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, "okta: {}\n")
    assert outcome.failures == {}
    assert outcome.exit_code == 0
    assert len(outcome.passed) >= 15


def test_reusing_the_tenants_own_provider_and_strategy_is_green(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, "konnect: {reuse_existing: true}\n")
    assert outcome.failures == {}
    assert outcome.exit_code == 0
