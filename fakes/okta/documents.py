"""Discovery documents and key sets answered again, for the served fakes' shortcut
(``fakes.kit.prepared``), without ``httpx`` objects: one answer a second is the common case
(every verifier fetches them), and building the objects was most of its cost.

Exactness: an answer is only ever a replay of the ordinary path's own. ``remember`` keeps a
200 answer to a GET without a query, with the route that served it and a fingerprint of all it
shows; ``replay`` answers the same target again only while the fingerprint is unchanged and no
fault waits for the route, and does what ``FakeOkta.handle`` does around the endpoint (records
the request, draws the request id, dates the answer). A discovery document shows the org, the
server's issuer and its scopes published to all clients; a key set shows its keys, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import httpx

from dcr_harness.fakes.kit.prepared import Prepared
from dcr_harness.fakes.okta.keys import KeyRing
from dcr_harness.fakes.okta.state import OktaState

_DYNAMIC = (b"x-okta-request-id", b"date", b"content-length", b"transfer-encoding", b"connection")
Fingerprint = Callable[[OktaState, dict[str, str]], Hashable | None]


def _server_discovery(state: OktaState, params: dict[str, str]) -> Hashable | None:
    server = state.servers.get(params["server_id"])
    if server is None or server.status != "ACTIVE":
        return None
    published = tuple(s.name for s in server.scopes.values() if s.metadata_publish == "ALL_CLIENTS")
    return state.org_url, server.issuer, published


def _server_keys(state: OktaState, params: dict[str, str]) -> Hashable | None:
    server = state.servers.get(params["server_id"])
    if server is None or server.status != "ACTIVE":
        return None
    return _key_order(server.keys)


def _key_order(ring: KeyRing) -> tuple[int, ...]:
    """The ring's keys, in order (a key's index names its pool key, so its kid too)."""
    return tuple(ring.indexes)


FINGERPRINTS: dict[str, Fingerprint] = {
    "org.openid_configuration": lambda state, params: state.org_url,
    "org.oauth_authorization_server": lambda state, params: state.org_url,
    "org.keys": lambda state, params: _key_order(state.org_keys),
    "as.openid_configuration": _server_discovery,
    "as.oauth_authorization_server": _server_discovery,
    "as.oauth_authorization_server_rfc8414": _server_discovery,
    "as.keys": _server_keys,
}
_ENDINGS = ("/keys", "/openid-configuration", "/oauth-authorization-server")


@dataclass(frozen=True)
class _Kept:
    route: str
    params: dict[str, str]
    fingerprint: Hashable
    headers: tuple[tuple[bytes, bytes], ...]  # all but the request id, the date and framing
    body: bytes


class Documents:
    def __init__(
        self, state: OktaState, resolve: Callable[[str, str], tuple[str, dict[str, str]] | None]
    ) -> None:
        self._state = state
        self._resolve = resolve
        self._kept: dict[str, _Kept] = {}

    def clear(self) -> None:
        self._kept.clear()

    def remember(self, request: httpx.Request, response: httpx.Response) -> None:
        path = request.url.path
        if request.method != "GET" or request.url.query or response.status_code != 200:
            return
        if not path.endswith(_ENDINGS) and "/oauth-authorization-server/" not in path:
            return
        resolved = self._resolve("GET", path)
        if resolved is None or resolved[0] not in FINGERPRINTS:
            return
        route, params = resolved
        fingerprint = FINGERPRINTS[route](self._state, params)
        if fingerprint is None:
            return
        headers = tuple(
            (name, value) for name, value in response.headers.raw if name.lower() not in _DYNAMIC
        )
        target = request.url.raw_path.decode("ascii")
        self._kept[target] = _Kept(route, params, fingerprint, headers, response.content)

    def replayable(self, target: str) -> _Kept | None:
        """What was kept for this target, while it still shows what it showed."""
        kept = self._kept.get(target)
        if kept is None or FINGERPRINTS[kept.route](self._state, kept.params) != kept.fingerprint:
            return None
        return kept


def prepared(kept: _Kept, request_id: str, date: str) -> Prepared:
    dynamic = ((b"X-Okta-Request-Id", request_id.encode()), (b"Date", date.encode()))
    return Prepared(200, kept.headers + dynamic, kept.body)
