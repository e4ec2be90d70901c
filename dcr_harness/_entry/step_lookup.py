"""A faster pytest-bdd step lookup, with the same answers.

For every step it runs, pytest-bdd asks pytest which definitions of every fixture name are
visible to the scenario (``find_fixturedefs_for_step``) and keeps the step definitions whose
parser matches the step: about 150 names for each of the how-to's 200 steps, a quarter of a
run's scenario time. The visible step definitions are the same for every scenario of one
module, and a step's text matches the same definitions each time, so both are kept here for the
session: the first per test module (or class), the second per step type and text. A step
definition registered later (the registry grows) starts both afresh.

pytest-bdd has no hook for this; the function replaced is its own module attribute. When it is
missing or takes other arguments, pytest-bdd's lookup is left as it is.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

# the package's ``scenario`` attribute is the function of that name, not the module
_scenario: Any = importlib.import_module("pytest_bdd.scenario")

_EXPECTED_PARAMETERS = ["step", "fixturemanager", "node"]


class _SessionLookups:
    """What one fixture manager (one pytest session) has answered."""

    def __init__(self) -> None:
        self.registered = -1
        self.visible: dict[object, list[tuple[Any, Any]]] = {}  # parent -> (fixturedef, context)
        self.matches: dict[tuple[object, str | None, str], list[Any]] = {}


# on the session itself, which they refer to (its nodes): kept anywhere else, they would keep
# every session of the process alive
_LOOKUPS = pytest.StashKey[_SessionLookups]()
_replaced: Any = None  # pytest-bdd's own lookup, once replaced


def _visible_step_definitions(fixturemanager: Any, node: Any) -> list[tuple[Any, Any]]:
    registry = _scenario.step_function_context_registry
    found: list[tuple[Any, Any]] = []
    for name in _scenario.get_fixture_names(fixturemanager=fixturemanager):
        for fixturedef in _scenario.getfixturedefs(fixturemanager, name, node) or []:
            context = registry.get(fixturedef.func)
            if context is not None:
                found.append((fixturedef, context))
    return found


def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> list[Any]:
    """pytest-bdd's ``find_fixturedefs_for_step``, answered from the session's lookups."""
    stash = node.session.stash
    lookups = stash.get(_LOOKUPS, None)
    if lookups is None:
        lookups = stash[_LOOKUPS] = _SessionLookups()
    registered = len(_scenario.step_function_context_registry)
    if registered != lookups.registered:
        lookups.visible.clear()
        lookups.matches.clear()
        lookups.registered = registered
    # fixtures pytest registers on the item itself are never step definitions
    scope = node.parent if node.parent is not None else node
    key = (scope, step.type, step.name)
    matched = lookups.matches.get(key)
    if matched is None:
        visible = lookups.visible.get(scope)
        if visible is None:
            visible = lookups.visible[scope] = _visible_step_definitions(fixturemanager, node)
        matched = lookups.matches[key] = [
            fixturedef
            for fixturedef, context in visible
            if (context.type is None or context.type == step.type)
            and context.parser.is_matching(step.name)
        ]
    return list(matched)


def _replaceable(original: object) -> bool:
    if not callable(original) or not all(
        hasattr(_scenario, name)
        for name in ("step_function_context_registry", "get_fixture_names", "getfixturedefs")
    ):
        return False
    try:
        return list(inspect.signature(original).parameters) == _EXPECTED_PARAMETERS
    except (TypeError, ValueError):
        return False


def install() -> bool:
    """Answer pytest-bdd's step lookups from the session's; False when its shape is unknown."""
    original = getattr(_scenario, "find_fixturedefs_for_step", None)
    if original is find_fixturedefs_for_step:
        return True
    if not _replaceable(original):
        return False
    global _replaced
    _replaced = original
    _scenario.find_fixturedefs_for_step = find_fixturedefs_for_step
    return True
