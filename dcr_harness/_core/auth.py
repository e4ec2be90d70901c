"""The three ways this integration authenticates: Okta SSWS, Konnect bearer PAT, HTTP Basic."""

from __future__ import annotations

import base64
from collections.abc import Generator

import httpx

from dcr_harness._core.redaction import REDACTOR


class SswsAuth(httpx.Auth):
    """``Authorization: SSWS <api token>``, Okta's Management API and DCR scheme."""

    def __init__(self, token: str) -> None:
        REDACTOR.add(token)
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"SSWS {self._token}"
        yield request


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``: Konnect personal/system access tokens."""

    def __init__(self, token: str) -> None:
        REDACTOR.add(token)
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def basic_header(client_id: str, client_secret: str) -> str:
    """The correct header: base64 of ``client_id:client_secret`` (the how-to shows it unencoded)."""
    pair = f"{client_id}:{client_secret}"
    REDACTOR.add(pair)  # and so its base64 form, wherever it appears without "Basic "
    return "Basic " + base64.b64encode(pair.encode()).decode("ascii")


def unencoded_basic_header(client_id: str, client_secret: str) -> str:
    """The how-to's literal ``Basic CLIENT_ID:CLIENT_SECRET``, which Kong cannot decode."""
    return f"Basic {client_id}:{client_secret}"
