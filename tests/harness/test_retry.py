"""Retries against the fakes' fault plan: 429 and 5xx with backoff, never a blind POST retry."""

from __future__ import annotations

import email.utils

import pytest

from dcr_harness._core.auth import BearerAuth
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import Unreachable, VendorError
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger
from dcr_harness._safety.retry import RetryingTransport
from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.konnect import too_many_requests

CONFIG = HarnessConfig()
UNAVAILABLE = Fault(503, {"status": 503, "title": "Service Unavailable"})


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def net(slept: list[float]) -> Network:
    return Network(CONFIG, sleep=slept.append)


def admin(net: Network) -> KonnectAdmin:
    http = net.client(CONFIG.konnect.api_url, auth=BearerAuth(net.secrets.konnect_pat))
    return KonnectAdmin(http, CleanupLedger())


def faults(net: Network):  # type: ignore[no-untyped-def]
    assert net.world is not None
    return net.world.konnect.faults


def test_429_is_retried_after_the_seconds_it_asks_for(net: Network, slept: list[float]) -> None:
    faults(net).add("dcr-providers.list", too_many_requests(retry_after=3))
    assert admin(net).dcr_providers() == []
    assert slept == [3.0]


def test_retry_after_as_an_http_date_is_honoured(net: Network, slept: list[float]) -> None:
    fault = too_many_requests(retry_after=1)
    date = email.utils.formatdate(2_000_000_000 + 5, usegmt=True)
    faults(net).add("dcr-providers.list", Fault(fault.status, fault.body, {"Retry-After": date}))
    transport = RetryingTransport(net.transport, sleep=slept.append, clock=lambda: 2_000_000_000)
    import httpx

    with httpx.Client(transport=transport, base_url=CONFIG.konnect.api_url) as http:
        response = http.get(
            "/v2/dcr-providers", headers={"Authorization": f"Bearer {net.secrets.konnect_pat}"}
        )
    assert response.status_code == 200
    assert slept == [5.0]


def test_5xx_on_a_read_backs_off_exponentially_and_gives_up(
    net: Network, slept: list[float]
) -> None:
    faults(net).add("dcr-providers.list", UNAVAILABLE, times=4)
    with pytest.raises(VendorError) as raised:
        admin(net).dcr_providers()
    assert raised.value.status == 503
    assert slept == [0.5, 1.0, 2.0]


def test_a_create_that_may_have_succeeded_is_not_retried(net: Network, slept: list[float]) -> None:
    faults(net).add("dcr-providers.create", UNAVAILABLE)
    with pytest.raises(VendorError) as raised:
        admin(net).create_dcr_provider("qa p", "okta", CONFIG.okta.issuer, net.secrets.dcr_token)
    assert raised.value.status == 503
    assert slept == []


def test_a_create_refused_with_429_is_retried(net: Network, slept: list[float]) -> None:
    faults(net).add("dcr-providers.create", too_many_requests(retry_after=1))
    provider = admin(net).create_dcr_provider(
        "qa p", "okta", CONFIG.okta.issuer, net.secrets.dcr_token
    )
    assert provider.name == "qa p"
    assert slept == [1.0]
    assert len(admin(net).dcr_providers()) == 1


def test_a_dropped_connection_is_retried_then_reported(net: Network, slept: list[float]) -> None:
    faults(net).add("dcr-providers.list", Fault(connection_error=True), times=4)
    with pytest.raises(Unreachable, match="unreachable"):
        admin(net).dcr_providers()
    assert slept == [0.5, 1.0, 2.0]
