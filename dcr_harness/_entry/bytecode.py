"""Which packages pytest leaves to Python's own bytecode instead of rewriting their assertions.

pytest rewrites every module of every plugin's distribution, compiling it from source, and
caches the result only where it can write bytecode. Where it cannot (``PYTHONDONTWRITEBYTECODE``,
common in CI images and containers, or a read-only site-packages) every run compiles them all
again. Packages whose modules make no test assertions gain nothing from it.

``dcr-harness run`` names this module first (``-p``), so its hook runs before the plugins'
entry points are loaded; the harness's own plugin does the same for its package and Faker in any
pytest run. pytest's rewrite list is private: when it changes shape, nothing is taken off it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import pytest

# the harness's own, and Faker's, which pytest marks because Faker ships a pytest plugin
OWN_PACKAGES = ("dcr_harness", "faker")
# and the plugins a harness run loads, none of which makes a test assertion
RUN_PACKAGES = (
    *OWN_PACKAGES,
    "pytest_bdd",
    "allure_pytest_bdd",
    "pytest_html",
    "pytest_metadata",
    "xdist",
)


def keep_bytecode(pluginmanager: pytest.PytestPluginManager, packages: tuple[str, ...]) -> None:
    """Take ``packages`` and their modules off pytest's assertion-rewrite list."""
    hook = getattr(pluginmanager, "rewrite_hook", None)
    marked = getattr(hook, "_must_rewrite", None)
    cache = getattr(hook, "_marked_for_rewrite_cache", None)
    if isinstance(marked, set) and isinstance(cache, dict):
        marked.difference_update(
            name
            for name in list(marked)
            if any(name == package or name.startswith(package + ".") for package in packages)
        )
        cache.clear()


def pytest_addoption(pluginmanager: pytest.PytestPluginManager) -> None:
    keep_bytecode(pluginmanager, RUN_PACKAGES)
