"""The plugin's own loading: what pytest compiles, and what it registers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from dcr_harness._entry import plugin


def test_the_harness_and_faker_are_taken_off_the_rewrite_list_and_nothing_else() -> None:
    hook = SimpleNamespace(
        _must_rewrite={"dcr_harness", "dcr_harness.steps.okta", "faker", "respx", "dcr_harnessx"},
        _marked_for_rewrite_cache={"dcr_harness.fakes": True},
    )
    manager = cast(Any, SimpleNamespace(rewrite_hook=hook))
    plugin._keep_own_bytecode(manager)
    assert hook._must_rewrite == {"respx", "dcr_harnessx"}
    assert hook._marked_for_rewrite_cache == {}


def test_a_pytest_without_that_private_list_is_left_alone() -> None:
    plugin._keep_own_bytecode(cast(Any, SimpleNamespace(rewrite_hook=None)))


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
