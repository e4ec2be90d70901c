"""Serve a fake's sync handler over real HTTP/1.1 on a loopback socket.

The served fake answers exactly what the in-process one answers (``httpx.MockTransport``):
the handler sees the request's raw path, query string and headers as the client sent them, and
the client gets the handler's status, headers (repeated ones such as ``Link`` or ``Set-Cookie``
kept, in order) and body. The only additions are what HTTP itself needs: ``Content-Length`` and,
when the handler set none, a ``Date``. A handler that raises ``httpx.TransportError`` (a fault
plan's dropped connection) gets the connection closed without an answer, which the client sees
as a transport error too (``RemoteProtocolError`` rather than the in-process ``ConnectError``).

The server is an asyncio protocol over httptools' parser (llhttp, Node's own), on uvloop where
it is installed, with one event loop per served handler in a daemon thread. Handlers run inline
on that loop: they are sub-millisecond and never wait on the loop, and a fake that calls another
served fake over HTTP reaches that fake's own loop, so it cannot block itself. BENCHMARKS.md
records the stacks measured before this one (uvicorn on h11 and on httptools).

A ``shortcut`` (``fakes.kit.prepared``) may answer a plain GET itself, with a ``Prepared``
answer, before any ``httpx`` object is made; it is asked only when nothing is queued on the
connection, so answers stay in order, and returning None takes the ordinary path.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from typing import cast

import httptools
import httpx

from dcr_harness.fakes.kit.prepared import Prepared, Shortcut

Handler = Callable[[httpx.Request], httpx.Response]

MAX_URL_LENGTH = 65536  # httpx's limit, which no fake can serve beyond
_FRAMING = (b"content-length", b"transfer-encoding", b"connection")
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
log = logging.getLogger("dcr_harness.fakes.server")


class Unservable(Exception):
    """A request the fakes cannot take in at all: a URL too long, a malformed Host."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@functools.lru_cache(maxsize=128)
def _reason(status: int) -> bytes:
    try:
        return HTTPStatus(status).phrase.encode()
    except ValueError:
        return b""


class _Clock:
    """The ``Date`` header, formatted once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def date(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second, self._value = now, formatdate(now, usegmt=True).encode()
        return self._value


@functools.lru_cache(maxsize=4096)
def _url(text: str) -> httpx.URL:
    """Parsed once per distinct URL (``httpx.URL`` is immutable): clients ask for the same
    token, key and discovery URLs again and again, and parsing is a sixth of a request's cost."""
    if len(text) > MAX_URL_LENGTH:
        raise Unservable(414, "URI Too Long")
    try:
        return httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise Unservable(400, str(exc)) from None


def _plain(status: int, text: str, *, close: bool = False) -> bytes:
    body = text.encode()
    head = [
        b"HTTP/1.1 %d %s" % (status, _reason(status)),
        b"content-type: text/plain; charset=utf-8",
        b"content-length: %d" % len(body),
    ]
    if close:
        head.append(b"connection: close")
    return b"\r\n".join(head) + b"\r\n\r\n" + body


Offload = Callable[[bytes, bytes], bool]  # (method, target): served by a worker thread
_DROP = b""  # a handler's dropped connection: close it without an answer


@dataclass
class _Job:
    """A parsed request, answered in the order it came."""

    method: bytes
    keep_alive: bool
    version: str
    request: httpx.Request | None
    refused: Unservable | None
    offloaded: bool


