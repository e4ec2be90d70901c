"""Running the feature suite in this interpreter: the packaged how-to features, or a team's.

``dcr-harness run`` and ``dcr-harness doctor`` both come here. The features are collected
directly (``--dcr-features``), so no binding module is needed; pytest's own options come after
the harness's, so a user's ``--junitxml`` or ``-p`` wins over ours.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import dcr_harness
from dcr_harness._safety import interrupts

HOWTO_FEATURES = Path(dcr_harness.__file__).resolve().parent / "features"
# Plugins a run does not use: the project's own test tools, and faker's, whose ``faker`` fixture
# the harness never asks for and whose import costs more than half a second.
UNUSED_PLUGINS = ("schemathesis", "hypothesispytest", "anyio", "faker")
AUTOLOAD_OFF = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"
# entry-point names loaded by hand when autoloading is off
NEEDED_PLUGINS = (
    "pytest-bdd",
    "allure_pytest_bdd",
    "xdist",
    "pytest_metadata.plugin",
    "pytest_html.plugin",
    "dcr_harness",
)


BYTECODE_PLUGIN = "dcr_harness._entry.bytecode"
LEDGER, PREVIOUS_LEDGER = "ledger.jsonl", "ledger.previous.jsonl"


class SuiteError(Exception):
    """The suite cannot start; the message names the problem and the fix."""


@dataclass(frozen=True)
class Suite:
    features: tuple[Path, ...]
    config: str | None
    reports: Path | None
    targets: str | None = None

    @property
    def rootdir(self) -> Path:
        """The working directory when it holds every feature folder, else their common parent:
        reports name scenarios by their feature file's path below it."""
        cwd = Path.cwd()
        if all(cwd == f or cwd in f.parents for f in self.features):
            return cwd
        return Path(os.path.commonpath(self.features)).parent

    def arguments(self, pytest_args: Sequence[str] = ()) -> list[str]:
        args = ["-p", BYTECODE_PLUGIN]  # first: before any plugin's entry point is loaded
        args += [str(path) for path in self.features]
        args += [f"--dcr-features={path}" for path in self.features]
        args += [
            f"--rootdir={self.rootdir}",
            f"--override-ini=cache_dir={Path.cwd() / '.pytest_cache'}",
            "--strict-markers",
        ]
        if self.reports is not None:
            args += [
                f"--alluredir={self.reports / 'allure-results'}",
                "--clean-alluredir",
                f"--junitxml={self.reports / 'junit.xml'}",
                f"--html={self.reports / 'report.html'}",
                "--self-contained-html",
                f"--dcr-ledger={self.reports / LEDGER}",
                f"--dcr-traceability={self.reports / 'traceability.md'}",
            ]
        args += [f"-pno:{plugin}" for plugin in UNUSED_PLUGINS]
        if os.environ.get(AUTOLOAD_OFF):
            for plugin in NEEDED_PLUGINS:
                args += ["-p", plugin]
        if self.config is not None:
            args.append(f"--dcr-config={self.config}")
        if self.targets is not None:
            args.append(f"--dcr-targets={self.targets}")
        return [*args, *pytest_args]

    def run(self, pytest_args: Sequence[str] = ()) -> int:
        interrupts.arm()
        if self.reports is not None:
            _journal_afresh(self.reports / LEDGER)
        try:
            return int(pytest.main(self.arguments(pytest_args), plugins=[_SettledHeap()]))
        finally:
            gc.unfreeze()


class _SettledHeap:
    """What exists once the scenarios are collected (modules, specs, the step library) lives
    until the run ends, so the collector is kept off it: a tenth of a run's time went to
    collections walking it again, pytest's last two full ones included. ``run`` hands it back."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self) -> None:
        gc.freeze()


def suite(
    features: Sequence[str], config: str | None, reports: Path | None, targets: str | None = None
) -> Suite:
    """The suite to run: the how-to's features unless ``features`` names folders of a team's."""
    chosen = tuple(_feature_folder(f) for f in features) or (HOWTO_FEATURES,)
    if reports is not None:
        _writable_folder(reports)
    return Suite(chosen, config, reports, targets)


def _feature_folder(name: str) -> Path:
    path = Path(name).resolve()
    if not path.is_dir():
        raise SuiteError(
            f"--features {name}: no such folder; name the folder of your .feature files"
        )
    if not any(path.rglob("*.feature")):
        raise SuiteError(f"--features {name}: the folder holds no .feature file")
    return path


def _journal_afresh(journal: Path) -> None:
    """The reports folder holds this run's cleanup journal, as it holds its other reports; the
    run before's is kept beside it (it may be a killed run's, still to sweep), not appended to."""
    if journal.exists():
        journal.replace(journal.with_name(PREVIOUS_LEDGER))


def _writable_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SuiteError(
            f"--reports {path}: cannot create the folder ({exc.strerror}); choose a writable one"
        ) from None
    if not os.access(path, os.W_OK):
        raise SuiteError(f"--reports {path}: the folder is not writable; choose a writable one")
