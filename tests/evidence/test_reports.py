"""The reports of one failing run, read as a QA engineer and a CI tool would read them: the
exchanges and their curl reproductions, the setup under test, Allure's labels and categories,
JUnit through a parser CI tools use, and the self-contained HTML report in a real browser."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import junitparser
import pytest

from tests.command import Result, dcr_harness
from tests.leaks import tokens_in

CLAIM_SCENARIO = "A claim named as the credential claim has the value app.clientId"
BEARER_SCENARIO = "An Okta access token is authorized as a bearer token"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Run:
    result: Result
    reports: Path

    @property
    def allure(self) -> list[dict[str, Any]]:
        return [
            json.loads(p.read_text())
            for p in (self.reports / "allure-results").glob("*-result.json")
        ]

    def allure_result(self, scenario: str) -> dict[str, Any]:
        (found,) = [r for r in self.allure if r["name"] == scenario]
        return found

    def attachment(self, source: str) -> str:
        return (self.reports / "allure-results" / source).read_text()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The how-to suite with the claim missing: three scenarios fail with claim-missing."""
    folder = tmp_path_factory.mktemp("reports-run")
    (folder / "setup.yaml").write_text("okta:\n  claim: null\n")
    result = dcr_harness(folder, "run", "--config", "setup.yaml", "-v", env={"COLUMNS": "120"})
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    return Run(result, folder / "reports")


def test_every_step_that_called_a_vendor_carries_its_exchanges_with_curl(run: Run) -> None:
    steps = [s for r in run.allure for s in r["steps"]]
    with_exchanges = [s for s in steps if s.get("attachments")]
    assert len(with_exchanges) > len(steps) / 2
    token_step = next(
        s
        for s in run.allure_result(BEARER_SCENARIO)["steps"]
        if s["name"] == "When I get an access token from Okta with my client ID and secret"
    )
    names = [a["name"] for a in token_step["attachments"]]
    assert any(re.match(r"POST https://\S+/v1/token → 200 OK \(\d+ ms\)", n) for n in names)
    token = next(a for a in token_step["attachments"] if "/v1/token" in a["name"])
    text = run.attachment(token["source"])
    assert "> POST /oauth2/default/v1/token HTTP/1.1" in text
    assert "< HTTP/1.1 200 OK" in text
    assert '"access_token": "[REDACTED]"' in text
    assert re.search(r"curl -sS -i -X POST \S+/v1/token .*-u 0oa\w+:\"\$\{CLIENT_SECRET\}\"", text)


def test_a_failure_shows_the_failing_steps_exchanges_on_the_terminal_and_in_junit(
    run: Run,
) -> None:
    heading = "HTTP exchanges of the failing step (Then the upstream answers 200):"
    assert heading in run.result.stdout
    suite = junitparser.JUnitXml.fromfile(str(run.reports / "junit.xml"))
    cases = {case.name: case for s in suite for case in s}
    failure = cases[BEARER_SCENARIO].result[0]
    assert isinstance(failure, junitparser.Failure)
    assert heading in failure.text
    assert "curl -sS -i -X GET" in failure.text
    assert "${KONNECT_PAT}" in failure.text or "${OKTA_API_TOKEN}" in failure.text


def test_junit_parses_with_the_parser_ci_tools_use_and_names_scenarios(run: Run) -> None:
    xml = junitparser.JUnitXml.fromfile(str(run.reports / "junit.xml"))
    (suite,) = list(xml)
    cases = list(suite)
    assert suite.tests == len(cases) == 35
    assert suite.failures == 3
    assert {c.name for c in cases if not c.is_passed} == {
        CLAIM_SCENARIO,
        "An access token carries the client ID in the credential claim",
        BEARER_SCENARIO,
    }
    assert {c.classname for c in cases} >= {"Add claim", "Make a successful request"}
    tree = ElementTree.parse(run.reports / "junit.xml")
    claim = next(c for c in tree.iter("testcase") if c.get("name") == CLAIM_SCENARIO)
    properties = {p.get("name"): p.get("value") for p in claim.iter("property")}
    assert properties == {"howto_section": "add-claim", "diagnosis": "claim-missing"}
    setup = {p.name: p.value for p in suite.properties()}  # type: ignore[no-untyped-call]
    assert setup["dcr_harness_targets"] == "okta=fake konnect=fake gateway=fake"
    assert setup["dcr_harness_setup"] == "setup.yaml"
    assert setup["dcr_harness_okta_issuer"] == "https://dcr-harness.okta.com/oauth2/default"
    assert re.fullmatch(r"\w+", setup["dcr_harness_run_id"])
    assert setup["dcr_harness_python"].startswith("3.")
    assert setup["dcr_harness_pytest_bdd"] == "9.0.1"


def test_the_terminal_names_scenarios_and_the_setup(run: Run) -> None:
    out = run.result.stdout
    assert f"add-claim.feature::{CLAIM_SCENARIO} FAILED" in out
    assert "dcr-harness: okta=fake konnect=fake gateway=fake (setup: setup.yaml)" in out
    assert "okta https://dcr-harness.okta.com/oauth2/default" in out
    assert "pytest-bdd 9.0.1" in out


def test_allure_labels_come_from_the_howto_the_feature_and_the_tags(run: Run) -> None:
    result = run.allure_result(CLAIM_SCENARIO)
    labels = [(label["name"], label["value"]) for label in result["labels"]]
    assert ("epic", "Add claim") in labels
    assert ("feature", "Add claim") in labels
    assert ("story", CLAIM_SCENARIO) in labels
    assert ("tag", "howto:add-claim") in labels
    assert ("dcr_category", "setup") in labels
    assert len(labels) == len(set(labels))
    passing = next(r for r in run.allure if r["status"] == "passed")
    assert "dcr_category" not in {label["name"] for label in passing["labels"]}


