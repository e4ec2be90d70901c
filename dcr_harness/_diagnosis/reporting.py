"""Reports never carry secrets: Allure results and pytest failure reports are redacted before
they are written."""

from __future__ import annotations

from typing import Any

import allure_commons
import pytest

from dcr_harness._core.redaction import REDACTOR

_NAME = "dcr-harness-redactor"


class AllureRedactor:
    """Runs before Allure's file writer and masks secrets in the result it is about to write:
    step parameters (allure-pytest-bdd records every step argument's repr), names and
    failure details."""

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        _redact_item(result)

    @allure_commons.hookimpl(tryfirst=True)
    def report_container(self, container: Any) -> None:
        _redact_item(container)


def _redact_item(item: Any) -> None:
    for parameter in getattr(item, "parameters", None) or []:
        if isinstance(parameter.value, str):
            parameter.value = REDACTOR.redact(parameter.value)
    if isinstance(getattr(item, "name", None), str):
        item.name = REDACTOR.redact(item.name)
    details = getattr(item, "statusDetails", None)
    if details is not None:
        for field in ("message", "trace"):
            value = getattr(details, field, None)
            if isinstance(value, str):
                setattr(details, field, REDACTOR.redact(value))
    for step in getattr(item, "steps", None) or []:
        _redact_item(step)
    for fixture in (getattr(item, "befores", None) or []) + (getattr(item, "afters", None) or []):
        _redact_item(fixture)


def register_allure_redactor() -> None:
    if allure_commons.plugin_manager.get_plugin(_NAME) is None:
        allure_commons.plugin_manager.register(AllureRedactor(), name=_NAME)


def redact_report(report: pytest.TestReport) -> None:
    if report.longrepr is not None and report.failed:
        report.longrepr = REDACTOR.redact(str(report.longrepr))
