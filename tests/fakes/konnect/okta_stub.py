"""A test-local stand-in for Okta's DCR endpoints, independent of fakes/okta."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.fakes.konnect.helpers import DCR_TOKEN


@dataclass
class OktaStub:
    """Okta's /oauth2/v1/clients, just enough: SSWS check, create, delete, newSecret; and the
    one secret each client has in ``/api/v1/apps/{id}/credentials/secrets``."""

    token: str = DCR_TOKEN
    calls: list[httpx.Request] = field(default_factory=list)
    clients: dict[str, str] = field(default_factory=dict)
    fail_next: httpx.Response | None = None
    unreachable: bool = False
    counter: int = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.unreachable:
            raise httpx.ConnectError("connection refused", request=request)
        if self.fail_next is not None:
            response, self.fail_next = self.fail_next, None
            return response
        if request.headers.get("authorization") != f"SSWS {self.token}":
            return httpx.Response(
                401,
                json={
                    "errorCode": "E0000011",
                    "errorSummary": "Invalid token provided",
                    "errorLink": "E0000011",
                    "errorId": "oaeStub",
                    "errorCauses": [],
                },
            )
        path = request.url.path
        if request.method == "POST" and path == "/oauth2/v1/clients":
            self.counter += 1
            client_id = f"0oastub{self.counter:013d}"
            self.clients[client_id] = f"secret-{self.counter}"
            body = json.loads(request.content)
            return httpx.Response(
                201,
                json={"client_id": client_id, "client_secret": self.clients[client_id], **body},
            )
        client_id = path.split("/")[4] if path.count("/") >= 4 else ""
        if client_id not in self.clients:
            return httpx.Response(
                404,
                json={"errorCode": "E0000007", "errorSummary": "Not found: Resource not found"},
            )
        if request.method == "DELETE":
            del self.clients[client_id]
            return httpx.Response(204)
        if request.method == "GET" and path.endswith("/credentials/secrets"):
            only = {
                "id": f"ocs{client_id[3:]}",
                "status": "ACTIVE",
                "created": "2026-01-01T00:00:00Z",
            }
            return httpx.Response(200, json=[only])
        if path.endswith("/lifecycle/newSecret"):
            self.counter += 1
            self.clients[client_id] = f"secret-{self.counter}"
            return httpx.Response(
                200, json={"client_id": client_id, "client_secret": self.clients[client_id]}
            )
        return httpx.Response(405)

    def reset(self) -> None:
        self.token = DCR_TOKEN
        self.calls.clear()
        self.clients.clear()
        self.fail_next = None
        self.unreachable = False
        self.counter = 0

    def bodies(self) -> list[Any]:
        return [json.loads(c.content) if c.content else None for c in self.calls]
