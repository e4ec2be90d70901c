"""What fake Konnect sends to the IdP: Okta's Dynamic Client Registration over the injected client.

Calls (research §4e; Kong's reference bridge to Okta), all with ``Authorization: SSWS <dcr_token>``
at the scheme and host of the provider's issuer (``https://x.okta.com/oauth2/default`` ->
``https://x.okta.com``):
- create: ``POST /oauth2/v1/clients`` with ``{client_name, application_type: "service",
  grant_types: ["client_credentials"], response_types: ["token"],
  token_endpoint_auth_method: "client_secret_basic", redirect_uris: []}``; ``client_name`` is the
  application's name unchanged (open question §9: no prefix is added);
- delete: ``DELETE /oauth2/v1/clients/{clientId}``;
- new secret: ``POST /oauth2/v1/clients/{clientId}/lifecycle/newSecret``;
- a developer's credentials [I]: the client's secrets in Okta's management API, one credential
  each: list ``GET /api/v1/apps/{clientId}/credentials/secrets``, add ``POST`` there, remove
  ``POST .../{secretId}/lifecycle/deactivate`` then ``DELETE .../{secretId}``.

Every request is recorded before it is sent. ``DcrError.summary`` names the IdP's answer
(status plus Okta ``errorCode``/``errorSummary`` or OAuth ``error``/``error_description``) and
never contains the DCR token: it is built from the response only and scrubbed once more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from dcr_harness.fakes.konnect.state import DcrProvider


@dataclass
class DcrError(Exception):
    summary: str
    status: int | None = None

    def __str__(self) -> str:
        return self.summary


@dataclass(frozen=True)
class DcrClient:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class DcrSecret:
    """One of a client's secrets at the IdP; ``value`` only when just created."""

    id: str
    created: str | None
    value: str | None = None


class OktaDcr:
    def __init__(self, http: httpx.Client, calls: list[httpx.Request]) -> None:
        self._http = http
        self._calls = calls

    def register(self, provider: DcrProvider, client_name: str) -> DcrClient:
        body = {
            "client_name": client_name,
            "application_type": "service",
            "grant_types": ["client_credentials"],
            "response_types": ["token"],
            "token_endpoint_auth_method": "client_secret_basic",
            "redirect_uris": [],
        }
        response = self._send(provider, "POST", "/oauth2/v1/clients", body)
        data = _json(response)
        client_id, secret = data.get("client_id"), data.get("client_secret")
        if not isinstance(client_id, str) or not isinstance(secret, str):
            raise DcrError(
                f"Okta answered {response.status_code} without client_id and client_secret",
                response.status_code,
            )
        return DcrClient(client_id, secret)

    def delete(self, provider: DcrProvider, client_id: str) -> None:
        self._send(provider, "DELETE", f"/oauth2/v1/clients/{client_id}", None, ok_statuses=(404,))

    def new_secret(self, provider: DcrProvider, client_id: str) -> DcrClient:
        path = f"/oauth2/v1/clients/{client_id}/lifecycle/newSecret"
        response = self._send(provider, "POST", path, None)
        secret = _json(response).get("client_secret")
        if not isinstance(secret, str):
            raise DcrError(
                f"Okta answered {response.status_code} without a client_secret",
                response.status_code,
            )
        return DcrClient(client_id, secret)

    def secrets(self, provider: DcrProvider, client_id: str) -> list[DcrSecret]:
        response = self._send(
            provider, "GET", f"/api/v1/apps/{client_id}/credentials/secrets", None
        )
        try:
            listed = response.json()
        except ValueError:
            listed = None
        if not isinstance(listed, list):
            raise DcrError(f"Okta answered {response.status_code} without a list", 502)
        return [
            DcrSecret(str(item["id"]), item.get("created"))
            for item in listed
            if isinstance(item, dict) and item.get("status") == "ACTIVE" and "id" in item
        ]

    def add_secret(self, provider: DcrProvider, client_id: str) -> DcrSecret:
        path = f"/api/v1/apps/{client_id}/credentials/secrets"
        data = _json(self._send(provider, "POST", path, {}))
        secret_id, value = data.get("id"), data.get("client_secret")
        if not isinstance(secret_id, str) or not isinstance(value, str):
            raise DcrError("Okta answered without the new secret's id and value")
        return DcrSecret(secret_id, data.get("created"), value)

    def remove_secret(self, provider: DcrProvider, client_id: str, secret_id: str) -> None:
        path = f"/api/v1/apps/{client_id}/credentials/secrets/{secret_id}"
        self._send(provider, "POST", path + "/lifecycle/deactivate", None)
        self._send(provider, "DELETE", path, None, ok_statuses=(404,))

    def _send(
        self,
        provider: DcrProvider,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        ok_statuses: tuple[int, ...] = (),
    ) -> httpx.Response:
        token = str(provider.dcr_config.get("dcr_token", ""))
        parts = urlsplit(provider.issuer)
        url = f"{parts.scheme}://{parts.netloc}{path}"
        if not token.isascii():
            # HTTP header values are ASCII: such a token cannot be sent, so Okta never accepts it
            raise DcrError("the IdP refused the DCR token: it is not ASCII text", 401)
        headers = {"Authorization": f"SSWS {token}", "Accept": "application/json"}
        request = self._http.build_request(method, url, headers=headers, json=body)
        self._calls.append(request)
        try:
            response = self._http.send(request)
        except httpx.HTTPError as error:
            summary = f"could not reach the IdP at {parts.netloc}: {type(error).__name__}"
            raise DcrError(_scrub(summary, token)) from None
        if response.is_success or response.status_code in ok_statuses:
            return response
        raise DcrError(_scrub(_describe(response), token), response.status_code)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _describe(response: httpx.Response) -> str:
    data = _json(response)
    status = response.status_code
    if "errorCode" in data:
        text = f"Okta answered {status} {data['errorCode']}: {data.get('errorSummary', '')}"
        causes = [
            c.get("errorSummary") for c in data.get("errorCauses") or [] if isinstance(c, dict)
        ]
        return text + "".join(f"; {cause}" for cause in causes if cause)
    if "error" in data:
        return f"Okta answered {status} {data['error']}: {data.get('error_description', '')}"
    return f"Okta answered {status} {response.reason_phrase}".rstrip()


def _scrub(text: str, token: str) -> str:
    return text.replace(token, "[REDACTED]") if token else text
