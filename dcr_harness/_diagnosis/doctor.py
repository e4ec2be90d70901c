"""``dcr-harness doctor``: the feature suite's checks as a checklist in the how-to's order,
each failing section with its diagnosis and fix; exit 1 when anything fails.

The scenarios run in the how-to's order, and each section's line is printed as soon as its
last scenario has run. A section none of whose scenarios ran says so, with the reason.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dcr_harness._core.config import HarnessConfig
from dcr_harness._diagnosis.catalog import CATALOG
from dcr_harness._diagnosis.results import CATEGORIES, SECTIONS, Finding
from dcr_harness._entry.suite import Suite

PASS, FAIL, NOT_RUN = "PASS", "FAIL", "NOT RUN"
NOTHING_SELECTED = "no scenario of this section was selected (--howto, -k or -m)"
_ORDER = {tag: index for index, tag in enumerate(SECTIONS)}


@dataclass(frozen=True)
class Problem:
    diagnosis: str | None
    category: str | None
    problem: str | None
    fix: str | None


@dataclass(frozen=True)
class SectionVerdict:
    tag: str
    title: str
    verdict: str
    passed: int
    ran: int
    expected: int
    problems: tuple[Problem, ...] = ()
    reason: str = ""
    skipped: int = 0  # scenarios that do not apply to the setup (they say why)

    @property
    def count(self) -> str:
        if not self.ran and not self.skipped:
            return f"{self.expected} not run"
        text = f"{self.passed} of {self.ran} checks pass"
        if self.skipped:
            text += f", {self.skipped} skipped"
        if self.expected > self.ran + self.skipped:
            text += f", {self.expected - self.ran - self.skipped} not run"
        return text


def verdict(tag: str, findings: list[Finding], expected: int, reason: str = "") -> SectionVerdict:
    """The section's verdict from the findings of its scenarios; ``expected`` scenarios were
    selected, and ``reason`` says why any of them did not run."""
    found = [f for f in findings if tag in f.sections]
    expected = max(expected, len(found))
    mine = [f for f in found if f.outcome != "skipped"]
    skipped = len(found) - len(mine)
    if not mine:
        outcome = PASS if skipped and expected == skipped else NOT_RUN
        return SectionVerdict(
            tag, SECTIONS[tag], outcome, 0, 0, expected, reason=reason, skipped=skipped
        )
    failed = [f for f in mine if f.outcome != "passed"]
    problems: dict[str, Problem] = {}
    for item in failed:
        key = item.diagnosis or item.problem or item.scenario
        problems.setdefault(key, Problem(item.diagnosis, item.category, item.problem, item.fix))
    return SectionVerdict(
        tag,
        SECTIONS[tag],
        FAIL if failed else PASS,
        len(mine) - len(failed),
        len(mine),
        expected,
        tuple(problems.values()),
        reason if expected > len(found) else "",
        skipped,
    )


def section_lines(section: SectionVerdict, width: int) -> list[str]:
    """The section's line, then its problems and fixes, wrapped at ``width`` between words."""
    lines = [f"  {section.verdict:<7} {section.title:<48} {section.count}".rstrip()]
    detail = "        "
    if section.reason:
        lines += _wrapped(f"not run: {section.reason}", width, detail)
    for problem in section.problems:
        label = f"{problem.diagnosis} " if problem.diagnosis else ""
        lines += _wrapped(f"{label}[{problem.category}] {problem.problem}", width, detail)
        if problem.fix:
            lines += _wrapped(f"fix: {problem.fix}", width, detail, detail + "     ")
    return lines


