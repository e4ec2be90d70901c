from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from fakes.kit.clock import Clock
from fakes.kit.ids import IdFactory
from fakes.okta import FakeOkta

ORG = "https://dcr-harness.okta.com"
API_TOKEN = "00dcr-harness-api-token-value-0123456789ab"
NOW = 1_795_000_000.0


@dataclass
class Registered:
    client_id: str
    client_secret: str


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=NOW)


@pytest.fixture
def okta(clock: Clock) -> FakeOkta:
    fake = FakeOkta(ORG, ids=IdFactory(7), clock=clock)
    fake.seed_api_token(API_TOKEN)
    return fake


@pytest.fixture
def http(okta: FakeOkta) -> Iterator[httpx.Client]:
    """No credentials: protocol endpoints and the auth checks."""
    with httpx.Client(transport=httpx.MockTransport(okta.handle), base_url=okta.org_url) as c:
        yield c


@pytest.fixture
def api(okta: FakeOkta) -> Iterator[httpx.Client]:
    """Authenticated with the seeded API token (Management API and DCR)."""
    with httpx.Client(
        transport=httpx.MockTransport(okta.handle),
        base_url=okta.org_url,
        headers={"Authorization": f"SSWS {API_TOKEN}"},
    ) as c:
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
