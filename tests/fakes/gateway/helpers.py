from __future__ import annotations

import base64
from typing import Any

import httpx

from dcr_harness.fakes.gateway.control_plane import ApiAuthConfig
from tests.fakes.gateway.idp import ISSUER

API = "api-orders"
STRATEGY = "strategy-okta"
CLIENT_ID = "0oaclient00000000001"
SECRET = "secret-of-client-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
UNAUTHORIZED = "Unauthorized"


def oidc_config(strategy_id: str = STRATEGY, **overrides: Any) -> ApiAuthConfig:
    config: dict[str, Any] = {
        "issuer": ISSUER,
        "credential_claim": ["sub"],
        "scopes": ["orders:read"],
        "auth_methods": ["client_credentials", "bearer"],
    }
    config.update(overrides)
    config = {key: value for key, value in config.items() if value is not None}
    return ApiAuthConfig(strategy_id, "openid_connect", config)


def basic(client_id: str = CLIENT_ID, secret: str = SECRET) -> dict[str, str]:
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_kong_error(response: httpx.Response, status: int, message: str) -> None:
    """``kong.response.error``: message plus the request id, which the header repeats."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body == {"message": message, "request_id": response.headers["X-Kong-Request-Id"]}
    assert len(body["request_id"]) == 32
    assert "WWW-Authenticate" not in response.headers


def assert_oidc_unauthorized(response: httpx.Response) -> None:
    """The openid-connect plugin's 401: no request id, a Bearer challenge naming the IdP host."""
    assert response.status_code == 401, response.text
    assert response.json() == {"message": UNAUTHORIZED}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="idp.harness.test", error="invalid_token"'
    )