def _wrapped(text: str, width: int, indent: str, following: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=indent,
        subsequent_indent=following if following is not None else indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def header(config: HarnessConfig, width: int) -> str:
    """The setup's source and targets; the targets go on a line of their own when both do
    not fit in ``width``."""
    t = config.targets
    source = f"dcr-harness doctor: {config.source}"
    targets = f"(okta={t.okta} konnect={t.konnect} gateway={t.gateway})"
    if len(source) + 1 + len(targets) <= width:
        return f"{source} {targets}"
    return f"{source}\n  {targets}"


def summary_lines(findings: list[Finding], healthy: bool, width: int) -> list[str]:
    out: list[str] = []
    broken = sorted(
        {f"{CATALOG[f.diagnosis].section} ({f.diagnosis})" for f in findings if f.diagnosis}
    )
    if broken:
        out += _wrapped("Broken how-to steps: " + "; ".join(broken), width, "", "  ")
    for category in sorted({f.category for f in findings if f.category}):
        failing = sum(1 for f in findings if f.category == category)
        out += _wrapped(f"{CATEGORIES[category]}: {failing} failing check(s)", width, "", "  ")
    out.append("All checks pass." if healthy else "Some checks fail: see the fixes above.")
    return out


def checklist(
    config: HarnessConfig,
    findings: list[Finding],
    expected: dict[str, int] | None = None,
    reason: str = "",
    width: int | None = None,
) -> tuple[str, bool]:
    """The whole checklist at once (header, sections, summary) and whether all is well."""
    width = width or terminal_width()
    sections = verdicts(findings, expected, reason)
    lines = [header(config, width), ""]
    for section in sections:
        lines += section_lines(section, width)
    healthy = bool(sections) and all(s.verdict == PASS for s in sections)
    return "\n".join([*lines, "", *summary_lines(findings, healthy, width)]), healthy


def verdicts(
    findings: list[Finding], expected: dict[str, int] | None = None, reason: str = ""
) -> list[SectionVerdict]:
    """Every section with a selected scenario or a finding, in the how-to's order; with
    ``expected`` None, only the sections that have findings."""
    out = []
    for tag in SECTIONS:
        wanted = (expected or {}).get(tag, 0)
        has_findings = any(tag in f.sections for f in findings)
        if has_findings or wanted:
            out.append(verdict(tag, findings, wanted, reason or "the run ended before it"))
    return out


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


class Progress:
    """pytest plugin: runs the scenarios in the how-to's order and prints each section's
    lines when its last scenario has run; the sections left when the run ends are printed
    with the reason they did not run."""

    def __init__(self, write: Callable[[str], None], width: int) -> None:
        self._write = write
        self._width = width
        self._expected: dict[str, set[str]] = {}
        self._done: set[str] = set()
        self._findings: dict[str, Finding] = {}
        self._printed: list[SectionVerdict] = []
        self._next = 0
        self._collected = False  # under -n the workers collect, and this waits for the end
        self._capture: Any = None

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings.values())

    @property
    def sections(self) -> list[SectionVerdict]:
        return list(self._printed)

    def pytest_configure(self, config: pytest.Config) -> None:
        self._capture = config.pluginmanager.getplugin("capturemanager")

    @pytest.hookimpl(trylast=True)  # after --howto, -k and -m have deselected
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self._collected = True
        items.sort(key=_howto_position)
        for item in items:
            for tag in _sections_of(item):
                self._expected.setdefault(tag, set()).add(item.nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        from dcr_harness._diagnosis.findings import PROPERTY

        for name, value in report.user_properties:
            if name == PROPERTY:
                found = Finding.from_json(str(value))
                if report.nodeid not in self._findings or found.outcome != "passed":
                    self._findings[report.nodeid] = found
        if report.when == "teardown" and self._collected:
            self._done.add(report.nodeid)
            self._print_decided(final_reason=None)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        stopped = session.shouldfail or session.shouldstop
        if stopped:
            reason = f"the run stopped early ({stopped})"
        elif exitstatus == pytest.ExitCode.INTERRUPTED:
            reason = "the run was interrupted"
        else:
            reason = "its scenarios did not report (under -n, the checklist is printed here)"
        self._print_decided(final_reason=reason)

    def _print_decided(self, final_reason: str | None) -> None:
        tags = list(SECTIONS)
        while self._next < len(tags):
            tag = tags[self._next]
            wanted = self._expected.get(tag, set())
            findings = self.findings
            has_findings = any(tag in f.sections for f in findings)
            if final_reason is None and wanted and not wanted <= self._done:
                return
            self._next += 1
            if not wanted and not has_findings:
                continue
            section = verdict(tag, findings, len(wanted), final_reason or "")
            self._printed.append(section)
            self._emit(section_lines(section, self._width))

    def _emit(self, lines: list[str]) -> None:
        guard = self._capture.global_and_fixture_disabled() if self._capture else None
        with guard or contextlib.nullcontext():
            self._write("\n".join(lines) + "\n")


def _sections_of(item: pytest.Item) -> list[str]:
    return [str(m.kwargs.get("section", "")) for m in item.iter_markers("howto")]


def _howto_position(item: pytest.Item) -> int:
    return min((_ORDER.get(tag, len(_ORDER)) for tag in _sections_of(item)), default=len(_ORDER))


def run_checks(
    suite: Suite, pytest_args: list[str], progress: Progress
) -> tuple[int, list[Finding], str]:
    """Runs every scenario but those proving the how-to's own errors, in this interpreter,
    with pytest's own output held back and ``progress`` printing the checklist; returns
    pytest's exit code, the findings and pytest's output."""
    with tempfile.TemporaryDirectory(prefix="dcr-harness-doctor-") as scratch:
        results = Path(scratch) / "findings.jsonl"
        args = suite.arguments(
            ["-m", "not doc-error", "-q", "--no-header", f"--dcr-results={results}", *pytest_args]
        )
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            code = int(pytest.main(args, plugins=[progress]))
        if not results.exists():
            return code, progress.findings, output.getvalue()
        lines = results.read_text().splitlines()
    return code, [Finding.from_json(line) for line in lines], output.getvalue()
