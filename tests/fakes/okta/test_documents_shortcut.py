"""The served shortcut for discovery documents and key sets (``fakes.okta.documents``) answers
byte for byte what the ordinary path answers: two fakes with the same seeds and clock, one
served with the shortcut and one without, get the same requests and must give the same bytes,
keep the same request records and draw the same request ids, through scope changes, key
rotation, a queued fault, a deactivated server, query strings and HEAD."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.prepared import Prepared, RequestFactory
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import API_TOKEN, ID_SEED, NOW, ORG

DEFAULT = "/oauth2/default"
DOCUMENTS = (
    f"{DEFAULT}/.well-known/openid-configuration",
    f"{DEFAULT}/.well-known/oauth-authorization-server",
    "/.well-known/oauth-authorization-server/oauth2/default",
    f"{DEFAULT}/v1/keys",
    "/.well-known/openid-configuration",
    "/oauth2/v1/keys",
)


class Pair:
    """The same fake twice: ``plain`` served without the shortcut, ``short`` with it."""

    def __init__(self) -> None:
        self.plain, self.short = self._fake(), self._fake()
        self.replays = 0
        self._servers = [
            ServedHandler(self.plain.handle, bind_loopback()),
            ServedHandler(self.short.handle, bind_loopback(), shortcut=self._counted()),
        ]
        for server in self._servers:
            server.start()

    @staticmethod
    def _fake() -> FakeOkta:
        okta = FakeOkta(ORG, ids=IdFactory(ID_SEED), clock=Clock(frozen_at=NOW))
        okta.seed_api_token(API_TOKEN)
        return okta

    def _counted(self) -> Callable[[str, str, RequestFactory], Prepared | None]:
        def shortcut(method: str, target: str, make_request: RequestFactory) -> Prepared | None:
            answer = self.short.shortcut(method, target, make_request)
            self.replays += answer is not None
            return answer

        return shortcut

    def both(self, raw: bytes) -> bytes:
        """Sends ``raw`` to each; asserts both answered alike and returns the answer."""
        plain, short = (_exchange(server.port, raw) for server in self._servers)
        assert short == plain, raw
        return plain

    def on_both(self, change: Callable[[FakeOkta], object]) -> None:
        change(self.plain)
        change(self.short)

    def stop(self) -> None:
        for server in self._servers:
            server.stop()


def _exchange(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def _get(path: str, method: str = "GET") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: okta\r\nConnection: close\r\n\r\n".encode()


def _management(method: str, path: str, body: str = "") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: okta\r\nConnection: close\r\n"
        f"Authorization: SSWS {API_TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return (head + body).encode()


def _body(answer: bytes) -> bytes:
    return answer.partition(b"\r\n\r\n")[2]


@pytest.fixture
def pair() -> Iterator[Pair]:
    served = Pair()
    yield served
    served.stop()


def test_every_document_is_answered_alike_first_and_again(pair: Pair) -> None:
    for _ in range(3):
        for path in DOCUMENTS:
            assert pair.both(_get(path)).startswith(b"HTTP/1.1 200 OK\r\n")
    assert pair.replays == 2 * len(DOCUMENTS)
    records = [
        [(r.method, r.url.raw_path, r.headers.raw, r.content) for r in okta.requests]
        for okta in (pair.plain, pair.short)
    ]
    assert records[0] == records[1] and len(records[0]) == 3 * len(DOCUMENTS)


def test_a_new_published_scope_and_a_key_rotation_show_at_once(pair: Pair) -> None:
    discovery, keys = DOCUMENTS[0], DOCUMENTS[3]
    before = [pair.both(_get(path)) for path in (discovery, discovery, keys, keys)]
    scope = '{"name": "orders:write", "metadataPublish": "ALL_CLIENTS"}'
    pair.both(_management("POST", "/api/v1/authorizationServers/default/scopes", scope))
    changed = pair.both(_get(discovery))
    assert b"orders:write" in changed and b"orders:write" not in before[0]
    rotate = "/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate"
    assert pair.both(_management("POST", rotate, '{"use": "sig"}')).startswith(b"HTTP/1.1 200")
    rotated = pair.both(_get(keys))
    assert _body(rotated).count(b'"kid"') == _body(before[2]).count(b'"kid"') + 1
    replays = pair.replays
    assert _body(pair.both(_get(keys))) == _body(rotated)
    assert pair.replays == replays + 1


def test_a_queued_fault_a_query_string_and_head_take_the_ordinary_path(pair: Pair) -> None:
    keys = DOCUMENTS[3]
    pair.both(_get(keys))
    pair.on_both(lambda okta: okta.faults.add("as.keys", Fault(503, {"errorCode": "E0000009"})))
    assert pair.both(_get(keys)).startswith(b"HTTP/1.1 503")
    assert pair.both(_get(f"{DOCUMENTS[0]}?client_id=unknown")).startswith(b"HTTP/1.1 400")
    pair.both(_get(keys, "HEAD"))  # whatever the fake answers to HEAD, both answer it
    assert pair.replays == 0


def test_a_deactivated_server_is_404_at_once(pair: Pair) -> None:
    pair.both(_get(DOCUMENTS[0]))
    pair.both(_get(DOCUMENTS[0]))
    pair.both(_management("POST", "/api/v1/authorizationServers/default/lifecycle/deactivate"))
    assert pair.both(_get(DOCUMENTS[0])).startswith(b"HTTP/1.1 404")
    assert pair.both(_get(DOCUMENTS[3])).startswith(b"HTTP/1.1 404")
    assert pair.replays == 1
