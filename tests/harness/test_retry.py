"""Retries against the fakes' fault plan: 429 and 5xx with backoff, never a blind POST retry."""

from __future__ import annotations

import email.utils
import time

import httpx
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


def assert_backoff(slept: list[float], ceilings: list[float]) -> None:
    """Exponential with jitter: each pause between half and all of its ceiling."""
    assert len(slept) == len(ceilings), slept
    for pause, ceiling in zip(slept, ceilings, strict=True):
        assert ceiling / 2 <= pause <= ceiling, slept


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
    assert_backoff(slept, [0.5, 1.0, 2.0])


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
    assert_backoff(slept, [0.5, 1.0, 2.0])


def test_an_exhausted_okta_rate_limit_is_waited_out_and_said_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Okta's X-Rate-Limit-Reset, not Retry-After: the run waits for the window to reopen
    (here the fakes' clock moves by what the harness sleeps) and every call succeeds."""
    from dcr_harness._core.auth import SswsAuth
    from dcr_harness._core.clients.okta import OktaManagement

    waited: list[float] = []
    holder: list[Network] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        assert holder[0].world is not None
        holder[0].world.clock.advance(seconds)

    net = Network(CONFIG, sleep=sleep)
    holder.append(net)
    assert net.world is not None
    net.world.okta.rate_limit.configure(limit=2, window=60)
    okta = OktaManagement(
        net.client(CONFIG.okta.org_url, auth=SswsAuth(net.secrets.okta_api_token))
    )
    for _ in range(5):
        assert okta.scopes(CONFIG.okta.authorization_server)
    assert sum(waited) >= 60
    notices = capsys.readouterr().err
    assert "waiting" in notices and "for its limit to reset" in notices


def test_a_rate_limit_longer_than_the_bound_is_said_and_not_waited_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    waited: list[float] = []
    transport = RetryingTransport(
        _always_429(), sleep=waited.append, max_wait=5, clock=lambda: 1_000_000
    )
    with httpx.Client(transport=transport) as http:
        assert http.get("https://o.example/api/v1/apps").status_code == 429
    assert waited and max(waited) <= 5
    assert "more than the 5s the harness waits" in capsys.readouterr().err


def _always_429() -> httpx.MockTransport:
    headers = {"X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": str(1_000_000 + 3600)}
    return httpx.MockTransport(lambda request: httpx.Response(429, headers=headers))


def test_connect_timeouts_are_retried_on_reads_only() -> None:
    calls: list[str] = []

    def timing_out(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        raise httpx.ConnectTimeout("timed out", request=request)

    transport = RetryingTransport(httpx.MockTransport(timing_out), sleep=lambda _: None)
    with httpx.Client(transport=transport) as http:
        with pytest.raises(httpx.ConnectTimeout):
            http.get("https://x.example/a")
        with pytest.raises(httpx.ConnectTimeout):
            http.post("https://x.example/a")
    assert calls == ["GET"] * 4 + ["POST"]


def test_in_process_fakes_wait_on_their_own_clock_not_in_real_time() -> None:
    from dcr_harness._core.auth import SswsAuth
    from dcr_harness._core.clients.okta import OktaManagement

    net = Network(CONFIG, notice=lambda _: None)
    assert net.world is not None
    net.world.okta.rate_limit.configure(limit=2, window=60)
    okta = OktaManagement(
        net.client(CONFIG.okta.org_url, auth=SswsAuth(net.secrets.okta_api_token))
    )
    started, fake_start = time.monotonic(), net.world.clock.now()
    for _ in range(5):
        assert okta.scopes(CONFIG.okta.authorization_server)
    assert net.world.clock.now() - fake_start >= 60, "the fake clock did not move on"
    assert time.monotonic() - started < 5, "the harness waited in real time"