class _Connection(asyncio.Protocol):
    """One client connection: requests are parsed, answered in order, and kept alive as the
    client asks (HTTP/1.1 by default, HTTP/1.0 with ``Connection: keep-alive``). A request that
    ``offload`` picks is answered by a worker thread; the connection reads nothing more until
    that answer is written, so pipelined requests are still answered in order."""

    def __init__(
        self,
        handler: Handler,
        host: str,
        clock: _Clock,
        open_ones: set[asyncio.Transport],
        offload: Offload | None = None,
        workers: Executor | None = None,
        shortcut: Shortcut | None = None,
    ) -> None:
        self._handler = handler
        self._shortcut = shortcut
        self._open = open_ones
        self._default_host = host
        self._clock = clock
        self._offload = offload if workers is not None else None
        self._workers = workers
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._url = bytearray()
        self._headers: list[tuple[bytes, bytes]] = []
        self._body = bytearray()
        self._closing = False
        self._queue: deque[_Job] = deque()
        self._busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self._open.add(self._transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._open.discard(self._transport)
        self._transport = None
        self._closing = True

    def data_received(self, data: bytes) -> None:
        if self._closing:
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            pass  # the request was answered as a plain one; nothing here upgrades
        except httptools.HttpParserError as exc:
            self._queue.clear()
            self._write(_plain(400, f"Bad Request: {exc}", close=True))
            self._close()

    # httptools' callbacks

    def on_message_begin(self) -> None:
        self._url.clear()
        self._headers = []
        self._body.clear()

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        for name, value in self._headers:
            if name.lower() == b"expect" and value.lower() == b"100-continue":
                self._write(_CONTINUE)

    def on_body(self, body: bytes) -> None:
        self._body += body

    def on_message_complete(self) -> None:
        if self._closing:
            return
        method = self._parser.get_method()
        if self._took_shortcut(method):
            return
        request, refused = None, None
        try:
            request = self._request(method)
        except Unservable as error:
            refused = error
        offloaded = bool(self._offload and request and self._offload(method, bytes(self._url)))
        self._queue.append(
            _Job(
                method,
                self._parser.should_keep_alive(),
                self._parser.get_http_version(),
                request,
                refused,
                offloaded,
            )
        )
        self._pump()

    def _took_shortcut(self, method: bytes) -> bool:
        """Whether the shortcut answered this request (a GET without a body, nothing before
        it still to answer)."""
        if self._shortcut is None or method != b"GET" or self._body or self._queue or self._busy:
            return False
        target = self._url.decode("latin-1")
        try:
            url = self._target_url(target)
        except Unservable:
            return False
        build = functools.partial(httpx.Request, "GET", url, headers=self._headers)
        prepared = self._shortcut("GET", target, build)
        if prepared is None:
            return False
        keep_alive = self._parser.should_keep_alive()
        persistence = b""
        if not keep_alive:
            persistence = b"close"
        elif self._parser.get_http_version() == "1.0":
            persistence = b"keep-alive"
        self._write(self._wire(prepared, persistence))
        if not keep_alive:
            self._close()
        return True

    # answering in order

    def _pump(self) -> None:
        while self._queue and not self._busy and not self._closing:
            job = self._queue.popleft()
            if not job.offloaded or self._workers is None:
                self._deliver(job, self._answer(job))
                continue
            self._busy = True
            if self._transport is not None:
                self._transport.pause_reading()
            done = asyncio.get_running_loop().run_in_executor(self._workers, self._answer, job)
            done.add_done_callback(functools.partial(self._finished, job))

    def _finished(self, job: _Job, future: asyncio.Future[bytes]) -> None:
        self._busy = False
        if self._transport is not None and not self._closing:
            self._transport.resume_reading()
        self._deliver(job, future.result())
        self._pump()

    def _answer(self, job: _Job) -> bytes:
        """The bytes that answer ``job`` (``_DROP``: none); may run on a worker thread, so it
        touches nothing of the connection."""
        if job.refused is not None:
            return _plain(job.refused.status, job.refused.reason)
        request = job.request
        assert request is not None
        try:
            response = self._handler(request)
            response.read()
        except httpx.TransportError:
            return _DROP
        except Exception:
            log.exception("the fake failed on %s %s", request.method, request.url.path)
            return _plain(500, "Internal Server Error")
        persistence = b""
        if not job.keep_alive:
            persistence = b"close"
        elif job.version == "1.0":
            persistence = b"keep-alive"
        return self._serialized(response, job.method == b"HEAD", persistence)

    def _deliver(self, job: _Job, answer: bytes) -> None:
        if answer == _DROP:
            self._queue.clear()
            self._abort()
            return
        self._write(answer)
        if not job.keep_alive:
            self._queue.clear()
            self._close()

    # requests and answers

    def _target_url(self, target: str) -> httpx.URL:
        host = next((v for k, v in self._headers if k.lower() == b"host"), None)
        authority = host.decode("latin-1") if host is not None else self._default_host
        return _url(f"http://{authority}{target}")

    def _request(self, method: bytes) -> httpx.Request:
        url = self._target_url(self._url.decode("latin-1"))
        return httpx.Request(
            method.decode("latin-1"), url, headers=self._headers, content=bytes(self._body) or None
        )

    def _serialized(self, response: httpx.Response, head: bool, persistence: bytes) -> bytes:
        status = response.status_code
        lines = [b"HTTP/1.1 %d %s" % (status, _reason(status))]
        dated = False
        for name, value in response.headers.raw:
            lowered = name.lower()
            if lowered in _FRAMING:
                continue
            dated = dated or lowered == b"date"
            lines.append(name + b": " + value)
        if not dated:
            lines.append(b"date: " + self._clock.date())
        bodiless = status < 200 or status in (204, 304)
        body = b"" if bodiless else response.content
        if not bodiless:
            lines.append(b"content-length: %d" % len(body))
        if persistence:
            lines.append(b"connection: " + persistence)
        return b"\r\n".join(lines) + b"\r\n\r\n" + (b"" if head else body)

    def _wire(self, prepared: Prepared, persistence: bytes) -> bytes:
        status = prepared.status
        lines = [b"HTTP/1.1 %d %s" % (status, _reason(status))]
        lines += [name + b": " + value for name, value in prepared.headers]
        lines.append(b"content-length: %d" % len(prepared.body))
        if persistence:
            lines.append(b"connection: " + persistence)
        return b"\r\n".join(lines) + b"\r\n\r\n" + prepared.body

    def _write(self, data: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(data)

    def _close(self) -> None:
        self._closing = True
        if self._transport is not None:
            self._transport.close()

    def _abort(self) -> None:
        self._closing = True
        if self._transport is not None:
            self._transport.abort()


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1; port 0 lets the system choose.

    ``TCP_NODELAY`` is set on the listening socket, which accepted connections inherit on Linux,
    and asyncio sets it on them too when the socket is made with ``IPPROTO_TCP``. Without it
    every answer would wait ~40 ms for the client's delayed ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    return sock


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # not on Windows; asyncio's own loop serves alike, slower
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


class ServedHandler:
    """A handler served on an already bound loopback socket by an event loop in a daemon
    thread."""

    def __init__(
        self,
        handler: Handler,
        sock: socket.socket,
        *,
        offload: Offload | None = None,
        shortcut: Shortcut | None = None,
    ) -> None:
        self.port: int = sock.getsockname()[1]
        self._shortcut = shortcut
        self._offload = offload
        self._workers = ThreadPoolExecutor(2, f"fake:{self.port}") if offload else None
        self.url = f"http://127.0.0.1:{self.port}"
        self._handler = handler
        self._sock = sock
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._open: set[asyncio.Transport] = set()
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"fake:{self.port}")

    def _run(self) -> None:
        loop = self._loop = _new_loop()
        clock = _Clock()
        host = f"127.0.0.1:{self.port}"

        def connection() -> _Connection:
            return _Connection(
                self._handler,
                host,
                clock,
                self._open,
                self._offload,
                self._workers,
                self._shortcut,
            )

        try:
            self._server = loop.run_until_complete(loop.create_server(connection, sock=self._sock))
        except BaseException as exc:  # reported by start()
            self._failure = exc
            self._started.set()
            loop.close()
            return
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._closed())
            loop.close()

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        if not self._started.wait(timeout) or self._failure is not None:
            raise RuntimeError(f"fake server on {self.url} did not start: {self._failure}")

    def stop(self) -> None:
        loop = self._loop
        if loop is None or not self._thread.is_alive():
            return
        loop.call_soon_threadsafe(self._shut, loop)
        self._thread.join(timeout=10)
        if self._workers is not None:
            self._workers.shutdown(wait=True, cancel_futures=True)

    async def _closed(self) -> None:
        """Until every aborted connection is gone (a few loop turns)."""
        for _ in range(100):
            if not self._open:
                return
            await asyncio.sleep(0.001)

    def _shut(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._server is not None:
            self._server.close()
        for transport in list(self._open):
            transport.abort()
        loop.stop()
