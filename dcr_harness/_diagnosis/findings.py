"""pytest plugin: each scenario's finding (its how-to sections, outcome, diagnosis, category),
reported readably and redacted, and gathered into the run's results, traceability table and
the doctor's checklist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.junitxml import xml_key  # pytest's own JUnit writer, to name cases

from dcr_harness._core.errors import VendorError
from dcr_harness._diagnosis.checks import SetupError, pat_refused, rate_limited
from dcr_harness._diagnosis.reporting import redact_report
from dcr_harness._diagnosis.results import Finding, finding, write_traceability
from dcr_harness._entry.keys import CONFIG_KEY, RUN_ID_KEY

_FAILED_STEP = pytest.StashKey[str]()
_SCENARIO = pytest.StashKey[str]()
_FEATURE = pytest.StashKey[str]()
# JUnit properties of a scenario, beside the finding that carries it to the controller
SCENARIO_PROPERTY, FEATURE_PROPERTY = "scenario", "feature"
SECTION_PROPERTY, DIAGNOSIS_PROPERTY = "howto_section", "diagnosis"
PROPERTY = "dcr_finding"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dcr-harness")
    group.addoption("--dcr-results", default=None, help="write every finding as JSON lines here")
    group.addoption(
        "--dcr-traceability", default=None, help="write the how-to traceability table here"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(FindingsCollector(config), FindingsCollector.NAME)


def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, **_: Any
) -> None:
    request.node.stash[_SCENARIO] = scenario.name
    request.node.stash[_FEATURE] = feature.name


def pytest_bdd_step_error(
    request: pytest.FixtureRequest, step: Any, exception: Exception, **_: Any
) -> None:
    request.node.stash[_FAILED_STEP] = f"{step.keyword} {step.name}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> pytest.TestReport | None:
    """A setup error is reported as the failed step and the diagnosis, without a traceback.

    The report is made here, instead of pytest's, because pytest would first format the
    traceback, parsing the source of every file in it, only for the text to be replaced: that
    was most of the time of a run on a broken setup."""
    error = _diagnosed_error(item, call)
    if not isinstance(error, SetupError):
        return None
    step = item.stash.get(_FAILED_STEP, "")
    return pytest.TestReport(
        item.nodeid,
        item.location,
        dict.fromkeys(item.keywords, 1),
        "failed",
        f"{step}\n{error}" if step else str(error),
        call.when,  # type: ignore[arg-type]  # never "collect" for an item
        [(f"Captured {key} {when}", text) for when, key, text in item._report_sections],
        call.duration,
        call.start,
        call.stop,
        user_properties=item.user_properties,
    )


@pytest.hookimpl(hookwrapper=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_finding(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    """Every failure report is redacted; scenarios carry their finding to the controller."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    error = _diagnosed_error(item, call)
    redact_report(report)
    scenario = item.stash.get(_SCENARIO, None)
    if scenario is None or not (report.when == "call" or report.failed):
        return
    sections = tuple(m.kwargs.get("section", "") for m in item.iter_markers("howto"))
    found = finding(item.nodeid, scenario, sections, report.outcome, error)
    report.user_properties.append((PROPERTY, found.to_json()))
    feature = item.stash.get(_FEATURE, "")
    report.user_properties += [(SCENARIO_PROPERTY, scenario), (FEATURE_PROPERTY, feature)]
    # JUnit XML writes the item's properties with its last (teardown) report
    written = {name for name, _ in item.user_properties}
    for name, value in (
        (SECTION_PROPERTY, ",".join(sections)),
        (DIAGNOSIS_PROPERTY, found.diagnosis),
    ):
        if value and name not in written:
            item.user_properties.append((name, value))


def _diagnosed_error(item: pytest.Item, call: pytest.CallInfo[None]) -> BaseException | None:
    error = call.excinfo.value if call.excinfo is not None else None
    if isinstance(error, VendorError):
        return _diagnosed(error, item)
    return error


def _diagnosed(error: VendorError, item: pytest.Item) -> BaseException:
    """A vendor error no step expected, named as the catalog names it."""
    if error.status == 429:
        return rate_limited(error)
    if error.service == "Konnect" and error.status in (401, 403):
        return pat_refused(error, item.config.stash[CONFIG_KEY].konnect.pat_env)
    return error


def _name_in_junit(config: pytest.Config, report: pytest.TestReport) -> None:
    """JUnit XML names a scenario by its own name, under its Feature, as CI tools show them
    (pytest would write the generated function name under the file's dotted path)."""
    xml = config.stash.get(xml_key, None)
    properties = dict(report.user_properties)
    if xml is None or SCENARIO_PROPERTY not in properties:
        return
    reporter = xml.node_reporter(report)
    reporter.attrs["name"] = str(properties[SCENARIO_PROPERTY])
    reporter.attrs["classname"] = str(properties[FEATURE_PROPERTY])


class FindingsCollector:
    """Gathers the findings where reports arrive (the controller, under xdist) and writes
    the run's records when the session ends."""

    NAME = "dcr-harness-findings"

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._findings: dict[str, Finding] = {}

    @pytest.hookimpl(tryfirst=True)  # before JUnit XML records the test case
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        _name_in_junit(self._config, report)
        for name, value in report.user_properties:
            if name != PROPERTY:
                continue
            found = Finding.from_json(str(value))
            if found.nodeid not in self._findings or found.outcome != "passed":
                self._findings[found.nodeid] = found

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings.values())

    def pytest_sessionfinish(self) -> None:
        if hasattr(self._config, "workerinput"):
            return
        findings = self.findings
        results = self._config.getoption("--dcr-results")
        if results:
            Path(results).write_text("".join(f.to_json() + "\n" for f in findings))
        traceability = self._config.getoption("--dcr-traceability")
        if traceability:
            write_traceability(findings, Path(traceability), self._config.stash[RUN_ID_KEY])
