"""pytest's failure reports never carry secrets: the failure text and the captured output
are redacted before any reporter (terminal, JUnit, HTML) sees them."""

from __future__ import annotations

import pytest

from dcr_harness._core.redaction import REDACTOR


def redact_report(report: pytest.TestReport) -> None:
    if report.longrepr is not None and report.failed:
        report.longrepr = REDACTOR.redact(str(report.longrepr))
    report.sections = [(title, REDACTOR.redact(text)) for title, text in report.sections]
