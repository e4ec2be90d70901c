"""Serve a fake's sync handler over real HTTP: a thin ASGI adapter and a uvicorn thread."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from fakes.kit.routing import Handler

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class AsgiAdapter:
    """ASGI app around a sync handler; the handler runs in a worker thread, so a fake that calls
    another fake served by the same process cannot block the event loop."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        host = next((v for k, v in headers if k.lower() == "host"), "127.0.0.1")
        path = scope.get("raw_path", b"").decode() or scope["path"]
        url = f"{scope.get('scheme', 'http')}://{host}{path}"
        query = scope.get("query_string", b"")
        if query and "?" not in url:
            url += "?" + query.decode("latin-1")
        request = httpx.Request(scope["method"], url, headers=headers, content=bytes(body))
        response = await asyncio.to_thread(self._handler, request)
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in response.headers.multi_items()
                    if k.lower() not in ("content-length", "transfer-encoding")
                ]
                + [(b"content-length", str(len(response.content)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": response.content})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1; port 0 lets the system choose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


class ServedHandler:
    """A handler served by uvicorn in a daemon thread on an already bound loopback socket."""

    def __init__(self, handler: Handler, sock: socket.socket) -> None:
        import uvicorn

        self.port: int = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(AsgiAdapter(handler), log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._sock = sock
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self._server.run(sockets=[self._sock])

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        waited = 0.0
        while not self._server.started:
            if waited >= timeout or not self._thread.is_alive():
                raise RuntimeError(f"fake server on {self.url} did not start")
            threading.Event().wait(0.01)
            waited += 0.01

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
