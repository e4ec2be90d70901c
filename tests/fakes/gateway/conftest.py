"""Fixtures: a FakeGateway whose outgoing client reaches a test-local stand-in IdP, in front of
a test-local control plane with one published API and one approved application.

Every test that uses the gateway runs in two modes: ``inproc`` (its ``handle`` mounted through
``httpx.MockTransport``) and ``http`` (the same handler served by the fakes' HTTP server on a loopback socket,
the fake built with the served URL). One gateway, IdP, control plane and clock per mode for the
session; each test starts from their ``reset()``. The gateway's outgoing calls (discovery, JWKS,
token) stay on the in-process stand-in IdP in both modes, so the issuer and the
``WWW-Authenticate`` realm are the same: what is proven over HTTP is the gateway's own surface.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.helpers import API, CLIENT_ID, SECRET, STRATEGY, oidc_config
from tests.fakes.gateway.idp import SigningKey, StandInIdp, make_key
from tests.fakes.gateway.serving import ServedGateway, serve_gateway


@pytest.fixture(scope="session")
def signing_keys() -> list[SigningKey]:
    """RSA keys are slow to make: once per session."""
    return [make_key("key-1"), make_key("key-2"), make_key("stranger")]


@pytest.fixture(scope="session", params=["inproc", "http"])
def served(
    request: pytest.FixtureRequest, signing_keys: list[SigningKey]
) -> Iterator[ServedGateway]:
    clock = Clock(frozen_at=1_800_000_000.0)
    idp = StandInIdp(keys=signing_keys, now=clock.now)
    with serve_gateway(request.param, idp, StubControlPlane(), clock) as world:
        yield world


@pytest.fixture
def clock(served: ServedGateway) -> Clock:
    served.clock.reset()
    return served.clock


@pytest.fixture
def idp(served: ServedGateway, clock: Clock) -> StandInIdp:
    served.idp.reset({CLIENT_ID: SECRET})
    return served.idp


@pytest.fixture
def control_plane(served: ServedGateway) -> StubControlPlane:
    plane = served.control_plane
    plane.reset()
    plane.publish(API, oidc_config())
    plane.add_app(CLIENT_ID, STRATEGY, API)
    return plane


@pytest.fixture
def gateway(served: ServedGateway, control_plane: StubControlPlane, idp: StandInIdp) -> FakeGateway:
    fake = served.gateway
    fake.reset()
    fake.match_credential_claim = False
    fake.seed_route("/orders", API)
    return fake


@pytest.fixture
def client(served: ServedGateway, gateway: FakeGateway) -> Iterator[httpx.Client]:
    with served.client() as http:
        yield http
