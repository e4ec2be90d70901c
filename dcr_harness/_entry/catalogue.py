"""``dcr-harness steps``: the step library as a catalogue, grouped by how-to section.

A step belongs to the sections whose packaged scenarios use it (read from the feature files,
so the grouping cannot drift from the suite); a step no packaged scenario uses is listed under
its module's domain. Each entry shows the keyword, the text with its parameters, and the first
line of the step function's docstring: what the step does or checks.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pytest_bdd.feature import get_features
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from dcr_harness._diagnosis.results import SECTIONS
from dcr_harness._entry.suite import HOWTO_FEATURES
from dcr_harness.steps import STEP_MODULES

_PARAMETER = re.compile(r"\{(\w+)(?::([^}]*))?\}|\(\?P<(\w+)>")
_TYPES = {"d": "integer", "f": "number", "w": "word"}


@dataclass(frozen=True)
class StepEntry:
    keyword: str
    text: str
    parameters: tuple[str, ...]
    checks: str
    module: str
    sections: frozenset[str] = field(default_factory=frozenset)


def library() -> list[StepEntry]:
    """Every step of the library, with the how-to sections that use it."""
    for module in STEP_MODULES:
        importlib.import_module(module)
    contexts = [
        c
        for c in list(step_function_context_registry.values())
        if c.step_func.__module__ in STEP_MODULES
    ]
    used = _sections_using(contexts)
    entries = {
        (c.type or "step", c.parser.name): StepEntry(
            keyword=(c.type or "step").capitalize(),
            text=c.parser.name,
            parameters=_parameters(c.parser.name),
            checks=_first_line(c.step_func.__doc__),
            module=c.step_func.__module__.rsplit(".", 1)[-1],
            sections=frozenset(used.get(id(c), ())),
        )
        for c in contexts
    }
    return sorted(entries.values(), key=lambda e: (_KEYWORD_ORDER[e.keyword], e.text))


_KEYWORD_ORDER = {"Given": 0, "When": 1, "Then": 2, "Step": 3}


def step_catalogue() -> str:
    entries = library()
    lines = [f"dcr-harness step library: {len(entries)} steps", ""]
    for tag, title in SECTIONS.items():
        mine = [e for e in entries if tag in e.sections]
        if mine:
            lines += [f"{title} (@howto:{tag})", *_rendered(mine), ""]
    unused = [e for e in entries if not e.sections]
    for module in sorted({e.module for e in unused}):
        lines += [
            f"Other steps ({module})",
            *_rendered(e for e in unused if e.module == module),
            "",
        ]
    return "\n".join(lines).rstrip()


def _rendered(entries: Iterable[StepEntry]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        out.append(f"  {entry.keyword} {entry.text}")
        if entry.parameters:
            out.append(f"      parameters: {', '.join(entry.parameters)}")
        out.append(f"      {entry.checks}")
    return out


def _sections_using(contexts: list[StepFunctionContext]) -> dict[int, set[str]]:
    used: dict[int, set[str]] = {}
    features = get_features([str(p) for p in sorted(HOWTO_FEATURES.rglob("*.feature"))])
    for feature in features:
        for scenario in feature.scenarios.values():
            tags = scenario.tags | feature.tags
            sections = {t.split(":", 1)[1] for t in tags if t.startswith("howto:")}
            for step in scenario.steps:
                for context in contexts:
                    if context.type in (step.type, None) and context.parser.is_matching(step.name):
                        used.setdefault(id(context), set()).update(sections)
    return used


def _parameters(text: str) -> tuple[str, ...]:
    found = []
    for name, kind, group in _PARAMETER.findall(text):
        if group:
            found.append(group)
        else:
            found.append(f"{name} ({_TYPES.get(kind, kind or 'text')})")
    return tuple(found)


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else "(undocumented)"
