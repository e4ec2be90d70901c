"""Serve a fake's sync handler over real HTTP: a thin ASGI adapter and a uvicorn thread.

The served fake answers exactly what the in-process one answers (``httpx.MockTransport``):
the handler sees the request's raw path, query string and headers as the client sent them, and
the client gets the handler's status, headers (repeated ones such as ``Link`` or ``Set-Cookie``
kept, in order) and body. The only additions are what HTTP itself needs: ``Content-Length`` and,
when the handler set none, a ``Date``. uvicorn's own ``Server`` and ``Date`` headers and its
``X-Forwarded-*`` rewriting are off. A handler that raises ``httpx.TransportError`` (a fault
plan's dropped connection) gets the connection closed without an answer, which the client sees
as a transport error too (``RemoteProtocolError`` rather than the in-process ``ConnectError``).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from email.utils import formatdate
from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Handler

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_FRAMING = (b"content-length", b"transfer-encoding")


class AsgiAdapter:
    """ASGI app around a sync handler; the handler runs in a worker thread, so a fake that calls
    another fake served by the same process cannot block the event loop."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            request = await _request(scope, receive)
        except Unservable as refused:
            # No handler can see a request httpx cannot represent; vendors' edges answer
            # these before any application does, with a plain status.
            text = refused.reason.encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": refused.status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(text)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": text})
            return
        try:
            response = await asyncio.to_thread(_answer, self._handler, request)
        except httpx.TransportError:
            if not await _drop_connection(send):
                raise
            return
        await _send_response(scope, response, send)


MAX_URL_LENGTH = 65536  # httpx's limit, which no fake can serve beyond


class Unservable(Exception):
    """A request the fakes cannot take in at all: a URL too long, a malformed Host."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _answer(handler: Handler, request: httpx.Request) -> httpx.Response:
    response = handler(request)
    response.read()
    return response


async def _request(scope: Scope, receive: Receive) -> httpx.Request:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body.extend(message.get("body", b""))
        if not message.get("more_body"):
            break
    headers: list[tuple[bytes, bytes]] = list(scope["headers"])
    host = next((v.decode("latin-1") for k, v in headers if k.lower() == b"host"), None)
    if host is None:
        server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server_host}:{server_port}"
    path = scope.get("raw_path") or scope["path"].encode()
    target = path.decode("latin-1")
    query = scope.get("query_string", b"")
    if query:
        target += "?" + query.decode("latin-1")
    url = f"{scope.get('scheme', 'http')}://{host}{target}"
    try:
        return httpx.Request(scope["method"], url, headers=headers, content=bytes(body) or None)
    except httpx.InvalidURL as exc:
        too_long = len(url) > MAX_URL_LENGTH
        raise Unservable(
            414 if too_long else 400, "URI Too Long" if too_long else str(exc)
        ) from None


async def _send_response(scope: Scope, response: httpx.Response, send: Send) -> None:
    status = response.status_code
    headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _FRAMING]
    if not any(k.lower() == b"date" for k, _ in headers):
        headers.append((b"date", formatdate(usegmt=True).encode()))
    bodiless = status < 200 or status in (204, 304)
    body = b"" if bodiless else response.content
    if not bodiless:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop_connection(send: Send) -> bool:
    """Close the client's connection without an answer. ASGI has no message for this, so reach
    the transport through uvicorn's request cycle (whose bound ``send`` this is); False when
    that is not possible."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    for _ in range(3):  # let uvicorn see the disconnect before the app returns
        await asyncio.sleep(0)
    return True


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1; port 0 lets the system choose.

    Created with ``IPPROTO_TCP`` (and ``TCP_NODELAY``) so that asyncio turns Nagle off on the
    accepted connections: with ``proto=0`` it does not, and every answer (headers and body are
    two writes) waits ~40 ms for the client's delayed ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


class ServedHandler:
    """A handler served by uvicorn in a daemon thread on an already bound loopback socket."""

    def __init__(self, handler: Handler, sock: socket.socket) -> None:
        import uvicorn

        self.port: int = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            AsgiAdapter(handler),
            log_level="warning",
            lifespan="on",
            access_log=False,
            proxy_headers=False,
            server_header=False,
            date_header=False,
        )
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
