"""pytest plugin: records each scenario's steps and HTTP exchanges and puts them in every
report; records the setup under test in every report.

- Allure: the exchanges on the step that made them, labels, categories, environment.
- Terminal and JUnit: a failure ends with the failing step's exchanges and their curl
  reproductions; the header and the JUnit properties carry the setup.
- HTML (pytest-html, ``--html``): the checklist, and per scenario its steps, diagnosis and
  exchanges.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.junitxml import xml_key

from dcr_harness._diagnosis.doctor import verdicts
from dcr_harness._diagnosis.results import SECTIONS, Finding
from dcr_harness._entry.keys import CONFIG_KEY, RUN_ID_KEY
from dcr_harness._evidence import allure as allure_report
from dcr_harness._evidence import html as html_report
from dcr_harness._evidence.environment import header_lines, setup_record
from dcr_harness._evidence.exchanges import EXCHANGES, ScenarioExchanges
from dcr_harness._evidence.render import short_text

_EXCHANGES = pytest.StashKey[ScenarioExchanges]()
_STEPS = pytest.StashKey[list[tuple[str, str]]]()
_FAILED_STEP = pytest.StashKey[str]()
_RECORD = pytest.StashKey[dict[str, str]]()
_ALLURE_RECORDS = pytest.StashKey[bool]()  # --alluredir given: exchanges are attached as steps end
PASSED, FAILED, NOT_RUN, UNDEFINED = "passed", "failed", "not run", "no step definition"
JUNIT_PREFIX = "dcr_harness_"


def _title(step: Any) -> str:
    return f"{step.keyword} {step.name}"


def _record(config: pytest.Config) -> dict[str, str]:
    if _RECORD not in config.stash:
        config.stash[_RECORD] = setup_record(config.stash[CONFIG_KEY], config.stash[RUN_ID_KEY])
    return config.stash[_RECORD]


@pytest.hookimpl(trylast=True)  # after the harness's configuration, JUnit's and metadata's
def pytest_configure(config: pytest.Config) -> None:
    allure_report.register_finisher()
    config.stash[_ALLURE_RECORDS] = bool(config.getoption("allure_report_dir", None))
    if hasattr(config, "workerinput"):
        return
    record = _record(config)
    xml = config.stash.get(xml_key, None)
    if xml is not None:
        for name, value in record.items():
            xml.add_global_property(JUNIT_PREFIX + name.replace(".", "_").replace("-", "_"), value)
    try:
        from pytest_metadata.plugin import metadata_key
    except ImportError:
        return
    metadata = config.stash.get(metadata_key, None)
    if metadata is not None:
        metadata.update({f"dcr-harness {name}": value for name, value in record.items()})


def pytest_report_header(config: pytest.Config) -> list[str]:
    return header_lines(_record(config))


@pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has scheduled the test case
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    item = request.node
    item.stash[_EXCHANGES] = EXCHANGES.start_scenario()
    item.stash[_STEPS] = [(_title(step), NOT_RUN) for step in scenario.steps]
    sections = [SECTIONS.get(str(m.kwargs.get("section")), "") for m in item.iter_markers("howto")]
    tags = {*getattr(feature, "tags", ()), *getattr(scenario, "tags", ())}
    allure_report.label_scenario(filter(None, sections), feature.name, scenario.name, tags)


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    EXCHANGES.start_step(_title(step))


def pytest_bdd_before_step_call(step: Any, step_func: Any) -> None:
    """The step's own parameters, for Allure: the names its parser takes from the text."""
    allure_report.FINISHER.step_arguments[_title(step)] = _parsed_names(
        step_func, step.type, step.name
    )


@functools.lru_cache(maxsize=4096)
def _parsed_names(step_func: Any, step_type: str, text: str) -> frozenset[str]:
    """Found among the step definitions of ``step_func`` (pytest-bdd's own lookup of the
    step, asked again, would cost as much as the step's first lookup)."""
    from pytest_bdd.steps import step_function_context_registry

    for context in list(step_function_context_registry.values()):
        if context.step_func is not step_func or context.type not in (None, step_type):
            continue
        if context.parser.is_matching(text):
            return frozenset(context.parser.parse_arguments(text) or {})
    return frozenset()


