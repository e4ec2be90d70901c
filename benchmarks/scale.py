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
import time
from dataclasses import dataclass

from benchmarks.flow import publish_with_dcr
from benchmarks.stats import timed
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger
from dcr_harness.fakes.konnect.state import Application, Registration
from dcr_harness.fakes.world import FakeWorld

SAMPLE = 10


@dataclass(frozen=True)
class ScaleResult:
    applications: int
    token: list[float]  # seconds per token exchange
    check: list[float]  # seconds per data-plane check
    seed_seconds: float


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


class ScaleWorld:
    """A fake world with ``applications`` applications, and the two timed requests."""

    def __init__(self, applications: int) -> None:
        self.applications = applications
        config = HarnessConfig()
        self.net = Network(config)
        world = self.net.world
        assert world is not None
        provider, strategy, api = publish_with_dcr(self.net, config, CleanupLedger(), "scale")
        developer = next(iter(world.konnect.state.developers.values()))

        started = time.perf_counter()
        credentials = _seed(world, applications, strategy.id, provider.id, api.id, developer.id)
        self.seed_seconds = time.perf_counter() - started

        step = max(1, applications // SAMPLE)
        sample = credentials[step - 1 :: step][:SAMPLE]
        sample[-1] = credentials[-1]
        self._headers = [_basic(client_id, secret) for client_id, secret in sample]
        self._turn = 0
        self._okta = self.net.client(config.okta.org_url)
        self._token_path = f"/oauth2/{config.okta.authorization_server}/v1/token"
        self._gateway = self.net.client(config.gateway.url)
        self._route = config.gateway.route
        for _ in range(len(self._headers)):  # warm: discovery, JWKS, the plugin's token cache
            self.token()
            self.check()

    def _next_header(self) -> dict[str, str]:
        self._turn += 1
        return {"Authorization": self._headers[self._turn % len(self._headers)]}

    def token(self) -> None:
        """client_credentials at fake Okta's token endpoint: client lookup, policy, RS256."""
        response = self._okta.post(self._token_path, data=_FORM, headers=self._next_header())
        if response.status_code != 200:
            raise AssertionError(f"the token endpoint answered {response.status_code}")

    def check(self) -> None:
        """The data plane admitting an application's Basic credentials (KAA's lookup of the
        application, its registrations, the plugin's cached token) and proxying to the echo."""
        response = self._gateway.get(self._route, headers=self._next_header())
        if response.status_code != 200:
            raise AssertionError(f"the data plane answered {response.status_code}")

    def close(self) -> None:
        self.net.close()


_FORM = {"grant_type": "client_credentials", "scope": "orders:read"}


def measure(sizes: tuple[int, ...], requests: int, rounds: int = 10) -> list[ScaleResult]:
    """Per-request seconds for each size; the worlds are timed in alternating batches so that
    load from other work on the machine falls on every size alike."""
    worlds = [ScaleWorld(size) for size in sizes]
    try:
        tokens: list[list[float]] = [[] for _ in worlds]
        checks: list[list[float]] = [[] for _ in worlds]
        batch = max(1, requests // rounds)
        for _ in range(rounds):
            for index, world in enumerate(worlds):
                tokens[index] += timed(world.token, batch)
                checks[index] += timed(world.check, batch)
        return [
            ScaleResult(world.applications, tokens[i], checks[i], world.seed_seconds)
            for i, world in enumerate(worlds)
        ]
    finally:
        for world in worlds:
            world.close()


def _seed(
    world: FakeWorld,
    count: int,
    strategy_id: str,
    provider_id: str,
    api_id: str,
    developer_id: str,
) -> list[tuple[str, str]]:
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
