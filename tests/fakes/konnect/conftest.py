"""Fixtures: a FakeKonnect wired to a test-local stand-in for Okta's DCR endpoints, reached in
two ways (the ``mode`` of every test that uses it):

- ``inproc``: the admin and portal handlers mounted through ``httpx.MockTransport``;
- ``http``: the same fake served by the fakes' HTTP server on two loopback sockets (``dcr_harness.fakes.kit.server``), built
  with the served URLs as its ``api_url`` and ``portal_url``, reached by the real network.

One fake (and, over HTTP, one pair of servers) per mode for the session; every test starts from
``reset()`` plus the PAT, exactly as the feature suite resets its world. The fake's outgoing DCR
calls stay on the in-process Okta stand-in in both modes: what is proven over HTTP is the fake's
own surface.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import PAT
from tests.fakes.konnect.okta_stub import OktaStub
from tests.fakes.konnect.serving import ServedKonnect, serve_konnect


@pytest.fixture(scope="session", params=["inproc", "http"])
def served(request: pytest.FixtureRequest) -> Iterator[ServedKonnect]:
    okta = OktaStub()
    with (
        httpx.Client(transport=httpx.MockTransport(okta.handle)) as outgoing,
        serve_konnect(request.param, okta, outgoing, IdFactory(seed=7)) as world,
    ):
        yield world


@pytest.fixture
def okta(served: ServedKonnect) -> OktaStub:
    served.okta.reset()
    return served.okta


@pytest.fixture
def konnect(served: ServedKonnect, okta: OktaStub) -> Iterator[FakeKonnect]:
    served.ids.reset()
    served.konnect.reset()
    served.konnect.seed_pat(PAT)
    yield served.konnect
    served.close_clients()


@pytest.fixture
def admin(served: ServedKonnect, konnect: FakeKonnect) -> httpx.Client:
    return served.client("admin", headers={"Authorization": f"Bearer {PAT}"})


@pytest.fixture
def portal_http(served: ServedKonnect, konnect: FakeKonnect) -> httpx.Client:
    return served.client("portal")
