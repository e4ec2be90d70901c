"""The session's step lookup gives pytest-bdd's own answers, for the how-to and for a team's
steps that override the library's in one folder and not in another."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from dcr_harness._entry import step_lookup
from dcr_harness._entry.suite import HOWTO_FEATURES

# Loaded with -p before the harness: it keeps pytest-bdd's own lookup and compares both on
# every step that runs, and the step is then run with the session's answer.
_COMPARING_PLUGIN = """
import importlib

from dcr_harness._entry import step_lookup

scenario = importlib.import_module("pytest_bdd.scenario")
ORIGINAL = scenario.find_fixturedefs_for_step
COMPARED = []


def pytest_bdd_before_step(request, step):
    manager = request._fixturemanager
    assert scenario.find_fixturedefs_for_step is step_lookup.find_fixturedefs_for_step
    expected = list(ORIGINAL(step=step, fixturemanager=manager, node=request.node))
    got = step_lookup.find_fixturedefs_for_step(step, manager, request.node)
    assert got == expected, (step.name, got, expected)
    assert got, step.name
    COMPARED.append(step.name)


def pytest_sessionfinish(session):
    print(f"compared {len(COMPARED)} steps")
"""

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


def _write_team_layout(root: Path) -> None:
    (root / "conftest.py").write_text(_LIBRARY_STEPS)
    for folder, expected, override in (("plain", "library", False), ("team", "team", True)):
        (root / folder).mkdir()
        feature = _FEATURE.format(where=folder, expected=expected)
        (root / folder / "greeting.feature").write_text(textwrap.dedent(feature))
        (root / folder / f"test_{folder}.py").write_text(_BINDING)
        if override:
            (root / folder / "conftest.py").write_text(_TEAM_OVERRIDE)


_COMPARING = ("-p", "comparing_lookup")


def _run_comparing(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    (root / "comparing_lookup.py").write_text(_COMPARING_PLUGIN)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            *_COMPARING,
            *arguments,
        ],
        cwd=root,
        env={**_environment(), "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
    )


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("DCR_HARNESS_")}


def test_every_howto_step_finds_what_pytest_bdd_itself_finds(tmp_path: Path) -> None:
    result = _run_comparing(tmp_path, "--dcr-features", str(HOWTO_FEATURES), str(HOWTO_FEATURES))
    assert result.returncode == 0, result.stdout[-3000:]
    compared = int(result.stdout.split("compared ", 1)[1].split()[0])
    assert compared > 150


def test_a_teams_override_wins_in_its_folder_and_only_there(tmp_path: Path) -> None:
    _write_team_layout(tmp_path)
    result = _run_comparing(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout
    assert "compared 4 steps" in result.stdout


def test_a_pytest_bdd_of_another_shape_keeps_its_own_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def other_lookup(step: object, fixturemanager: object, node: object, extra: object) -> None:
        return None

    monkeypatch.setattr(step_lookup._scenario, "find_fixturedefs_for_step", other_lookup)
    assert step_lookup.install() is False
    assert step_lookup._scenario.find_fixturedefs_for_step is other_lookup


class _Session:
    """A stand-in fixture manager: the lookups are kept per manager, weakly."""


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
    manager, node = _Session(), SimpleNamespace(parent="module")
    step = SimpleNamespace(type="given", name="a step")
    first = register("first")
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first]
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first]
    assert calls == ["first"]
    second = register("second")
    assert step_lookup.find_fixturedefs_for_step(step, manager, node) == [first, second]
