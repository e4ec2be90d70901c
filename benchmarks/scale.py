"""Section 4: per-request cost of the token exchange (fake Okta's token endpoint) and of the
data-plane check (the fake gateway admitting a Basic client_credentials request) with few and
with many registered applications.

The world is set up through the harness clients (provider, strategy, publication), then the
applications are put straight into fake state, as DCR and the Dev Portal would leave them: an
Okta client per application, a Konnect application with the strategy's DCR provider and an
approved registration. The timed requests use a sample of applications spread over the whole
set (the last one registered included), so a scan in registration order cannot hide.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import httpx

from benchmarks.flow import STRATEGY_CONFIG
from benchmarks.stats import median, percentile, timed
from dcr_harness.auth import BearerAuth
from dcr_harness.clients.konnect import KonnectAdmin
from dcr_harness.config import HarnessConfig
from dcr_harness.ledger import CleanupLedger
from dcr_harness.transport import Network
from fakes.konnect.state import Application, Registration

SAMPLE = 10


@dataclass(frozen=True)
class ScaleResult:
    applications: int
    token_median: float
    token_p95: float
    check_median: float
    check_p95: float
    seed_seconds: float


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def measure(applications: int, requests: int) -> ScaleResult:
    import time

    config = HarnessConfig()
    net = Network(config)
    try:
        world = net.world
        assert world is not None
        admin = KonnectAdmin(
            net.client(config.konnect.api_url, auth=BearerAuth(net.secrets.konnect_pat)),
            CleanupLedger(),
        )
        provider = admin.create_dcr_provider(
            "scale provider", "okta", config.okta.issuer, net.secrets.dcr_token
        )
        strategy = admin.create_auth_strategy(
            "scale strategy",
            "Okta",
            "openid_connect",
            {"issuer": provider.issuer, **STRATEGY_CONFIG},
            provider.id,
        )
        api = admin.api_named(config.konnect.api_name)
        portal = admin.portal_named(config.konnect.portal_name)
        admin.publish_api(api.id, portal.id, strategy.id)
        developer = next(iter(world.konnect.state.developers.values()))

        started = time.perf_counter()
        credentials = _seed(world, applications, strategy.id, provider.id, api.id, developer.id)
        seed_seconds = time.perf_counter() - started

        step = max(1, applications // SAMPLE)
        sample = credentials[step - 1 :: step][:SAMPLE]
        if credentials[-1] not in sample:
            sample[-1] = credentials[-1]
        headers = [_basic(client_id, secret) for client_id, secret in sample]

        okta = net.client(config.okta.org_url)
        token_path = f"/oauth2/{config.okta.authorization_server}/v1/token"
        form = {"grant_type": "client_credentials", "scope": "orders:read"}
        gateway = net.client(config.gateway.url)
        route = config.gateway.route

        turn = iter(range(1 << 62))

        def token() -> None:
            header = headers[next(turn) % len(headers)]
            response = okta.post(token_path, data=form, headers={"Authorization": header})
            if response.status_code != 200:
                raise AssertionError(f"token endpoint answered {response.status_code}")

        def check() -> None:
            header = headers[next(turn) % len(headers)]
            response = gateway.get(route, headers={"Authorization": header})
            if response.status_code != 200:
                raise AssertionError(f"data plane answered {response.status_code}")

        for _ in range(len(headers)):  # warm: discovery, JWKS, the plugin's token cache
            token()
            check()
        tokens = timed(token, requests)
        checks = timed(check, requests)
        return ScaleResult(
            applications,
            median(tokens),
            percentile(tokens, 0.95),
            median(checks),
            percentile(checks, 0.95),
            seed_seconds,
        )
    finally:
        net.close()


def _seed(
    world: object,
    count: int,
    strategy_id: str,
    provider_id: str,
    api_id: str,
    developer_id: str,
) -> list[tuple[str, str]]:
    from fakes.world import FakeWorld

    assert isinstance(world, FakeWorld)
    okta, konnect = world.okta.state, world.konnect.state
    portal_id = next(iter(konnect.portals))
    now = world.clock.iso()
    credentials = []
    for index in range(count):
        name = f"scale app {index}"
        client = okta.register_client(name)
        assert client.client_secret is not None
        app_id = world.ids.uuid()
        konnect.applications[app_id] = Application(
            id=app_id,
            portal_id=portal_id,
            developer_id=developer_id,
            name=name,
            auth_strategy_id=strategy_id,
            created_at=now,
            updated_at=now,
            client_id=client.client_id,
            dcr_provider_id=provider_id,
        )
        registration_id = world.ids.uuid()
        konnect.registrations[registration_id] = Registration(
            id=registration_id,
            application_id=app_id,
            api_id=api_id,
            status="approved",
            created_at=now,
            updated_at=now,
        )
        credentials.append((client.client_id, client.client_secret))
    return credentials


def _unused(_: httpx.Client) -> None:  # keeps the import for type checkers
    return None
