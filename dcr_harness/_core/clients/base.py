from __future__ import annotations

import functools
from typing import Any

import httpx

from dcr_harness._core.errors import Unreachable, VendorError


class ServiceClient:
    """Sends requests through the injected client; error statuses become VendorError and
    connection failures Unreachable, both with redacted messages."""

    service = "service"

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, resolved_url(self._http.base_url, url), **kwargs)
        except httpx.TransportError as exc:
            target = str(self._http.base_url) if not url.startswith("http") else url
            raise Unreachable(self.service, target, type(exc).__name__ + ": " + str(exc)) from None
        if response.is_error:
            raise VendorError(self.service, response)
        return response

    def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        return self._send(method, url, **kwargs).json()


@functools.lru_cache(maxsize=4096)
def resolved_url(base_url: httpx.URL, url: str) -> httpx.URL:
    """``url`` resolved against a client's base URL as httpx resolves it (appended to the
    base's path), parsed once: httpx parses both again on every request, and a parsed URL it
    is given as is, which was a fifth of an in-process request's time. A run's paths repeat."""
    resolved = httpx.URL(url)
    if resolved.is_relative_url:
        path = base_url.raw_path + resolved.raw_path.lstrip(b"/")
        return base_url.copy_with(raw_path=path)
    return resolved
