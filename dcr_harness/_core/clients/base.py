from __future__ import annotations

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
            response = self._http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            target = str(self._http.base_url) if not url.startswith("http") else url
            raise Unreachable(self.service, target, type(exc).__name__ + ": " + str(exc)) from None
        if response.is_error:
            raise VendorError(self.service, response)
        return response

    def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        return self._send(method, url, **kwargs).json()
