"""Fixtures: a FakeGateway whose outgoing client reaches a test-local stand-in IdP, in front of
a test-local control plane with one published API and one approved application."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakes.gateway import FakeGateway
from fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import API, CLIENT_ID, SECRET, STRATEGY, oidc_config
from tests.fakes.gateway.idp import SigningKey, StandInIdp, make_key


@pytest.fixture(scope="session")
def signing_keys() -> list[SigningKey]:
    """RSA keys are slow to make: once per session."""
    return [make_key("key-1"), make_key("key-2"), make_key("stranger")]


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=1_800_000_000.0)


@pytest.fixture
def idp(signing_keys: list[SigningKey], clock: Clock) -> StandInIdp:
    stand_in = StandInIdp(keys=signing_keys, now=clock.now)
    stand_in.clients[CLIENT_ID] = SECRET
    return stand_in


@pytest.fixture
def control_plane() -> StubControlPlane:
    plane = StubControlPlane()
    plane.publish(API, oidc_config())
    plane.add_app(CLIENT_ID, STRATEGY, API)
    return plane


@pytest.fixture
def gateway(
    control_plane: StubControlPlane, idp: StandInIdp, clock: Clock
) -> Iterator[FakeGateway]:
    outgoing = httpx.Client(transport=httpx.MockTransport(idp.handle))
    fake = FakeGateway(
        "http://gateway.harness.test:8000", control_plane=control_plane, http=outgoing, clock=clock
    )
    fake.seed_route("/orders", API)
    yield fake
    outgoing.close()


@pytest.fixture
def client(gateway: FakeGateway) -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.MockTransport(gateway.handle), base_url=gateway.url) as http:
        yield http
