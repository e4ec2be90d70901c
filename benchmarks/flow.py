"""The how-to's whole flow through the harness clients: Okta set up (the world reset and seeded
as after the how-to's Okta steps), DCR provider, auth strategy, publication, developer sign-in,
application (registered at Okta by fake Konnect's DCR call), registration, and the authorized
request on the data plane. Sections 1 and 3 time it in process and over loopback HTTP."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dcr_harness._core.auth import BearerAuth, basic_header
from dcr_harness._core.clients.gateway import DataPlane
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig, load_config
from dcr_harness._core.models import AuthStrategy, DcrProvider, KonnectApi
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger

STRATEGY_CONFIG = {
    "scopes": ["orders:read"],
    "credential_claim": ["client_id"],
    "auth_methods": ["client_credentials", "bearer"],
}


def publish_with_dcr(
    net: Network, config: HarnessConfig, ledger: CleanupLedger, name: str
) -> tuple[DcrProvider, AuthStrategy, KonnectApi]:
    """The how-to's Konnect steps: an Okta DCR provider, an auth strategy using it, and the
    configured API published to the portal with that strategy."""
    admin = KonnectAdmin(
        net.client(config.konnect.api_url, auth=BearerAuth(net.secrets.konnect_pat)), ledger
    )
    provider = admin.create_dcr_provider(
        f"{name} provider", "okta", config.okta.issuer, net.secrets.dcr_token
    )
    strategy = admin.create_auth_strategy(
        f"{name} strategy",
        "Okta",
        "openid_connect",
        {"issuer": provider.issuer, **STRATEGY_CONFIG},
        provider.id,
    )
    api = admin.api_named(config.konnect.api_name)
    portal = admin.portal_named(config.konnect.portal_name)
    admin.publish_api(api.id, portal.id, strategy.id)
    return provider, strategy, api


class FlowFailed(AssertionError):
    """The flow did not end in an authorized request: the figures would mean nothing."""


def one_flow(net: Network, config: HarnessConfig, reset: Callable[[], None]) -> None:
    """One flow from a freshly seeded world to a 200 from the data plane."""
    reset()
    secrets = net.secrets
    ledger = CleanupLedger()
    _provider, strategy, api = publish_with_dcr(net, config, ledger, "bench")
    dev = DevPortal(net.client(config.konnect.portal_url), ledger)
    dev.sign_in(config.konnect.developer_email, secrets.developer_password)
    app = dev.create_application("bench app", strategy.id)
    if dev.register(app.id, api.id).status != "approved":
        raise FlowFailed("the registration was not approved")
    assert app.client_id is not None and app.client_secret is not None
    answer = DataPlane(net.client(config.gateway.url)).call(
        config.gateway.route, basic_header(app.client_id, app.client_secret)
    )
    if answer.status != 200:
        raise FlowFailed(f"the data plane answered {answer.status}: {answer.body}")


@contextmanager
def in_process() -> Iterator[tuple[Network, HarnessConfig, Callable[[], None]]]:
    """The suite's own wiring: fakes mounted in process on the routing transport."""
    config = HarnessConfig()
    net = Network(config)
    try:
        yield net, config, net.reset_fakes
    finally:
        net.close()


@contextmanager
def over_http() -> Iterator[tuple[Network, HarnessConfig, Callable[[], None]]]:
    """The fakes served on 127.0.0.1 (server threads in this process) and the harness in live
    mode against them, as ``dcr-harness serve`` and its printed configuration do."""
    from dcr_harness._entry.serve import ServedFakes

    served = ServedFakes(HarnessConfig())
    served.start()
    saved = dict(os.environ)
    try:
        os.environ.update(served.announcement()["env"])
        config = load_config(served.config_path)
        net = Network(config)
        try:
            yield net, config, served.world.reset
        finally:
            net.close()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        served.stop()