def test_allure_keeps_the_descriptions_lines_and_steps_own_parameters(run: Run) -> None:
    result = run.allure_result(CLAIM_SCENARIO)
    assert result["descriptionHtml"].count("<br>") >= 2
    assert "  \nI want" in result["description"]
    parameters = [
        (p["name"], p["value"])
        for r in run.allure
        for s in r["steps"]
        for p in s.get("parameters", [])
    ]
    assert parameters, "no step parameter was recorded"
    assert not [p for p in parameters if "HarnessConfig" in p[1] or " object at " in p[1]]
    (claim_step,) = [s for s in result["steps"] if s["name"].startswith("Then the claim named")]
    assert [(p["name"], p["value"]) for p in claim_step["parameters"]] == [
        ("value", "'app.clientId'")
    ]


def test_allure_2_and_3_both_file_setup_errors_as_setup_errors(run: Run) -> None:
    results = run.reports / "allure-results"
    allure2 = json.loads((results / "categories.json").read_text())
    assert allure2[0]["name"].startswith("Setup errors")
    rules = json.loads((results / "allurerc.json").read_text())["categories"]["rules"]
    setup = next(r for r in rules if r["name"].startswith("Setup errors"))
    assert setup["matchers"]["labels"] == {"dcr_category": "^setup$"}
    environment = (results / "environment.properties").read_text().splitlines()
    assert "targets=okta=fake konnect=fake gateway=fake" in environment
    assert "setup=setup.yaml" in environment


def test_no_secret_reaches_any_report(run: Run) -> None:
    texts = [p.read_text(errors="replace") for p in run.reports.rglob("*") if p.is_file()]
    texts.append(run.result.stdout)
    for text in texts:
        text = html.unescape(html.unescape(text))  # the HTML report escapes its data twice
        assert tokens_in(text) == []
        for match in re.finditer(r"client_secret[\"']?\s*[:=]\s*[\"']*(\S{0,16})", text):
            assert match.group(1).startswith(("[REDACTED]", "${CLIENT_SECRET}")), match.group(0)


def test_the_html_report_is_one_file_that_needs_no_network(run: Run) -> None:
    page = (run.reports / "report.html").read_text()
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)
    assert not (run.reports / "assets").exists()


@pytest.fixture(scope="module")
def seen(run: Run, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The HTML report's text as headless Chromium renders it, with the network shut."""
    if CHROMIUM is None:
        if os.environ.get("DCR_HARNESS_REQUIRE_BROWSER"):
            pytest.fail("DCR_HARNESS_REQUIRE_BROWSER is set but no Chromium is installed")
        pytest.skip("no Chromium on this machine: apt-get install chromium (as .ci/run does)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",  # nothing may load from the network
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            (run.reports / "report.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


def test_the_browser_shows_the_checklist_in_howto_order(seen: str) -> None:
    checklist = seen[seen.index("How-to checklist") :]
    order = [
        checklist.index(title) for title in ("Issuer URL", "Add claim", "Make a successful request")
    ]
    assert order == sorted(order)
    assert "FAIL Add claim 0 of 2 checks pass" in checklist
    assert "targets: okta=fake konnect=fake gateway=fake" in checklist


def test_the_browser_shows_each_scenario_with_steps_diagnosis_fix_and_exchanges(seen: str) -> None:
    assert f"Scenario: {BEARER_SCENARIO}" in seen
    assert "Then the upstream answers 200 (failed)" in seen
    assert "And the upstream sees the request as coming from my application (not run)" in seen
    assert "Diagnosis claim-missing [setup]" in seen
    assert "Fix: in Okta, Security &gt; API &gt; default &gt; Claims" in seen or (
        "Fix: in Okta, Security > API > default > Claims" in seen
    )
    assert "HTTP exchanges: When I get an access token from Okta" in seen
    assert "Reproduce with:" in seen
    assert "[REDACTED]" in seen and tokens_in(seen) == []


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readmes_allure_command_renders_setup_errors_as_setup_errors(run: Run) -> None:
    """The README's command, as written, on this run's reports (Node and the npm registry
    needed; skipped without npx)."""
    if shutil.which("npx") is None:
        pytest.skip("no npx on this machine: the Allure 3 command needs Node.js")
    (command,) = [
        line.strip().strip("`")
        for line in README.read_text().splitlines()
        if "npx --yes allure" in line
    ]
    subprocess.run(
        command, shell=True, cwd=run.reports.parent, check=True, timeout=300, capture_output=True
    )
    page = (run.reports / "allure-report" / "index.html").read_text()
    embedded = re.search(r'd\("widgets/categories\.json","([A-Za-z0-9+/=]+)"\)', page)
    assert embedded, "the single-file report embeds no categories widget"
    widget = json.loads(base64.b64decode(embedded.group(1)))
    categories = {
        node["name"]: node["statistic"]["total"]
        for node in widget["nodes"].values()
        if node["type"] == "category"
    }
    assert categories == {"Setup errors: the configuration under test": 3}


def test_the_howtos_placeholder_header_keeps_its_words_in_every_title(run: Run) -> None:
    title = 'The how-to\'s unencoded "Basic CLIENT_ID:CLIENT_SECRET" header is refused'
    assert title in {r["name"] for r in run.allure}
    assert f"::{title} PASSED" in run.result.stdout
