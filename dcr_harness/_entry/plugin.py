"""The pytest plugin (entry point ``dcr_harness``): options, markers, the how-to tags, the
step library and the harness fixtures, available to any pytest run where dcr-harness is
installed.

``--dcr-config FILE`` (or ``DCR_HARNESS_CONFIG``) names the setup under test; without it every
target is a built-in fake. ``--howto SECTION`` keeps one how-to section. Loading the plugin
costs imports only: the network, the signal handler and the log redaction start with the
first scenario that uses a harness fixture.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dcr_harness._core.config import TARGETS, ConfigError, Targets, load_config
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._diagnosis.results import SECTIONS
from dcr_harness._entry import bytecode, collect, step_lookup
from dcr_harness._entry.keys import CONFIG_KEY, RUN_ID_KEY
from dcr_harness._safety.naming import (
    checked_run_id,
    new_run_id,
    remember_words,
    words_learnt,
)
from dcr_harness.steps import STEP_MODULES

# Registered by ``pytest_addoption`` rather than through ``pytest_plugins``, which would mark
# each for assertion rewriting (see dcr_harness._entry.bytecode).
PLUGIN_MODULES = (
    "dcr_harness._entry.fixtures",
    "dcr_harness._diagnosis.findings",
    "dcr_harness._evidence.plugin",
    *STEP_MODULES,
)

HOWTO_TAG = "howto:"
MARKERS = (
    "howto(section): the how-to section a scenario mirrors; from the Gherkin tag @howto:<section>",
    "doc-error: the scenario proves that a statement of the how-to is wrong",
    "smoke: short, low-footprint check",
)
_ROOTS = pytest.StashKey[list[Path]]()
_WORDS_KEPT = 10_000  # the words of that many names, the latest learnt


def _register_plugin_modules(pluginmanager: pytest.PytestPluginManager) -> None:
    for name in PLUGIN_MODULES:
        if not pluginmanager.is_blocked(name) and pluginmanager.get_plugin(name) is None:
            pluginmanager.register(importlib.import_module(name), name)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    bytecode.keep_bytecode(pluginmanager, bytecode.OWN_PACKAGES)
    _register_plugin_modules(pluginmanager)
    group = parser.getgroup("dcr-harness")
    group.addoption(
        "--dcr-config",
        default=os.environ.get("DCR_HARNESS_CONFIG"),
        help="YAML file describing the setup under test (default: built-in fakes)",
    )
    group.addoption(
        "--howto",
        action="append",
        default=[],
        metavar="SECTION",
        help="run only the scenarios of this how-to section (e.g. add-claim); repeatable",
    )
    group.addoption(
        "--dcr-ledger",
        default=None,
        help="append every created and removed resource to this JSON-lines file",
    )
    group.addoption(
        "--dcr-seed",
        default=os.environ.get("DCR_HARNESS_SEED", "0"),
        help="seed of generated names and fake ids (an integer; env DCR_HARNESS_SEED)",
    )
    group.addoption(
        "--dcr-run-id",
        default=os.environ.get("DCR_HARNESS_RUN_ID"),
        metavar="ID",
        help="id carried by the name of everything the run creates, for sweep --run "
        "(letters, digits, dashes; env DCR_HARNESS_RUN_ID; default: generated)",
    )
    group.addoption(
        "--dcr-targets",
        choices=TARGETS,
        default=None,
        help="run every service against this target, whatever the setup file says",
    )
    group.addoption(
        collect.FEATURES_OPTION,
        action="append",
        default=[],
        metavar="DIR",
        help="collect the .feature files under DIR directly, without a binding test module",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.add_cleanup(REDACTOR.session())
    step_lookup.install()
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    try:
        harness = load_config(config.getoption("--dcr-config"))
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    target = config.getoption("--dcr-targets")
    if target is not None:
        harness = replace(harness, targets=Targets(okta=target, konnect=target, gateway=target))
    config.stash[CONFIG_KEY] = harness
    seed = str(config.getoption("--dcr-seed"))
    if not seed.lstrip("-").isdigit():
        raise pytest.UsageError(
            f"--dcr-seed (or DCR_HARNESS_SEED) must be an integer, not {seed!r}"
        )
    config.option.dcr_seed = int(seed)
    unknown = sorted(set(config.getoption("--howto")) - set(SECTIONS))
    if unknown:
        raise pytest.UsageError(
            f"--howto {unknown[0]} is not a how-to section; choose from {', '.join(SECTIONS)}"
        )
    config.stash[_ROOTS] = collect.feature_roots(config)
    worker = getattr(config, "workerinput", None)
    config.stash[RUN_ID_KEY] = worker["dcr_run_id"] if worker else _run_id(config)
    cache = getattr(config, "cache", None)
    if cache is not None:
        remember_words(cache.get(_words_key(), {}))
        config.add_cleanup(functools.partial(_keep_words_learnt, cache))


@functools.cache
def _words_key() -> str:
    """Faker's words for a seed are its version's."""
    return f"dcr_harness/words-faker-{importlib.metadata.version('faker')}"


def _keep_words_learnt(cache: pytest.Cache) -> None:
    learnt = words_learnt()
    if learnt:
        known = cache.get(_words_key(), {})
        kept = dict(list(known.items())[-_WORDS_KEPT:]) if isinstance(known, dict) else {}
        cache.set(_words_key(), {**kept, **learnt})


def _run_id(config: pytest.Config) -> str:
    chosen = config.getoption("--dcr-run-id")
    if not chosen:
        return new_run_id()
    try:
        return checked_run_id(chosen)
    except ValueError as exc:
        raise pytest.UsageError(f"--dcr-run-id (or DCR_HARNESS_RUN_ID): {exc}") from None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    node.workerinput["dcr_run_id"] = node.config.stash[RUN_ID_KEY]


@pytest.hookimpl(hookwrapper=True)
def pytest_pycollect_makeitem(collector: pytest.Collector) -> Iterator[None]:
    """Scenario tests are named by their scenarios, in ``-v``, ``-k`` and every report."""
    outcome = yield
    made = outcome.get_result()  # type: ignore[attr-defined]
    renamed = collect.scenario_items(collector, made)
    if renamed is not made:
        outcome.force_result(renamed)  # type: ignore[attr-defined]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    collected = collect.collect_feature_file(file_path, parent, parent.config.stash[_ROOTS])
    if collected is not None:
        _fake_okta_keys_ahead(parent.config)
    return collected


def _fake_okta_keys_ahead(config: pytest.Config) -> None:
    """Scenarios are coming: fake Okta's signing key is made while they are collected, not
    at the first token. Not for the controller of pytest-xdist workers: it runs no scenario."""
    distributed = config.getoption("numprocesses", None) and not hasattr(config, "workerinput")
    if config.stash[CONFIG_KEY].targets.okta == "fake" and not distributed:
        from dcr_harness.fakes.okta.keys import FIRST_SERVER_KEY_INDEX, generate_ahead

        generate_ahead(FIRST_SERVER_KEY_INDEX)


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's own, which makes an unknown marker
def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool | None:
    """``@howto:<section>`` becomes ``pytest.mark.howto(section=...)``."""
    if tag.startswith(HOWTO_TAG):
        pytest.mark.howto(section=tag[len(HOWTO_TAG) :])(function)
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("--howto"))
    if not wanted:
        return
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        sections = {m.kwargs.get("section") for m in item.iter_markers("howto")}
        (selected if sections & wanted else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
