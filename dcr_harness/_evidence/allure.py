"""What Allure shows of a scenario, for Allure 2 and Allure 3 alike.

- Labels: epic = the how-to section, feature = the Feature, story = the scenario; every Gherkin
  tag, ``@howto:`` ones included, as a tag; ``dcr_category`` = setup, product or harness on a
  failure, which the categories of both Allure generations match.
- Each step's exchanges as text attachments, each ending with its curl reproduction.
- Each step's parameters are its own (parsed from the step text), not its fixtures' reprs.
- The Feature's "As a / I want / So that" keeps its lines.
- Secrets are masked in every name, parameter and failure detail before a file is written.
- Beside the results: ``environment.properties`` (the setup under test), ``categories.json``
  (Allure 2) and ``allurerc.json`` (Allure 3 reads categories from its config file only).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import allure
import allure_commons

from dcr_harness._core.redaction import REDACTOR
from dcr_harness._diagnosis.results import CATEGORIES
from dcr_harness._evidence.exchanges import Exchange
from dcr_harness._evidence.render import full_text, headline

# allure's dynamic API is untyped
_DYNAMIC: Any = allure.dynamic
CATEGORY_LABEL = "dcr_category"
CONFIG_FILE = "allurerc.json"
_NAME = "dcr-harness-allure"


def label_scenario(
    sections: Iterable[str], feature: str, scenario: str, tags: Iterable[str]
) -> None:
    """Labels of the running scenario (call after allure-pytest-bdd has scheduled it)."""
    for section in sections:
        _DYNAMIC.epic(section)
    _DYNAMIC.feature(feature)
    _DYNAMIC.story(scenario)
    for tag in sorted(set(tags)):
        _DYNAMIC.tag(tag)


def label_category(category: str) -> None:
    _DYNAMIC.label(CATEGORY_LABEL, category)


def attach_exchanges(exchanges: Iterable[Exchange]) -> None:
    """Each exchange on the running step, named by its request line and answer."""
    for exchange in exchanges:
        allure.attach(
            full_text(exchange),
            name=headline(exchange),
            attachment_type=allure.attachment_type.TEXT,
        )


class AllureFinisher:
    """Runs before Allure's file writer: keeps each step's own parameters, removes repeated
    labels, keeps the description's lines, and masks secrets in what is about to be written."""

    def __init__(self) -> None:
        self.step_arguments: dict[str, frozenset[str]] = {}

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        self._own_parameters(result)
        _unique_labels(result)
        _description_lines(result)
        _redact_item(result)

    @allure_commons.hookimpl(tryfirst=True)
    def report_container(self, container: Any) -> None:
        _redact_item(container)

    def _own_parameters(self, item: Any) -> None:
        for step in getattr(item, "steps", None) or []:
            wanted = self.step_arguments.get(step.name)
            if wanted is not None:
                step.parameters = [p for p in step.parameters if p.name in wanted]
            self._own_parameters(step)


FINISHER = AllureFinisher()


def register_finisher() -> None:
    if allure_commons.plugin_manager.get_plugin(_NAME) is None:
        allure_commons.plugin_manager.register(FINISHER, name=_NAME)


def _unique_labels(result: Any) -> None:
    seen: set[tuple[str, str]] = set()
    labels = []
    for label in result.labels:
        key = (label.name, label.value)
        if key not in seen:
            seen.add(key)
            labels.append(label)
    result.labels = labels


def _description_lines(result: Any) -> None:
    """Allure renders a description as Markdown, which joins a paragraph's lines."""
    text = result.description
    if not text or result.descriptionHtml:
        return
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    result.descriptionHtml = "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )
    result.description = "\n\n".join(
        "  \n".join(line.strip() for line in p.splitlines()) for p in paragraphs
    )


def _redact_item(item: Any) -> None:
    for parameter in getattr(item, "parameters", None) or []:
        if isinstance(parameter.value, str):
            parameter.value = REDACTOR.redact(parameter.value)
    for field in ("name", "description", "descriptionHtml"):
        if isinstance(getattr(item, field, None), str):
            setattr(item, field, REDACTOR.redact(getattr(item, field)))
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


def write_beside_results(results_dir: Path, environment: dict[str, str]) -> None:
    """The environment and the categories, for Allure 2 (read from the results folder) and
    Allure 3 (``allure awesome <results> --config <results>/allurerc.json``)."""
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "environment.properties").write_text(
        "".join(f"{_property_key(k)}={_property_value(v)}\n" for k, v in environment.items())
    )
    allure2 = [
        {
            "name": CATEGORIES[category],
            "matchedStatuses": ["failed", "broken"],
            "messageRegex": regex,
        }
        for category, regex in _MESSAGE_PATTERNS.items()
    ]
    (results_dir / "categories.json").write_text(json.dumps(allure2, indent=2))
    allure3 = {
        "name": f"dcr-harness: {environment.get('setup', '')}",
        "categories": {
            "rules": [
                {
                    "id": f"dcr-harness-{category}",
                    "name": title,
                    "matchers": {
                        "statuses": ["failed", "broken"],
                        "labels": {CATEGORY_LABEL: f"^{category}$"},
                    },
                }
                for category, title in CATEGORIES.items()
            ]
        },
    }
    (results_dir / CONFIG_FILE).write_text(json.dumps(allure3, indent=2))


# Allure 2 matches categories by message only: a setup error's message names its how-to step.
_MESSAGE_PATTERNS = {
    "setup": r"(?s).*\[how-to: .*",
    "harness": r"(?s).*(unreachable|no target serves|timed out|Timeout).*",
    "product": r"(?s).*",
}


def _property_key(key: str) -> str:
    return key.replace("\\", "\\\\").replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")


def _property_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")
