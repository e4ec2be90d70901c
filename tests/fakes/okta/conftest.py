"""Every fake Okta test runs twice: ``inproc`` (the handler mounted through
``httpx.MockTransport``) and ``http`` (the same handler served by the fakes' HTTP server on 127.0.0.1, with
``org_url`` the served URL, reached through httpx's real network transport, with the
shortcut that replays discovery documents and key sets, as ``dcr-harness serve`` has it).

One fake per mode for the whole session, reset before each test (ids, clock and state), so the
``http`` server starts once. Tests that poke ``okta.state`` reach the served fake too: it is the
same object. Every response the ``http`` and ``api`` clients receive is checked against Okta's
specs and error catalogues (``contract``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.contract import COVERAGE, ContractTransport

ORG = "https://dcr-harness.okta.com"
"""The in-process org URL; over HTTP the org is ``http://127.0.0.1:<port>``: use ``org``."""
API_TOKEN = "00dcr-harness-api-token-value-0123456789ab"
NOW = 1_795_000_000.0
ID_SEED = 7
MODES = ("inproc", "http")


@dataclass
class Registered:
    client_id: str
    client_secret: str


@dataclass
class Target:
    mode: str
    okta: FakeOkta
    transport: Callable[[], httpx.BaseTransport]


def _fake(org_url: str) -> FakeOkta:
    return FakeOkta(org_url, ids=IdFactory(ID_SEED), clock=Clock(frozen_at=NOW))


@pytest.fixture(scope="session")
def served_target() -> Iterator[Target]:
    """The fake served over real HTTP on 127.0.0.1 (one server for the session)."""
    sock = bind_loopback()
    okta = _fake(f"http://127.0.0.1:{sock.getsockname()[1]}")
    server = ServedHandler(okta.handle, sock, shortcut=okta.shortcut)  # as dcr-harness serve
    server.start()
    try:
        # Plain http: no TLS, so skip building a CA bundle context (~30 ms per client).
        yield Target("http", okta, lambda: httpx.HTTPTransport(verify=False))
    finally:
        server.stop()


@pytest.fixture(scope="session", params=MODES)
def target(request: pytest.FixtureRequest) -> Target:
    if request.param == "http":
        served: Target = request.getfixturevalue("served_target")
        return served
    okta = _fake(ORG)
    return Target("inproc", okta, lambda: httpx.MockTransport(okta.handle))


def fresh(okta: FakeOkta, *, keep_clock: bool = False) -> FakeOkta:
    """The fake as a new ``FakeOkta(org, ids=IdFactory(7), clock=Clock(NOW))`` with the API
    token seeded (``keep_clock``: the clock as the caller set it)."""
    okta.ids.reset()
    if not keep_clock:
        okta.clock.reset()
    okta.reset()
    okta.seed_api_token(API_TOKEN)
    return okta


@pytest.fixture
def mode(target: Target) -> str:
    return target.mode


@pytest.fixture
def okta(target: Target) -> FakeOkta:
    return fresh(target.okta)


@pytest.fixture
def clock(okta: FakeOkta) -> Clock:
    return okta.clock


@pytest.fixture
def org(okta: FakeOkta) -> str:
    """The org URL the fake answers on (issuers, links and discovery carry it)."""
    return okta.org_url


def client(target: Target, headers: dict[str, str] | None = None) -> httpx.Client:
    """A client of the fake in this mode whose every response is contract-checked."""
    transport = ContractTransport(target.transport())
    return httpx.Client(transport=transport, base_url=target.okta.org_url, headers=headers)


@pytest.fixture
def http(okta: FakeOkta, target: Target) -> Iterator[httpx.Client]:
    """No credentials: protocol endpoints and the auth checks."""
    with client(target) as c:
        yield c


@pytest.fixture
def api(okta: FakeOkta, target: Target) -> Iterator[httpx.Client]:
    """Authenticated with the seeded API token (Management API and DCR)."""
    with client(target, headers={"Authorization": f"SSWS {API_TOKEN}"}) as c:
        yield c


def register(api: httpx.Client, **overrides: object) -> Registered:
    body: dict[str, object] = {
        "client_name": "Dev Portal app",
        "application_type": "service",
        "grant_types": ["client_credentials"],
        "response_types": ["token"],
        "token_endpoint_auth_method": "client_secret_basic",
        **overrides,
    }
    response = api.post("/oauth2/v1/clients", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    return Registered(created["client_id"], created.get("client_secret", ""))


@pytest.fixture
def ready(okta: FakeOkta, api: httpx.Client) -> Registered:
    """The how-to done: a ``portal`` scope, the ``app.clientId`` claim, a policy rule allowing
    client_credentials, and a registered service client."""
    okta.state.add_scope("default", "portal", metadata_publish="ALL_CLIENTS")
    okta.state.add_scope("default", "other")
    okta.state.add_claim("default", "kong_client_id", "app.clientId")
    policy = okta.state.add_policy("default", "Dev Portal")
    okta.state.add_rule("default", policy.id, "client credentials")
    return register(api)


@pytest.fixture(scope="session", autouse=True)
def _contract_coverage_report() -> Iterator[None]:
    """With ``DCR_HARNESS_OKTA_COVERAGE=<file>``, write what the contract checks covered."""
    yield
    target_file = os.environ.get("DCR_HARNESS_OKTA_COVERAGE")
    if target_file:
        rows = sorted(COVERAGE)
        Path(target_file).write_text(json.dumps(rows, indent=1))
