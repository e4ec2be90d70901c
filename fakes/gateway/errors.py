"""Kong's own error answers, in one place.

Two shapes exist on a real data plane (research/konnect.md §5c):

- ``kong.response.error(status, message)``: Kong's default JSON error template, which since
  Kong 3.5 carries the request id: ``{"message": "...", "request_id": "..."}``. KAA uses it
  for every decision it makes itself (no credential, unknown client, wrong strategy, not
  approved, rate-limited), and the router uses it for "no Route matched".
- ``kong.response.exit(401, {"message": "Unauthorized"}, headers)``: the openid-connect plugin's
  answer when the IdP step fails (bad secret, IdP refusal, bad or expired JWT). No
  ``request_id``; a ``WWW-Authenticate: Bearer realm="<issuer host>", error="invalid_token"``
  header (``error_description`` is left out, as with ``display_errors`` off, the default).

Handlers raise a ``GatewayError``; ``render`` turns it into the response. Each error keeps a
``reason`` that never reaches the client (Kong writes it to its error log); the fake records it
in ``FakeGateway.notices``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx

KONG_VERSION = "3.9.1"

UNAUTHORIZED = "Unauthorized"
UNAUTHENTICATED = "Unauthenticated"
NO_ROUTE = "no Route matched with those values"
CANNOT_CONSUME = "You cannot consume this service"
RATE_LIMITED = (
    "The consumption of this api has been rate-limited. "
    "Please check the developer portal for more informations"
)
UNEXPECTED = "An unexpected error occurred"
DUPLICATE_KEY = "Duplicate API key found"


class GatewayError(Exception):
    """A request the data plane answers itself; ``reason`` is what Kong would log."""

    status: int = 500

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KongError(GatewayError):
    """``kong.response.error``: ``{"message", "request_id"}``."""

    def __init__(self, status: int, message: str, reason: str | None = None) -> None:
        super().__init__(reason or message)
        self.status = status
        self.message = message


class OidcUnauthorized(GatewayError):
    """The openid-connect plugin's 401: ``{"message": "Unauthorized"}`` + ``WWW-Authenticate``."""

    status = 401

    def __init__(self, issuer: str, reason: str) -> None:
        super().__init__(reason)
        self.issuer = issuer


def kong_headers(request_id: str) -> dict[str, str]:
    """Headers Kong puts on every answer it produces itself."""
    return {"Server": f"kong/{KONG_VERSION}", "X-Kong-Request-Id": request_id}


def _json(status: int, body: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body, separators=(",", ":")).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )


def www_authenticate(issuer: str) -> str:
    host = urlsplit(issuer).hostname or issuer
    return f'Bearer realm="{host}", error="invalid_token"'


def render(error: GatewayError, request_id: str) -> httpx.Response:
    headers = kong_headers(request_id)
    if isinstance(error, OidcUnauthorized):
        headers["WWW-Authenticate"] = www_authenticate(error.issuer)
        return _json(401, {"message": UNAUTHORIZED}, headers)
    message = error.message if isinstance(error, KongError) else UNEXPECTED
    return _json(error.status, {"message": message, "request_id": request_id}, headers)
