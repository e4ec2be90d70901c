"""Fixtures: a FakeKonnect wired to a test-local stand-in for Okta's DCR endpoints."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakes.kit.ids import IdFactory
from fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import PAT
from tests.fakes.konnect.okta_stub import OktaStub


@pytest.fixture
def okta() -> OktaStub:
    return OktaStub()


@pytest.fixture
def konnect(okta: OktaStub) -> Iterator[FakeKonnect]:
    outgoing = httpx.Client(transport=httpx.MockTransport(okta.handle))
    fake = FakeKonnect(http=outgoing, ids=IdFactory(seed=7))
    fake.seed_pat(PAT)
    yield fake
    outgoing.close()


@pytest.fixture
def admin(konnect: FakeKonnect) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=httpx.MockTransport(konnect.handle_admin),
        base_url=konnect.api_url,
        headers={"Authorization": f"Bearer {PAT}"},
    ) as client:
        yield client


@pytest.fixture
def portal_http(konnect: FakeKonnect) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=httpx.MockTransport(konnect.handle_portal), base_url=konnect.portal_url
    ) as client:
        yield client
