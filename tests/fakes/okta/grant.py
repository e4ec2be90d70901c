"""Helpers of the token endpoint tests: a client_credentials request and a JWKS check."""

from __future__ import annotations

from typing import Any

import httpx
import jwt

from tests.fakes.okta.conftest import Registered
from tests.spec_check import assert_conforms, assert_oauth_error_in_catalogue

TOKEN = "/oauth2/{authorizationServerId}/v1/token"


def token(http: httpx.Client, client: Registered | None, **form: str) -> httpx.Response:
    data = {"grant_type": "client_credentials", **form}
    if client is None:
        return http.post("/oauth2/default/v1/token", data=data)
    return http.post(
        "/oauth2/default/v1/token", data=data, auth=(client.client_id, client.client_secret)
    )


def assert_oauth_error(response: httpx.Response, status: int, error: str, text: str) -> None:
    assert response.status_code == status, response.text
    assert_conforms("okta-oauth", "POST", TOKEN, response)
    assert_oauth_error_in_catalogue(response)
    assert response.json() == {"error": error, "error_description": text}


def issuer(http: httpx.Client, server_id: str = "default") -> str:
    return f"{str(http.base_url).rstrip('/')}/oauth2/{server_id}"


def verify(
    http: httpx.Client, access_token: str, audience: str = "api://default"
) -> dict[str, Any]:
    jwks = jwt.PyJWKSet.from_dict(http.get("/oauth2/default/v1/keys").json())
    kid = jwt.get_unverified_header(access_token)["kid"]
    return jwt.decode(
        access_token,
        jwks[kid].key,
        algorithms=["RS256"],
        audience=audience,
        issuer=issuer(http),
        options={"verify_exp": False, "verify_iat": False},
    )
