"""``--dcr-features DIR``: collect ``.feature`` files directly, one test module per file.

pytest-bdd binds scenarios through a Python module that calls ``scenarios()``. This collector
makes that module for each feature file, so the packaged how-to suite and a team's own
features run without a binding module of their own, with node ids and report names that are
the feature files' paths. The conftest files beside the features still load, as for any
collected directory, so a team's own steps there join the step library.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from pytest_bdd import scenarios

FEATURES_OPTION = "--dcr-features"
_BIND = compile("scenarios(FEATURE, features_base_dir=BASE)", "<dcr-harness features>", "exec")


class FeatureFile(pytest.Module):
    """A ``.feature`` file collected as the test module pytest-bdd would have bound it in."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType(f"dcr_harness_features.{self.path.stem}")
        module.__file__ = str(self.path)
        namespace = module.__dict__
        namespace.update(scenarios=scenarios, FEATURE=str(self.path), BASE=str(self.path.parent))
        exec(_BIND, namespace)  # the namespace is the caller module pytest-bdd fills
        for name in ("scenarios", "FEATURE", "BASE"):
            del namespace[name]
        return module


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
