"""The one place that decides, per service, whether a request reaches a fake or the network.

Every harness client is built from ``Network.client``. Fake services are mounted in-process by
host; live hosts go through a real transport with timeouts; a request to a host nobody serves
fails loudly instead of leaking to the network.
"""

from __future__ import annotations

import http.cookiejar
import os
import secrets as random_secrets
import time
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    import respx

from dcr_harness._core.config import HarnessConfig, Secrets, secrets_from_env
from dcr_harness._core.redaction import REDACTOR
from dcr_harness._evidence.exchanges import RecordingTransport
from dcr_harness._safety.retry import RetryingTransport

Handler = Callable[[httpx.Request], httpx.Response]
TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, the key fakes are mounted under."""
    return urlsplit(url).netloc.lower()


class NoTarget(httpx.TransportError):
    """A request to a host that is neither a mounted fake nor a live host: never retried."""


class HostRoutingTransport(httpx.BaseTransport):
    """Sends each request to the fake mounted for its host, to the network for a live host,
    and refuses any other host."""

    def __init__(self) -> None:
        self._fakes: dict[str, Handler] = {}
        self._live_hosts: set[str] = set()
        self._network: httpx.BaseTransport | None = None

    def mount_fake(self, url: str, handler: Handler) -> None:
        self._fakes[host_of(url)] = handler

    def allow_live(self, url: str) -> None:
        self._live_hosts.add(host_of(url))
        if self._network is None:
            self._network = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.netloc.decode().lower()
        handler = self._fakes.get(host)
        if handler is not None:
            request.read()
            response = handler(request)
            response.read()
            return response
        if host in self._live_hosts and self._network is not None:
            return self._network.handle_request(request)
        raise NoTarget(
            f"no target serves {host}: it is neither a fake nor a live host of the configuration",
            request=request,
        )

    def close(self) -> None:
        if self._network is not None:
            self._network.close()


class OverrideTransport(httpx.BaseTransport):
    """A respx router in front of every target, fake or live: a request one of its routes
    matches gets the route's answer; any other request (and a route whose side effect returns
    ``None``) goes on to its target. Empty unless a scenario asks for ``vendor_overrides``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner
        self.router: respx.Router | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        router = self.router
        if router is None:
            return self._inner.handle_request(request)
        from respx.models import AllMockedAssertionError, PassThrough

        try:
            return router.handler(request)
        except (AllMockedAssertionError, PassThrough):
            return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def fake_secrets() -> Secrets:
    """Secrets of an all-fake run: fresh each run, shaped like the real ones."""
    return Secrets(
        okta_api_token="00" + random_secrets.token_urlsafe(30),
        dcr_token="00" + random_secrets.token_urlsafe(30),
        konnect_pat="kpat_" + random_secrets.token_urlsafe(32),
        developer_password=random_secrets.token_urlsafe(16),
    )


def _run_secrets(config: HarnessConfig, adopt_env: bool = True) -> Secrets:
    """Live targets need their variables; a fake uses the variable when it is set (so a run can
    plant known values) and a fresh value otherwise; with ``adopt_env`` false, always fresh."""
    generated = fake_secrets()
    if not adopt_env:
        return generated
    secrets_from_env(config)

    def pick(variable: str, fallback: str) -> str:
        return os.environ.get(variable) or fallback

    return Secrets(
        okta_api_token=pick(config.okta.api_token_env, generated.okta_api_token),
        dcr_token=pick(config.konnect.dcr_token_env, generated.dcr_token),
        konnect_pat=pick(config.konnect.pat_env, generated.konnect_pat),
        developer_password=pick(
            config.konnect.developer_password_env, generated.developer_password
        ),
    )


class _KeepsNoCookies(http.cookiejar.CookieJar):
    """A client's cookie jar, which keeps none: a request carries only the cookies its step
    names (the portal session, a data plane's), and a cookie a vendor sets is read from its
    response. Nothing kept also spares reading every response's headers for cookies."""

    def extract_cookies(
        self, response: http.client.HTTPResponse, request: urllib.request.Request
    ) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


class Network:
    """The run's network: a routing transport, the secrets, and the fakes when any target is
    fake. ``world`` is None only when every target is live."""

    def __init__(
        self,
        config: HarnessConfig,
        *,
        seed: int = 0,
        sleep: Callable[[float], None] | None = None,
        adopt_env_secrets: bool = True,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        """``notice`` says a rate-limit wait to the person running (stderr by default);
        ``sleep`` waits for a vendor (default: the fakes' clock moves on when every target is
        an in-process fake, real time passes otherwise)."""
        self.config = config
        self.transport = HostRoutingTransport()
        self.overrides = OverrideTransport(self.transport)
        self.world = None
        self._sleep = sleep
        # each attempt is recorded, retried ones too; the fakes' own calls are not
        self._retrying, self._unrecorded = (
            RetryingTransport(
                inner,
                sleep=self._wait,
                clock=self.now,
                max_wait=config.rate_limit_wait,
                notice=notice,
            )
            for inner in (RecordingTransport(self.overrides), self.overrides)
        )
        self.secrets = _run_secrets(config, adopt_env_secrets)
        for value, variable in (
            (self.secrets.okta_api_token, config.okta.api_token_env),
            (self.secrets.dcr_token, config.konnect.dcr_token_env),
            (self.secrets.konnect_pat, config.konnect.pat_env),
            (self.secrets.developer_password, config.konnect.developer_password_env),
        ):
            REDACTOR.add(value, variable)
        targets = config.targets
        live_urls = {
            "okta": [config.okta.org_url],
            "konnect": [config.konnect.api_url, config.konnect.portal_url],
            "gateway": [config.gateway.url],
        }
        for service, urls in live_urls.items():
            if getattr(targets, service) == "live":
                for url in urls:
                    self.transport.allow_live(url)
        if not (targets.okta == targets.konnect == targets.gateway == "live"):
            from dcr_harness.fakes.world import FakeWorld

            self.world = FakeWorld(config, self.secrets, self._fakes_client, seed=seed)
            for url, handler in self.world.handlers(targets).items():
                self.transport.mount_fake(url, handler)

    def client(self, base_url: str = "", auth: httpx.Auth | None = None) -> httpx.Client:
        return httpx.Client(
            base_url=base_url,
            auth=auth,
            transport=self._retrying,
            timeout=TIMEOUT,
            cookies=_KeepsNoCookies(),
        )

    @property
    def _in_process(self) -> bool:
        t = self.config.targets
        return self.world is not None and t.okta == t.konnect == t.gateway == "fake"

    def _wait(self, seconds: float) -> None:
        """A wait for a vendor (a rate limit, a retry's backoff): when every target is an
        in-process fake, their clock moves on instead, so a broken fake setup fails at once."""
        if self._sleep is not None:
            self._sleep(seconds)
        elif self.world is not None and self._in_process:
            self.world.clock.advance(seconds)
        else:
            time.sleep(seconds)

    def now(self) -> float:
        """The vendors' time: the fakes' clock when every target is in process."""
        if self.world is not None and self._in_process:
            return self.world.clock.now()
        return time.time()

    def _fakes_client(self) -> httpx.Client:
        return httpx.Client(transport=self._unrecorded, timeout=TIMEOUT, cookies=_KeepsNoCookies())

    def reset_fakes(self) -> None:
        if self.world is not None:
            self.world.reset()

    def close(self) -> None:
        self.transport.close()
