"""The session's step lookup gives pytest-bdd's own answers, for the how-to and for a team's
steps that override the library's in one folder and not in another."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dcr_harness._entry import step_lookup
from dcr_harness._entry.suite import HOWTO_FEATURES


class _Comparing:
    """On every step that runs: pytest-bdd's own lookup and the session's give the same
    definitions, and pytest-bdd itself asks the session's (the step then runs with it)."""

    def __init__(self) -> None:
        self.compared: list[str] = []

    def pytest_bdd_before_step(self, request: Any, step: Any) -> None:
        scenario = step_lookup._scenario
        assert scenario.find_fixturedefs_for_step is step_lookup.find_fixturedefs_for_step
        manager, node = request._fixturemanager, request.node
        expected = list(step_lookup._replaced(step=step, fixturemanager=manager, node=node))
        got = step_lookup.find_fixturedefs_for_step(step, manager, node)
        assert got == expected, (step.name, got, expected)
        assert got, step.name
        self.compared.append(step.name)


def _run_comparing(root: Path, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> _Comparing:
    monkeypatch.chdir(root)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    comparing = _Comparing()
    options = ["-q", "-p", "no:cacheprovider", "--import-mode=importlib", f"--rootdir={root}"]
    # this process imported the plugins' packages already, so pytest cannot rewrite them
    options += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert pytest.main([*options, *arguments], plugins=[comparing]) == 0
    return comparing


def test_every_howto_step_finds_what_pytest_bdd_itself_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = str(HOWTO_FEATURES)
    comparing = _run_comparing(tmp_path, monkeypatch, "--dcr-features", features, features)
    assert len(comparing.compared) > 150


_LIBRARY_STEPS = """
from pytest_bdd import given

@given("a greeting", target_fixture="greeting")
def library_greeting():
    return "library"
"""

_FEATURE = """
Feature: Greetings {where}
  Scenario: The greeting {where}
    Given a greeting
    Then the greeting comes from {expected}
"""

_BINDING = """
from pytest_bdd import parsers, scenarios, then

scenarios("greeting.feature")

@then(parsers.parse("the greeting comes from {expected}"))
def check(greeting, expected):
    assert greeting == expected
"""

_TEAM_OVERRIDE = """
from pytest_bdd import given

@given("a greeting", target_fixture="greeting")
def team_greeting():
    return "team"
"""


def test_a_teams_override_wins_in_its_folder_and_only_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conftest.py").write_text(_LIBRARY_STEPS)
    for folder, expected, override in (("plain", "library", False), ("team", "team", True)):
        (tmp_path / folder).mkdir()
        feature = _FEATURE.format(where=folder, expected=expected)
        (tmp_path / folder / "greeting.feature").write_text(textwrap.dedent(feature))
        (tmp_path / folder / f"test_{folder}.py").write_text(_BINDING)
        if override:
            (tmp_path / folder / "conftest.py").write_text(_TEAM_OVERRIDE)
    comparing = _run_comparing(tmp_path, monkeypatch)
    plain = ["a greeting", "the greeting comes from library"]
    team = ["a greeting", "the greeting comes from team"]
    assert comparing.compared == [*plain, *team]


def test_a_pytest_bdd_of_another_shape_keeps_its_own_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def other_lookup(step: object, fixturemanager: object, node: object, extra: object) -> None:
        return None

    monkeypatch.setattr(step_lookup._scenario, "find_fixturedefs_for_step", other_lookup)
    assert step_lookup.install() is False
    assert step_lookup._scenario.find_fixturedefs_for_step is other_lookup


class _Session:
    """A stand-in session: the lookups are kept on its stash."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()


def test_a_step_registered_later_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Parser:
        def is_matching(self, text: str) -> bool:
            return text == "a step"

    def register(name: str) -> object:
        definition = SimpleNamespace(func=lambda: None, name=name)
        registry[definition.func] = SimpleNamespace(type="given", parser=Parser())
        names[name] = definition
        return definition

    registry: dict[object, object] = {}
    names: dict[str, SimpleNamespace] = {}

    def getfixturedefs(manager: object, name: str, node: object) -> list[object]:
        calls.append(name)
        return [names[name]]

    monkeypatch.setattr(step_lookup._scenario, "step_function_context_registry", registry)
    monkeypatch.setattr(step_lookup._scenario, "get_fixture_names", lambda fixturemanager: names)
    monkeypatch.setattr(step_lookup._scenario, "getfixturedefs", getfixturedefs)
    manager, node = object(), SimpleNamespace(parent="module", session=_Session())
    step = SimpleNamespace(type="given", name="a step")
    first = register("first")
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first]
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first]
    assert calls == ["first"]
    second = register("second")
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first, second]
