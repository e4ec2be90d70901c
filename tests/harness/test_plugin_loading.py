"""The plugin's own loading: what pytest compiles, and what it registers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from dcr_harness._entry import bytecode


def test_the_harness_and_faker_are_taken_off_the_rewrite_list_and_nothing_else() -> None:
    hook = SimpleNamespace(
        _must_rewrite={
            "dcr_harness",
            "dcr_harness.steps.okta",
            "faker",
            "respx",
            "dcr_harnessx",
            "pytest_bdd",
        },
        _marked_for_rewrite_cache={"dcr_harness.fakes": True},
    )
    manager = cast(Any, SimpleNamespace(rewrite_hook=hook))
    bytecode.keep_bytecode(manager, bytecode.OWN_PACKAGES)
    assert hook._must_rewrite == {"respx", "dcr_harnessx", "pytest_bdd"}
    assert hook._marked_for_rewrite_cache == {}


def test_a_pytest_without_that_private_list_is_left_alone() -> None:
    bytecode.keep_bytecode(cast(Any, SimpleNamespace(rewrite_hook=None)), bytecode.RUN_PACKAGES)


def test_the_fakes_and_steps_load_from_bytecode_in_a_real_run(tmp_path: Path) -> None:
    (tmp_path / "test_loaders.py").write_text(
        textwrap.dedent(
            """
        import sys
        from _pytest.assertion.rewrite import AssertionRewritingHook

        def test_loaders():
            rewritten = sorted(
                name for name, module in list(sys.modules.items())
                if name.startswith(("dcr_harness.steps.", "faker"))
                and isinstance(getattr(module, "__loader__", None), AssertionRewritingHook)
            )
            assert rewritten == []

        def test_own_assertions_are_still_rewritten():
            value = 1
            try:
                assert value == 2
            except AssertionError as exc:
                assert "1 == 2" in str(exc)
            """
        )
    )
    code = (
        "import sys, pytest; sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', "
        "'-p', 'dcr_harness', 'test_loaders.py']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_a_harness_run_compiles_none_of_its_plugins_and_still_rewrites_a_teams_conftest(
    tmp_path: Path,
) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "own.feature").write_text(
        "Feature: Own\n  Scenario: A team's step\n    Given a step of the team's own\n"
    )
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            """
            import json, sys
            from pytest_bdd import given

            @given("a step of the team's own")
            def _own():
                assert 1 + 1 == 2

            def pytest_unconfigure(config):
                rewritten = getattr(config.pluginmanager.rewrite_hook, "_rewritten_names", {})
                with open("rewritten.json", "w") as out:
                    json.dump(sorted(rewritten), out)
            """
        )
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # nothing cached: all is compiled
    for name in ("DCR_HARNESS_CONFIG", "PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        env.pop(name, None)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dcr-harness")), "run", "--features", "features"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    rewritten = json.loads((tmp_path / "rewritten.json").read_text())
    assert "conftest" in rewritten
    plugins = [n for n in rewritten if n.partition(".")[0] in bytecode.RUN_PACKAGES]
    assert plugins == [bytecode.__name__]  # pytest compiles a module that ``-p`` names, always