@pytest.hookimpl(tryfirst=True)  # before allure-pytest-bdd closes the step
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    _step_ended(request.node, step, PASSED)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any) -> None:
    _step_ended(request.node, step, FAILED)
    request.node.stash[_FAILED_STEP] = _title(step)


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, step: Any) -> None:
    _mark(request.node, _title(step), UNDEFINED)


def pytest_bdd_after_scenario(request: pytest.FixtureRequest) -> None:
    EXCHANGES.end_scenario()


def _step_ended(item: pytest.Item, step: Any, status: str) -> None:
    title = _title(step)
    exchanges = item.stash.get(_EXCHANGES, None)
    if exchanges is not None and item.config.stash.get(_ALLURE_RECORDS, False):
        allure_report.attach_exchanges(exchanges.of_step(title))
    _mark(item, title, status)
    EXCHANGES.end_step()


def _mark(item: pytest.Item, title: str, status: str) -> None:
    steps = item.stash.get(_STEPS, [])
    for index, (name, current) in enumerate(steps):
        if name == title and current == NOT_RUN:
            steps[index] = (name, status)
            return


@pytest.hookimpl(hookwrapper=True, tryfirst=True)  # around the findings plugin's own wrapper
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    found = _finding(report)
    failed_step = item.stash.get(_FAILED_STEP, None)
    exchanges = item.stash.get(_EXCHANGES, None)
    if report.failed and report.when == "call" and failed_step and exchanges is not None:
        recorded = exchanges.of_step(failed_step)
        if recorded:
            listed = "\n".join(short_text(exchange) for exchange in recorded)
            report.longrepr = (
                f"{report.longrepr}\n\nHTTP exchanges of the failing step "
                f"({failed_step}):\n{listed}"
            )
    if found is not None and found.category and found.outcome != "passed":
        allure_report.label_category(found.category)
    if found is not None and _html_active(item.config):
        steps = item.stash.get(_STEPS, [])
        content = html_report.scenario(found.scenario, steps, found, exchanges, failed_step)
        report.extras = [*getattr(report, "extras", []), _html_extra(content)]  # type: ignore[attr-defined]
    if report.when == "teardown" and exchanges is not None:
        del item.stash[_EXCHANGES]  # items live as long as the session; their bodies need not


def _finding(report: pytest.TestReport) -> Finding | None:
    from dcr_harness._diagnosis.findings import PROPERTY

    for name, value in report.user_properties:
        if name == PROPERTY:
            return Finding.from_json(str(value))
    return None


def _html_active(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "htmlpath", None))


def _html_extra(content: str) -> dict[str, Any]:
    from pytest_html import extras

    return dict(extras.html(content))


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report: Any) -> None:
    report.title = "dcr-harness: how-to checks"


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_summary(prefix: list[str], session: pytest.Session, **_: Any) -> None:
    from dcr_harness._diagnosis.findings import FindingsCollector

    collector = session.config.pluginmanager.get_plugin(FindingsCollector.NAME)
    findings = collector.findings if isinstance(collector, FindingsCollector) else []
    expected: dict[str, int] = {}
    for item in session.items:
        for marker in item.iter_markers("howto"):
            tag = str(marker.kwargs.get("section"))
            expected[tag] = expected.get(tag, 0) + 1
    stopped = session.shouldfail or session.shouldstop
    reason = f"the run stopped early ({stopped})" if stopped else ""
    sections = verdicts(findings, expected, reason)
    prefix.append(html_report.checklist(sections, _record(session.config)))


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_header(cells: list[str]) -> None:
    cells.insert(2, '<th class="sortable" data-column-type="scenario">Scenario</th>')


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_row(report: pytest.TestReport, cells: list[str]) -> None:
    from html import escape

    from dcr_harness._diagnosis.findings import SCENARIO_PROPERTY

    scenario = str(dict(getattr(report, "user_properties", ())).get(SCENARIO_PROPERTY, ""))
    cells.insert(2, f'<td class="col-scenario">{escape(scenario)}</td>')


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput"):
        return
    allure_dir = config.getoption("allure_report_dir", None)
    if allure_dir:
        allure_report.write_beside_results(Path(allure_dir), _record(config))
