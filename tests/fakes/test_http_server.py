"""The fakes' HTTP/1.1 server, byte by byte: keep-alive as the client asks, pipelined requests
answered in order, ``Expect: 100-continue``, chunked bodies, HEAD, a malformed request, a
dropped connection, and a handler that fails."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback


def _echo(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/drop":
        raise httpx.ConnectError("fault plan: connection dropped")
    if request.url.path == "/fail":
        raise RuntimeError("a bug in the fake")
    body = request.method.encode() + b" " + request.url.raw_path + b" " + request.content
    return httpx.Response(200, content=body, headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = ServedHandler(_echo, bind_loopback())
    server.start()
    yield server.port
    server.stop()


def _exchange(port: int, data: bytes, *, until_closed: bool = False) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(data)
        if not until_closed:
            return connection.recv(65536)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def test_an_http_11_answer_keeps_the_connection_and_every_repeated_header(port: int) -> None:
    answer = _exchange(port, b"GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Set-Cookie: a=1\r\nSet-Cookie: b=2" in head
    assert b"content-length: 11" in head and b"date: " in head
    assert b"connection:" not in head.lower()
    assert body == b"GET /a?x=1 "


def test_pipelined_requests_are_answered_in_order_and_close_is_honoured(port: int) -> None:
    answer = _exchange(
        port,
        b"GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        until_closed=True,
    )
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.index(b"GET /1") < answer.index(b"GET /2")
    assert answer.rstrip().endswith(b"GET /2")
    assert b"connection: close" in answer


def test_http_10_closes_unless_asked_to_keep_alive(port: int) -> None:
    closed = _exchange(port, b"GET /old HTTP/1.0\r\n\r\n", until_closed=True)
    assert closed.endswith(b"GET /old ")
    kept = _exchange(port, b"GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    assert b"connection: keep-alive" in kept


def test_a_client_that_expects_100_continue_gets_it_before_its_body_is_read(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(
            b"POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
        )
        assert connection.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        connection.sendall(b"a=b")
        assert connection.recv(65536).endswith(b"POST /form a=b")


def test_a_chunked_body_reaches_the_handler_whole(port: int) -> None:
    answer = _exchange(
        port,
        b"POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    )
    assert answer.endswith(b"POST /c abcde")


def test_head_has_the_length_of_the_body_it_leaves_out(port: int) -> None:
    answer = _exchange(port, b"HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n")
    assert b"content-length: 8" in answer
    assert answer.endswith(b"\r\n\r\n")


def test_a_request_no_parser_can_read_is_400_and_closed(port: int) -> None:
    answer = _exchange(port, b"NOT HTTP AT ALL\r\n\r\n", until_closed=True)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")


def test_a_dropped_connection_gets_no_answer(port: int) -> None:
    assert _exchange(port, b"GET /drop HTTP/1.1\r\nHost: h\r\n\r\n", until_closed=True) == b""


def test_a_failing_handler_is_a_500_and_the_connection_serves_on(port: int) -> None:
    answer = _exchange(
        port,
        b"GET /fail HTTP/1.1\r\nHost: h\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n"
        b"Connection: close\r\n\r\n",
        until_closed=True,
    )
    assert answer.startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert answer.endswith(b"GET /after ")


def test_httpx_reads_a_served_answer_as_the_in_process_one(port: int) -> None:
    served = httpx.post(f"http://127.0.0.1:{port}/p?q=1", content=b"x" * 5000)
    direct = _echo(httpx.Request("POST", "http://h/p?q=1", content=b"x" * 5000))
    assert served.status_code == direct.status_code
    assert served.content == direct.read()
    assert served.headers.get_list("set-cookie") == direct.headers.get_list("set-cookie")


def test_offloaded_requests_are_answered_in_the_order_they_were_pipelined() -> None:
    import time

    def slow_when_asked(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/slow":
            time.sleep(0.05)
        return httpx.Response(200, content=request.url.path.encode())

    server = ServedHandler(
        slow_when_asked, bind_loopback(), offload=lambda method, target: target == b"/slow"
    )
    server.start()
    try:
        answer = _exchange(
            server.port,
            b"GET /slow HTTP/1.1\r\nHost: h\r\n\r\nGET /fast HTTP/1.1\r\nHost: h\r\n\r\n"
            b"GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
            until_closed=True,
        )
    finally:
        server.stop()
    bodies = [part.split(b"\r\n\r\n", 1)[1][:5] for part in answer.split(b"HTTP/1.1 200 OK")[1:]]
    assert bodies == [b"/slow", b"/fast", b"/slow"]
