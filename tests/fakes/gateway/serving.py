"""One FakeGateway, reached in-process or over real HTTP on 127.0.0.1 (see ``conftest``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from tests.fakes.gateway.control_plane_stub import StubControlPlane
from tests.fakes.gateway.idp import StandInIdp
from tests.fakes.konnect.serving import tls

IN_PROCESS_URL = "http://gateway.harness.test:8000"


@dataclass
class ServedGateway:
    mode: str
    gateway: FakeGateway
    idp: StandInIdp
    control_plane: StubControlPlane
    clock: Clock

    @property
    def over_http(self) -> bool:
        return self.mode == "http"

    def client(self) -> httpx.Client:
        if self.over_http:
            return httpx.Client(base_url=self.gateway.url, verify=tls())
        transport = httpx.MockTransport(self.gateway.handle)
        return httpx.Client(transport=transport, base_url=self.gateway.url)


@contextmanager
def serve_gateway(
    mode: str, idp: StandInIdp, plane: StubControlPlane, clock: Clock
) -> Iterator[ServedGateway]:
    """In-process: the gateway at its default URL. Over HTTP: an HTTP server on a loopback
    socket and the gateway built with its URL. Its outgoing client reaches the IdP in-process."""
    with httpx.Client(transport=httpx.MockTransport(idp.handle)) as outgoing:
        if mode == "inproc":
            fake = FakeGateway(IN_PROCESS_URL, control_plane=plane, http=outgoing, clock=clock)
            yield ServedGateway(mode, fake, idp, plane, clock)
            return
        sock = bind_loopback()
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        fake = FakeGateway(url, control_plane=plane, http=outgoing, clock=clock)
        server = ServedHandler(fake.handle, sock)
        server.start()
        try:
            yield ServedGateway(mode, fake, idp, plane, clock)
        finally:
            server.stop()
