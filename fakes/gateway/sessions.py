"""The openid-connect plugin's sessions, as KAA's ``session`` auth method uses them.

After a request authorized by another method, a strategy whose ``auth_methods`` include
``session`` answers with a session cookie; a later request carrying only that cookie is
authorized as the same application, with the access token the session holds.

From the openid-connect plugin's schema (Kong source, ``schema.lua``): the cookie is named by
``session_cookie_name`` (default ``session``), with ``Path=/`` (``session_cookie_path``),
``SameSite=Lax`` and ``HttpOnly`` by default; a session idles out after 900 s
(``session_idling_timeout``) and ends after 86,400 s (``session_absolute_timeout``).

[I] Kong keeps the session in the (encrypted) cookie itself; this fake keeps it server-side
under an opaque random id, which a client cannot tell apart. ``Secure`` is set when the request
came over https (``session_cookie_secure`` has no default in the schema).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from dcr_harness.fakes.kit.clock import Clock

DEFAULT_COOKIE_NAME = "session"
IDLING_TIMEOUT = 900.0
ABSOLUTE_TIMEOUT = 86_400.0


@dataclass
class Session:
    client_id: str
    strategy_id: str
    access_token: str
    created_at: float
    used_at: float


def cookie_name(openid_connect: dict[str, Any]) -> str:
    name = openid_connect.get("session_cookie_name")
    return name if isinstance(name, str) and name else DEFAULT_COOKIE_NAME


class Sessions:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._by_id: dict[str, Session] = {}

    def clear(self) -> None:
        self._by_id.clear()

    def start(self, client_id: str, strategy_id: str, access_token: str) -> str:
        """A new session; the cookie value that names it."""
        now = self._clock.now()
        session_id = secrets.token_urlsafe(32)
        self._by_id[session_id] = Session(client_id, strategy_id, access_token, now, now)
        return session_id

    def resume(self, request: httpx.Request, name: str) -> Session | None:
        """The live session the request's cookie ``name`` names, touched; None otherwise."""
        value = _cookie(request, name)
        session = self._by_id.get(value) if value is not None else None
        if value is None or session is None:
            return None
        now = self._clock.now()
        if now - session.used_at > IDLING_TIMEOUT or now - session.created_at > ABSOLUTE_TIMEOUT:
            del self._by_id[value]
            return None
        session.used_at = now
        return session


def set_cookie(name: str, value: str, request: httpx.Request) -> str:
    secure = "; Secure" if request.url.scheme == "https" else ""
    return f"{name}={value}; Path=/; SameSite=Lax; HttpOnly{secure}"


def _cookie(request: httpx.Request, name: str) -> str | None:
    for header in request.headers.get_list("cookie"):
        for pair in header.split(";"):
            key, _, value = pair.strip().partition("=")
            if key == name and value:
                return value
    return None
