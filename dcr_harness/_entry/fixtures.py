"""The harness fixtures: the setup under test, the network, the clients, the cleanup ledger.

A team's steps ask for them by name (README, "Fixtures"). The session's network is built on
first use; building it also arms the SIGTERM handler (so cleanup runs as on Ctrl-C) and the
log redaction.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import respx

from dcr_harness._core.auth import BearerAuth, SswsAuth
from dcr_harness._core.clients.classic import ClassicKonnectAdmin
from dcr_harness._core.clients.gateway import DataPlane
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness._core.clients.portal import ClassicDevPortal, DevPortal
from dcr_harness._core.config import ConfigError, HarnessConfig
from dcr_harness._core.redaction import redact_every_record
from dcr_harness._core.transport import Network
from dcr_harness._diagnosis.explain import RefusalExplainer
from dcr_harness._entry.keys import CONFIG_KEY, RUN_ID_KEY
from dcr_harness._safety import interrupts
from dcr_harness._safety.ledger import CleanupLedger
from dcr_harness._safety.naming import resource_name


@pytest.fixture(scope="session")
def harness_config(pytestconfig: pytest.Config) -> HarnessConfig:
    return pytestconfig.stash[CONFIG_KEY]


@pytest.fixture(scope="session")
def network(harness_config: HarnessConfig, pytestconfig: pytest.Config) -> Iterator[Network]:
    try:
        net = Network(
            harness_config,
            seed=pytestconfig.getoption("--dcr-seed"),
            notice=_past_capture(pytestconfig),
        )
    except ConfigError as exc:
        pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)
    _arm_interrupts_and_redaction()
    yield net
    net.close()


def _past_capture(config: pytest.Config) -> Callable[[str], None]:
    """A line on the terminal's stderr as it happens, even while pytest captures output."""
    capture = config.pluginmanager.getplugin("capturemanager")

    def notice(line: str) -> None:
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            print(f"dcr-harness: {line}", file=sys.stderr, flush=True)

    return notice


def _arm_interrupts_and_redaction() -> None:
    """SIGTERM ends the run like Ctrl-C, so every scenario's cleanup still runs; a second
    signal does not cut the cleanup short."""
    redact_every_record()
    interrupts.arm()


@pytest.fixture
def fresh_network(network: Network) -> Network:
    """The network with every fake back to its seeded state."""
    network.reset_fakes()
    return network


@pytest.fixture(scope="session")
def run_id(pytestconfig: pytest.Config) -> str:
    return pytestconfig.stash[RUN_ID_KEY]


@pytest.fixture
def ledger(
    pytestconfig: pytest.Config, run_id: str, harness_config: HarnessConfig
) -> Iterator[CleanupLedger]:
    journal = pytestconfig.getoption("--dcr-ledger")
    durable = not harness_config.targets.all_fake
    record = CleanupLedger(Path(journal) if journal else None, run_id, durable=durable)
    yield record
    try:
        left = record.unwind()
    finally:
        record.close()
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
    """The admin API for the setup's portal generation (``konnect.portal_api``)."""
    setup = harness_config.konnect
    http = fresh_network.client(setup.api_url, auth=BearerAuth(fresh_network.secrets.konnect_pat))
    if setup.portal_api == "v2":
        return ClassicKonnectAdmin(http, ledger, setup.product_version)
    return KonnectAdmin(http, ledger)


@pytest.fixture
def dev_portal(
    fresh_network: Network, harness_config: HarnessConfig, ledger: CleanupLedger
) -> DevPortal:
    """Signed out: the step "I am signed in to the Dev Portal as a developer" signs in. A
    classic portal's API (v2) when ``konnect.portal_api`` says so."""
    kind = ClassicDevPortal if harness_config.konnect.portal_api == "v2" else DevPortal
    return kind(fresh_network.client(harness_config.konnect.portal_url), ledger)


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
    dev_portal: DevPortal,
    fresh_network: Network,
) -> RefusalExplainer:
    return RefusalExplainer(
        harness_config, okta_oauth, okta_admin, konnect, dev_portal, fresh_network.now
    )


@pytest.fixture
def vendor_overrides(fresh_network: Network) -> Iterator[respx.Router]:
    """A respx router in front of Okta, Konnect, the Dev Portal and the data plane, fake or
    live, for this scenario only: a team's step makes one vendor answer differently, e.g.
    ``vendor_overrides.post(url).mock(side_effect=...)``. Unmatched requests, and routes whose
    side effect returns ``None``, reach the real target; ``route.calls`` records what came."""
    router = respx.Router(assert_all_called=False, assert_all_mocked=True)
    fresh_network.overrides.router = router
    yield router
    fresh_network.overrides.router = None
