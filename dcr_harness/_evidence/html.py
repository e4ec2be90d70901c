"""The parts of the self-contained HTML report (pytest-html) that are the harness's own: the
checklist in the how-to's order above the results, and for each scenario its Gherkin steps,
the failing step's diagnosis and fix, and its HTTP exchanges. Everything is escaped and
redacted here; pytest-html inlines it in one file that needs no network."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from dcr_harness._core.redaction import REDACTOR
from dcr_harness._diagnosis.doctor import PASS, SectionVerdict
from dcr_harness._diagnosis.results import Finding
from dcr_harness._evidence.exchanges import ScenarioExchanges
from dcr_harness._evidence.render import full_text, headline

STYLE = """
<style>
.dcr-checklist td, .dcr-checklist th { padding: 2px 8px; text-align: left; vertical-align: top; }
.dcr-PASS { color: #1a7f37; font-weight: bold; }
.dcr-FAIL { color: #cf222e; font-weight: bold; }
.dcr-NOT-RUN { color: #9a6700; font-weight: bold; }
.dcr-steps li.failed { color: #cf222e; font-weight: bold; }
.dcr-steps li.not-run { color: #6e7781; }
.dcr-diagnosis { border-left: 4px solid #cf222e; padding: 4px 8px; margin: 6px 0; }
.dcr-exchange pre { white-space: pre-wrap; word-break: break-all; }
</style>
"""


def _text(value: str | None) -> str:
    return escape(REDACTOR.redact(value or ""))


def checklist(sections: Iterable[SectionVerdict], environment: dict[str, str]) -> str:
    rows = []
    for section in sections:
        css = section.verdict.replace(" ", "-")
        details = []
        if section.reason:
            details.append(f"not run: {_text(section.reason)}")
        for problem in section.problems:
            label = f"<b>{_text(problem.diagnosis)}</b> " if problem.diagnosis else ""
            details.append(f"{label}[{_text(problem.category)}] {_text(problem.problem)}")
            if problem.fix:
                details.append(f"fix: {_text(problem.fix)}")
        rows.append(
            f'<tr><td class="dcr-{css}">{section.verdict}</td><td>{escape(section.title)}</td>'
            f"<td>{escape(section.count)}</td><td>{'<br>'.join(details)}</td></tr>"
        )
    healthy = all(s.verdict == PASS for s in sections) if rows else False
    verdict = "All checks pass." if healthy else "Some checks fail or did not run."
    setup = ", ".join(
        f"{escape(k)}: {_text(v)}" for k, v in environment.items() if k in _SHOWN_SETUP
    )
    return (
        f"{STYLE}<h2>How-to checklist</h2><p>{setup}</p>"
        '<table class="dcr-checklist"><tr><th>verdict</th><th>how-to section</th>'
        f"<th>checks</th><th>diagnosis and fix</th></tr>{''.join(rows)}</table>"
        f"<p><b>{verdict}</b></p>"
    )


_SHOWN_SETUP = ("targets", "setup", "run_id")


def scenario(
    name: str,
    steps: list[tuple[str, str]],
    found: Finding | None,
    exchanges: ScenarioExchanges | None,
    failed_step: str | None = None,
) -> str:
    """The scenario's steps with their outcome, the diagnosis of a failure, and every
    exchange under the step that made it (the failing step's shown open)."""
    items = "".join(
        f'<li class="{status.replace(" ", "-")}">{_text(title)}'
        f"{'' if status == 'passed' else f' <i>({escape(status)})</i>'}</li>"
        for title, status in steps
    )
    parts = [f"<h3>Scenario: {_text(name)}</h3><ol class='dcr-steps'>{items}</ol>"]
    if found is not None and found.outcome != "passed":
        parts.append(_diagnosis(found))
    for title, recorded in exchanges.steps if exchanges else []:
        if not recorded:
            continue
        parts.append(f"<h4>HTTP exchanges: {_text(title or 'outside the steps')}</h4>")
        for exchange in recorded:
            parts.append(
                f"<details class='dcr-exchange'{' open' if title == failed_step else ''}>"
                f"<summary>{escape(headline(exchange))}</summary>"
                f"<pre>{escape(full_text(exchange))}</pre></details>"
            )
    return "".join(parts)


def _diagnosis(found: Finding) -> str:
    lines = []
    if found.diagnosis:
        lines.append(
            f"<b>Diagnosis {_text(found.diagnosis)}</b> [{_text(found.category)}], how-to step "
            f"{_text(found.broken_section)}"
        )
    elif found.category:
        lines.append(f"<b>Failed</b> [{_text(found.category)}]")
    if found.problem:
        lines.append(_text(found.problem))
    if found.fix:
        lines.append(f"<b>Fix:</b> {_text(found.fix)}")
    return f"<div class='dcr-diagnosis'>{'<br>'.join(lines)}</div>"
