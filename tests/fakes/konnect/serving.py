"""One FakeKonnect, reached in-process or over real HTTP on 127.0.0.1 (see ``conftest``)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import httpx

from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect import spec_hook
from tests.fakes.konnect.okta_stub import OktaStub

Surface = Literal["admin", "portal", "any"]


@cache
def tls() -> ssl.SSLContext:
    """One default TLS context for every networked client: httpx builds a new one (loading the
    CA bundle, ~25 ms) per client otherwise, which would dominate the served tests' time."""
    return httpx.create_ssl_context()


@dataclass
class ServedKonnect:
    mode: str
    konnect: FakeKonnect
    okta: OktaStub
    ids: IdFactory
    clients: list[httpx.Client] = field(default_factory=list)
    validate: bool = True  # every response against the specs (``spec_hook``)

    @property
    def over_http(self) -> bool:
        return self.mode == "http"

    def client(self, surface: Surface, **kwargs: Any) -> httpx.Client:
        """A client of one surface, closed after the test. In-process, ``admin`` and ``portal``
        mount the fake's ``handle_admin`` / ``handle_portal`` (as the feature suite does) and
        ``any`` mounts ``handle``; over HTTP, all go through the network to the served ``handle``
        and ``any`` has no base URL. Every response is validated against the specs
        (``spec_hook``)."""
        fake = self.konnect
        base_url = {"admin": fake.api_url, "portal": fake.portal_url, "any": ""}[surface]
        if not self.over_http:
            handler = {"admin": fake.handle_admin, "portal": fake.handle_portal}.get(
                surface, fake.handle
            )
            kwargs.setdefault("transport", httpx.MockTransport(handler))
        else:
            kwargs.setdefault("verify", tls())
        hooks = {"response": [spec_hook.validate]} if self.validate else {}
        client = httpx.Client(base_url=base_url, event_hooks=hooks, **kwargs)
        self.clients.append(client)
        return client

    def close_clients(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()


def _url(sock: Any) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def serve_konnect(
    mode: str, okta: OktaStub, outgoing: httpx.Client, ids: IdFactory
) -> Iterator[ServedKonnect]:
    """In-process: the fake at its default hosts. Over HTTP: two HTTP servers, one for the
    admin API and one for the portal, both serving ``handle`` (which tells them apart by host
    and port), and the fake built with their URLs."""
    if mode == "inproc":
        yield ServedKonnect(mode, FakeKonnect(http=outgoing, ids=ids), okta, ids)
        return
    api_sock, portal_sock = bind_loopback(), bind_loopback()
    fake = FakeKonnect(_url(api_sock), _url(portal_sock), http=outgoing, ids=ids)
    servers = [ServedHandler(fake.handle, api_sock), ServedHandler(fake.handle, portal_sock)]
    for server in servers:
        server.start()
    try:
        yield ServedKonnect(mode, fake, okta, ids)
    finally:
        for server in servers:
            server.stop()
