"""What each scenario found, by how-to section: the doctor's checklist, the traceability table
and the reports' categories are all written from these records."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from dcr_harness._core.config import ConfigError
from dcr_harness._core.errors import Unreachable, VendorError
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._diagnosis.checks import SetupError

SECTIONS = {
    "issuer-url": "Issuer URL",
    "create-a-token": "Create a token",
    "add-scopes": "Add scopes",
    "add-claim": "Add claim",
    "access-policy": "Access policy (missing from the how-to)",
    "dcr-provider": "Configure the Dev Portal: DCR provider",
    "auth-strategy": "Configure the Dev Portal: auth strategy",
    "create-application": "Create an application with DCR",
    "successful-request": "Make a successful request",
    "all": "The whole how-to, start to finish",
}

CATEGORIES = {
    "setup": "Setup errors: the configuration under test",
    "product": "Product behaviour: a vendor answered unexpectedly",
    "harness": "Harness or environment: network, timeouts, harness configuration",
}


@dataclass(frozen=True)
class Finding:
    nodeid: str
    scenario: str
    sections: tuple[str, ...]
    outcome: str
    category: str | None = None
    diagnosis: str | None = None
    problem: str | None = None
    fix: str | None = None
    broken_section: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Finding:
        data: dict[str, Any] = json.loads(text)
        data["sections"] = tuple(data["sections"])
        return cls(**data)


def categorise(error: BaseException) -> str:
    if isinstance(error, SetupError):
        return error.entry.category
    if isinstance(error, Unreachable | ConfigError | httpx.TransportError):
        return "harness"
    if isinstance(error, VendorError | AssertionError):
        return "product"
    return "harness"


def finding(
    nodeid: str, scenario: str, sections: tuple[str, ...], outcome: str, error: BaseException | None
) -> Finding:
    """The scenario's record, its texts redacted when made: they outlive the run's secrets
    (the doctor prints them once the run has ended)."""
    if error is None:
        return Finding(nodeid, scenario, sections, outcome)
    if isinstance(error, SetupError):
        return Finding(
            nodeid,
            scenario,
            sections,
            outcome,
            category=error.entry.category,
            diagnosis=error.entry.id,
            problem=REDACTOR.redact(error.problem),
            fix=REDACTOR.redact(error.fix),
            broken_section=error.entry.section,
        )
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Finding(
        nodeid,
        scenario,
        sections,
        outcome,
        category=categorise(error),
        problem=REDACTOR.redact(first_line),
    )


def write_traceability(findings: list[Finding], path: Path, run_id: str = "") -> None:
    lines = [
        "# How-to traceability",
        "",
        *([f"Run id: `{run_id}` (for `dcr-harness sweep --run {run_id}`)", ""] if run_id else []),
        "| how-to section | scenario | status | diagnosis |",
        "| --- | --- | --- | --- |",
    ]
    for tag, title in SECTIONS.items():
        for item in (f for f in findings if tag in f.sections):
            lines.append(f"| {title} | {item.scenario} | {item.outcome} | {item.diagnosis or ''} |")
    path.write_text("\n".join(lines) + "\n")
