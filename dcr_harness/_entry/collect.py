"""``--dcr-features DIR``: collect ``.feature`` files directly, one test module per file.

pytest-bdd binds scenarios through a Python module that calls ``scenarios()``. This collector
makes that module for each feature file, so the packaged how-to suite and a team's own
features run without a binding module of their own. Node ids are the feature file's path and
the scenario's name (``features/okta/add-claim.feature::A claim named ...``), so ``-v``, ``-k``
and the reports speak of scenarios, not of generated function names. The conftest files beside
the features still load, as for any collected directory, so a team's own steps there join the
step library.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenarios
from pytest_bdd.scenario import scenario_wrapper_template_registry

FEATURES_OPTION = "--dcr-features"
_BIND = "scenarios(FEATURE, features_base_dir=BASE)"


class FeatureFile(pytest.Module):
    """A ``.feature`` file collected as the test module pytest-bdd would have bound it in."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType(f"dcr_harness_features.{self.path.stem}")
        module.__file__ = str(self.path)
        namespace = module.__dict__
        namespace.update(scenarios=scenarios, FEATURE=str(self.path), BASE=str(self.path.parent))
        # the namespace is the caller module pytest-bdd fills; the code is the feature file's
        # own, so pytest-bdd finds its caller's file at once, not by searching every module
        exec(compile(_BIND, str(self.path), "exec"), namespace)
        for name in ("scenarios", "FEATURE", "BASE"):
            del namespace[name]
        return module


_TAKEN = pytest.StashKey[dict[str, object]]()  # name -> the test function holding it


def scenario_items(collector: pytest.Collector, made: object) -> object:
    """What pytest made of a module attribute, with each pytest-bdd scenario test named by
    its scenario and located at its line (any other result unchanged). A repeated name in one
    module gets a number; an outline's example ids stay in brackets."""
    found = made if isinstance(made, list) else [made]
    functions = [f for f in found if isinstance(f, pytest.Function)]
    if not functions or len(functions) != len(found):
        return made
    renamed: list[pytest.Function] = []
    taken = collector.stash.setdefault(_TAKEN, {})
    for function in functions:
        template = scenario_wrapper_template_registry.get(function.obj)
        if template is None:
            return made
        renamed.append(_named_by_scenario(function, template, taken))
    return renamed


def _named_by_scenario(
    function: pytest.Function, template: Any, taken: dict[str, object]
) -> pytest.Function:
    scenario = str(template.name)
    name, number = scenario, 1
    while taken.get(name, function.obj) is not function.obj:  # an outline's examples share one
        number += 1
        name = f"{scenario} ({number})"
    example = function.name[len(function.originalname) :]
    taken[name] = function.obj
    # pytest builds the node id from originalname; callobj spares it looking the name up; the
    # fixture info carries the outline's example parameters (pytest has no public accessor)
    options: dict[str, Any] = {
        "callobj": function.obj,
        "originalname": name,
        "fixtureinfo": function._fixtureinfo,
    }
    callspec = getattr(function, "callspec", None)
    if callspec is not None:
        options["callspec"] = callspec
    parent = function.parent
    assert parent is not None
    item = ScenarioItem.from_parent(parent, name=name + example, **options)
    item.scenario_line = int(template.line_number)
    return item


class ScenarioItem(pytest.Function):
    """A scenario's test, located at the scenario's line of its feature file."""

    scenario_line = 0

    def reportinfo(self) -> tuple[Path, int, str]:
        # the domain must not end the node id: pytest would write its dots as "::" in -v
        return self.path, self.scenario_line - 1, f"Scenario: {self.originalname}"


def feature_roots(config: pytest.Config) -> list[Path]:
    return [Path(p).resolve() for p in config.getoption(FEATURES_OPTION) or []]


def collect_feature_file(
    file_path: Path, parent: pytest.Collector, roots: list[Path]
) -> FeatureFile | None:
    if file_path.suffix != ".feature":
        return None
    resolved = file_path.resolve()
    if not any(resolved == root or root in resolved.parents for root in roots):
        return None
    return FeatureFile.from_parent(parent, path=file_path)
