"""``dcr-harness`` and plain ``pytest`` as a team runs them in its repository, but in this
interpreter: ``dcr-harness run`` runs pytest in the process that calls it, so a subprocess adds
only start-up. The tests that need a fresh interpreter (the console script itself, what is
imported before pytest starts, plugin autoloading, warnings of a first import) keep one."""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from dcr_harness._entry import cli

# the environment a team's shell would not have: the harness's own and the tenants' secrets
PRIVATE_PREFIXES = ("DCR_HARNESS", "OKTA_", "KONNECT_", "DEVPORTAL_")
# this process imported the plugins' packages already, so pytest cannot rewrite them
IMPORTED_ALREADY = ("-W", "ignore::pytest.PytestAssertRewriteWarning")


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def dcr_harness(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> Result:
    """``dcr-harness ARGS`` in ``cwd``, with the environment of a team's shell plus ``env``."""
    passes_to_pytest = bool(args) and args[0] in cli.PASSES_THROUGH
    argv = [*args, *IMPORTED_ALREADY] if passes_to_pytest else list(args)
    return _in_process(cwd, env, lambda: cli.main(argv))


def plain_pytest(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> Result:
    """``pytest ARGS`` in ``cwd``, the harness's plugin found by its entry point as there."""
    return _in_process(cwd, env, lambda: int(pytest.main([*args, *IMPORTED_ALREADY])))


def _in_process(cwd: Path, env: Mapping[str, str] | None, command: Callable[[], int]) -> Result:
    """The command, and then the process as it was: the modules it imported from ``cwd`` (every
    team's repository has its ``test_features.py``) are forgotten with the folders pytest put on
    ``sys.path`` for them."""
    out, err = io.StringIO(), io.StringIO()
    path, modules = list(sys.path), set(sys.modules)
    # This session's heap is the command's to ignore, as a team's fresh process has none:
    # pytest ends each session with full collections, which would walk all of it.
    gc.freeze()
    try:
        code = _with_environment(cwd, env, command, out, err)
    finally:
        gc.unfreeze()
        sys.path[:] = path
        _forget_modules_under(cwd.resolve(), set(sys.modules) - modules)
    return Result(code, out.getvalue(), err.getvalue())


def _with_environment(
    cwd: Path,
    env: Mapping[str, str] | None,
    command: Callable[[], int],
    out: io.StringIO,
    err: io.StringIO,
) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        for name in [n for n in os.environ if n.startswith(PRIVATE_PREFIXES)]:
            patch.delenv(name)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                return command()
            except SystemExit as exc:  # argparse: --version, --help, a wrong option
                return exc.code if isinstance(exc.code, int) else 1


def _forget_modules_under(folder: Path, names: set[str]) -> None:
    for name in names:
        file = getattr(sys.modules[name], "__file__", None)
        if file is not None and Path(file).resolve().is_relative_to(folder):
            del sys.modules[name]
