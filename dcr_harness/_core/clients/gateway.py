"""The Kong data plane: a request to the registered route, with the credentials given."""

from __future__ import annotations

import httpx

from dcr_harness._core.errors import Unreachable
from dcr_harness._core.models import GatewayAnswer


class DataPlane:
    service = "data plane"

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def call(self, route: str, authorization: str | None = None) -> GatewayAnswer:
        headers = {"Authorization": authorization} if authorization else {}
        try:
            response = self._http.get(route, headers=headers)
        except httpx.TransportError as exc:
            raise Unreachable(self.service, str(self._http.base_url), str(exc)) from None
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return GatewayAnswer(response.status_code, body, dict(response.headers), authorization)
