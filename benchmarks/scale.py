"""Section 4: per-request cost of the how-to's operations and of the lists, at sizes from 10
to 50,000 applications: the token exchange (fake Okta's token endpoint), the data-plane check
(the fake gateway admitting a Basic client_credentials request), a developer creating an
application in the Dev Portal (with fake Konnect's DCR call to fake Okta), Okta's app list
(first page, and a whole walk by ``next`` links, per app), and Konnect's portal applications
(first page, and ``filter[client_id]``).

The world is set up through the harness clients (provider, strategy, publication), then the
applications are put straight into fake state, as DCR and the Dev Portal would leave them: an
Okta client per application, a Konnect application with the strategy's DCR provider and an
approved registration. The timed requests use a sample of applications spread over the whole
set (the last one registered included), so a scan in registration order cannot hide.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from benchmarks.flow import publish_with_dcr
from benchmarks.stats import timed
from dcr_harness._core.auth import BearerAuth, SswsAuth
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger
from dcr_harness.fakes.konnect.state import Application, Registration
from dcr_harness.fakes.world import FakeWorld

SAMPLE = 10


OPERATIONS = (
    "token exchange",
    "data-plane check",
    "Dev Portal application created",
    "Okta apps, first page",
    "Okta apps, whole walk, per app",
    "Konnect portal applications, first page",
    "Konnect applications by filter[client_id]",
)


@dataclass(frozen=True)
class ScaleResult:
    applications: int
    seconds: dict[str, list[float]]  # operation -> seconds per request
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
        # the figures are of a request's cost, not of Okta's 600-a-minute management limit,
        # which a walk through 50,000 apps would reach
        world.okta.rate_limit.configure(10**9)
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
        self._sample_ids = [client_id for client_id, _ in sample]
        self._apps_api = self.net.client(
            config.okta.org_url, auth=SswsAuth(self.net.secrets.okta_api_token)
        )
        self._konnect = self.net.client(
            config.konnect.api_url, auth=BearerAuth(self.net.secrets.konnect_pat)
        )
        self._portal_id = next(iter(world.konnect.state.portals))
        self._strategy_id = strategy.id
        self._developer = DevPortal(self.net.client(config.konnect.portal_url), CleanupLedger())
        self._developer.sign_in(config.konnect.developer_email, self.net.secrets.developer_password)
        self._made = 0
        for _ in range(len(self._headers)):  # warm: discovery, JWKS, the plugin's token cache
            self.token()
            self.check()

    def operation(self, name: str) -> Callable[[], object]:
        return {
            "token exchange": self.token,
            "data-plane check": self.check,
            "Dev Portal application created": self.create_application,
            "Okta apps, first page": self.okta_first_page,
            "Konnect portal applications, first page": self.konnect_first_page,
            "Konnect applications by filter[client_id]": self.konnect_by_client_id,
        }[name]

    def create_application(self) -> None:
        self._made += 1
        self._developer.create_application(f"timed app {self._made}", self._strategy_id)

    def okta_first_page(self) -> None:
        _ok(self._apps_api.get("/api/v1/apps", params={"limit": "20"}))

    def okta_walk(self) -> tuple[int, float]:
        """Every app by ``next`` links, 200 a page: how many, and the seconds it took."""
        started = time.perf_counter()
        seen = 0
        url: str | None = "/api/v1/apps?limit=200"
        while url:
            page = _ok(self._apps_api.get(url))
            seen += len(page.json())
            url = page.links.get("next", {}).get("url")
        return seen, time.perf_counter() - started

    def _konnect_apps(self, params: dict[str, str]) -> httpx.Response:
        path = f"/v3/portals/{self._portal_id}/applications"
        return _ok(self._konnect.get(path, params=params))

    def konnect_first_page(self) -> None:
        self._konnect_apps({"page[size]": "20"})

    def konnect_by_client_id(self) -> None:
        self._turn += 1
        client_id = self._sample_ids[self._turn % len(self._sample_ids)]
        found = self._konnect_apps({"filter[client_id]": client_id}).json()["data"]
        if len(found) != 1:
            raise AssertionError(f"filter[client_id] found {len(found)} applications")

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


def _ok(response: httpx.Response) -> httpx.Response:
    if not response.is_success:
        raise AssertionError(f"{response.request.url.path} answered {response.status_code}")
    return response


def measure(sizes: tuple[int, ...], requests: int, rounds: int = 10) -> list[ScaleResult]:
    """Per-request seconds of every operation at each size; the worlds are timed in
    alternating batches so that load from other work on the machine falls on every size
    alike."""
    worlds = [ScaleWorld(size) for size in sizes]
    try:
        samples: list[dict[str, list[float]]] = [{op: [] for op in OPERATIONS} for _ in worlds]
        batch = max(1, requests // rounds)
        for _ in range(rounds):
            for index, world in enumerate(worlds):
                for name in OPERATIONS:
                    if name == "Okta apps, whole walk, per app":
                        continue
                    samples[index][name] += timed(world.operation(name), batch)
        for index, world in enumerate(worlds):
            for _ in range(3):
                seen, seconds = world.okta_walk()
                samples[index]["Okta apps, whole walk, per app"].append(seconds / seen)
        return [
            ScaleResult(world.applications, samples[i], world.seed_seconds)
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
