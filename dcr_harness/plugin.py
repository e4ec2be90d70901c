"""The harness's pytest plugin: options, the how-to tags, the network and the clients.

Loaded by the root conftest. ``--dcr-config`` (or ``DCR_HARNESS_CONFIG``) names the setup under
test; without it every target is a built-in fake. ``--howto SECTION`` runs one how-to section.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dcr_harness.auth import BearerAuth, SswsAuth
from dcr_harness.clients.gateway import DataPlane
from dcr_harness.clients.konnect import KonnectAdmin
from dcr_harness.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness.clients.portal import DevPortal
from dcr_harness.config import ConfigError, HarnessConfig, load_config
from dcr_harness.explain import RefusalExplainer
from dcr_harness.ledger import CleanupLedger
from dcr_harness.naming import new_run_id, resource_name
from dcr_harness.redaction import RedactingFilter
from dcr_harness.reporting import register_allure_redactor
from dcr_harness.results import SECTIONS
from dcr_harness.transport import Network

HOWTO_TAG = "howto:"
_CONFIG_KEY = pytest.StashKey[HarnessConfig]()
_RUN_ID = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
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


def pytest_configure(config: pytest.Config) -> None:
    try:
        config.stash[_CONFIG_KEY] = load_config(config.getoption("--dcr-config"))
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
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
    register_allure_redactor()
    logging.getLogger().addFilter(RedactingFilter())
    worker = getattr(config, "workerinput", None)
    config.stash[_RUN_ID] = worker["dcr_run_id"] if worker else new_run_id()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C, so every scenario's cleanup still runs."""
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    node.workerinput["dcr_run_id"] = node.config.stash[_RUN_ID]


def pytest_report_header(config: pytest.Config) -> str:
    harness = config.stash[_CONFIG_KEY]
    t = harness.targets
    return (
        f"dcr-harness: okta={t.okta} konnect={t.konnect} gateway={t.gateway} "
        f"(setup: {harness.source})"
    )


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


@pytest.fixture(scope="session")
def harness_config(pytestconfig: pytest.Config) -> HarnessConfig:
    return pytestconfig.stash[_CONFIG_KEY]


@pytest.fixture(scope="session")
def network(harness_config: HarnessConfig, pytestconfig: pytest.Config) -> Iterator[Network]:
    try:
        net = Network(harness_config, seed=pytestconfig.getoption("--dcr-seed"))
    except ConfigError as exc:
        pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)
    yield net
    net.close()


@pytest.fixture
def fresh_network(network: Network) -> Network:
    """The network with every fake back to its seeded state."""
    network.reset_fakes()
    return network


@pytest.fixture(scope="session")
def run_id(pytestconfig: pytest.Config) -> str:
    return pytestconfig.stash[_RUN_ID]


@pytest.fixture
def ledger(pytestconfig: pytest.Config, run_id: str) -> Iterator[CleanupLedger]:
    journal = pytestconfig.getoption("--dcr-ledger")
    record = CleanupLedger(Path(journal) if journal else None, run_id)
    yield record
    left = record.unwind()
    if left:
        pytest.fail("cleanup left resources behind:\n" + "\n".join(left), pytrace=False)


@pytest.fixture
def run_name(
    request: pytest.FixtureRequest,
    pytestconfig: pytest.Config,
    harness_config: HarnessConfig,
    run_id: str,
) -> str:
    """``<prefix>-<run id>-<two words>``: the prefix and run id let a sweep find leftovers; the
    words come from faker seeded by the run seed and the test id, so reruns name alike."""
    seed = pytestconfig.getoption("--dcr-seed")
    return resource_name(harness_config.name_prefix, run_id, seed, request.node.nodeid)


@pytest.fixture
def okta_admin(
    fresh_network: Network, harness_config: HarnessConfig, ledger: CleanupLedger
) -> OktaManagement:
    http = fresh_network.client(
        harness_config.okta.org_url, auth=SswsAuth(fresh_network.secrets.okta_api_token)
    )
    return OktaManagement(http, ledger)


@pytest.fixture
def okta_dcr(
    fresh_network: Network, harness_config: HarnessConfig, ledger: CleanupLedger
) -> OktaManagement:
    """Okta as Konnect reaches it: authenticated with the DCR token."""
    http = fresh_network.client(
        harness_config.okta.org_url, auth=SswsAuth(fresh_network.secrets.dcr_token)
    )
    return OktaManagement(http, ledger)


@pytest.fixture
def okta_oauth(fresh_network: Network) -> OktaAuthorizationServer:
    return OktaAuthorizationServer(fresh_network.client())


@pytest.fixture
def konnect(
    fresh_network: Network, harness_config: HarnessConfig, ledger: CleanupLedger
) -> KonnectAdmin:
    http = fresh_network.client(
        harness_config.konnect.api_url, auth=BearerAuth(fresh_network.secrets.konnect_pat)
    )
    return KonnectAdmin(http, ledger)


@pytest.fixture
def dev_portal(
    fresh_network: Network, harness_config: HarnessConfig, ledger: CleanupLedger
) -> DevPortal:
    """Signed out: the step "I am signed in to the Dev Portal as a developer" signs in."""
    return DevPortal(fresh_network.client(harness_config.konnect.portal_url), ledger)


@pytest.fixture
def data_plane(fresh_network: Network, harness_config: HarnessConfig) -> DataPlane:
    return DataPlane(fresh_network.client(harness_config.gateway.url))


@pytest.fixture
def okta_as(
    fresh_network: Network, harness_config: HarnessConfig
) -> Callable[[str], OktaManagement]:
    """Okta's Management API with any API token, for the scenarios about wrong tokens."""

    def build(token: str) -> OktaManagement:
        return OktaManagement(
            fresh_network.client(harness_config.okta.org_url, auth=SswsAuth(token))
        )

    return build


@pytest.fixture
def explainer(
    harness_config: HarnessConfig,
    okta_oauth: OktaAuthorizationServer,
    okta_admin: OktaManagement,
    konnect: KonnectAdmin,
) -> RefusalExplainer:
    return RefusalExplainer(harness_config, okta_oauth, okta_admin, konnect)
