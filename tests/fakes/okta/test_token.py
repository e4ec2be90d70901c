"""The client_credentials token endpoint: tokens shaped like Okta's, claims, servers."""

from __future__ import annotations

import httpx
import jwt
import pytest

from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import NOW, Registered, register
from tests.fakes.okta.grant import TOKEN, token, verify
from tests.spec_check import assert_conforms, assert_oauth_error_in_catalogue


def test_client_secret_basic_gets_an_okta_shaped_token(
    org: str, http: httpx.Client, ready: Registered
) -> None:
    response = token(http, ready, scope="portal")

    assert response.status_code == 200
    assert_conforms("okta-oauth", "POST", TOKEN, response)
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "portal"
    assert set(body) == {"token_type", "expires_in", "access_token", "scope"}
    header = jwt.get_unverified_header(body["access_token"])
    assert set(header) == {"kid", "alg"} and header["alg"] == "RS256"
    claims = verify(http, body["access_token"])
    assert claims["ver"] == 1
    assert claims["jti"].startswith("AT.") and len(claims["jti"]) == 46
    assert claims["iss"] == f"{org}/oauth2/default"
    assert claims["aud"] == "api://default"
    assert claims["iat"] == int(NOW) and claims["exp"] == int(NOW) + 3600
    assert claims["cid"] == ready.client_id
    assert claims["sub"] == ready.client_id
    assert claims["scp"] == ["portal"]
    assert claims["kong_client_id"] == ready.client_id
    assert "uid" not in claims


def test_client_secret_post(http: httpx.Client, okta: FakeOkta, api: httpx.Client) -> None:
    okta.state.add_scope("default", "portal")
    policy = okta.state.add_policy("default", "p")
    okta.state.add_rule("default", policy.id, "r")
    client = register(api, token_endpoint_auth_method="client_secret_post")

    response = http.post(
        "/oauth2/default/v1/token",
        data={
            "grant_type": "client_credentials",
            "scope": "portal",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
        },
    )

    assert response.status_code == 200
    assert verify(http, response.json()["access_token"])["cid"] == client.client_id


def test_rule_lifetime_sets_expiry(okta: FakeOkta, http: httpx.Client, api: httpx.Client) -> None:
    okta.state.add_scope("default", "portal")
    policy = okta.state.add_policy("default", "p")
    okta.state.add_rule("default", policy.id, "r", lifetime_minutes=30)
    client = register(api)

    body = token(http, client, scope="portal").json()

    assert body["expires_in"] == 1800
    claims = verify(http, body["access_token"])
    assert claims["exp"] - claims["iat"] == 1800


def test_custom_server_audience_and_issuer(
    org: str, okta: FakeOkta, http: httpx.Client, api: httpx.Client
) -> None:
    server = okta.state.add_authorization_server("Portal", ["api://portal"])
    okta.state.add_scope(server.id, "portal")
    policy = okta.state.add_policy(server.id, "p")
    okta.state.add_rule(server.id, policy.id, "r")
    client = register(api)

    response = http.post(
        f"/oauth2/{server.id}/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(client.client_id, client.client_secret),
    )

    jwks = jwt.PyJWKSet.from_dict(http.get(f"/oauth2/{server.id}/v1/keys").json())
    access_token = response.json()["access_token"]
    claims = jwt.decode(
        access_token,
        jwks[jwt.get_unverified_header(access_token)["kid"]].key,
        algorithms=["RS256"],
        audience="api://portal",
        issuer=f"{org}/oauth2/{server.id}",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["scp"] == ["portal"]


# -- claims ----------------------------------------------------------------------------------------


def test_claims_follow_scope_conditions_and_status(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.state.add_claim("default", "portal_only", "'yes'", scopes=["portal"])
    okta.state.add_claim("default", "other_only", '"no"', scopes=["other"])
    okta.state.add_claim("default", "app_name", "app.clientName", status="INACTIVE")
    okta.state.add_claim("default", "id_token_only", "app.clientId", claim_type="IDENTITY")

    claims = verify(http, token(http, ready, scope="portal").json()["access_token"])

    assert claims["portal_only"] == "yes"
    assert "other_only" not in claims
    assert "app_name" not in claims
    assert "id_token_only" not in claims


def test_client_name_expression(okta: FakeOkta, http: httpx.Client, ready: Registered) -> None:
    okta.state.add_claim("default", "app_name", "app.clientName")
    claims = verify(http, token(http, ready, scope="portal").json()["access_token"])
    assert claims["app_name"] == "Dev Portal app"


# -- servers -----------------------------------------------------------------------------------------


def test_unknown_server(http: httpx.Client, ready: Registered) -> None:
    response = http.post(
        "/oauth2/ausNope/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(ready.client_id, ready.client_secret),
    )
    assert response.status_code == 404
    assert response.json()["errorCode"] == "E0000007"


def test_token_verified_only_with_own_servers_keys(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    other = okta.state.add_authorization_server("Other", ["api://other"])
    access_token = token(http, ready, scope="portal").json()["access_token"]
    kid = jwt.get_unverified_header(access_token)["kid"]
    other_kids = [k["kid"] for k in http.get(f"/oauth2/{other.id}/v1/keys").json()["keys"]]
    assert kid not in other_kids


@pytest.mark.parametrize(
    ("application_type", "text"),
    [
        (
            "service",
            "Client Credentials requests to the Org Authorization Server must use the "
            "private_key_jwt token_endpoint_auth_method.",
        ),
        (
            "web",
            "Only clients with 'application_type' of 'service' may use the client_credentials "
            "'grant_type' with the Org Authorization Server.",
        ),
    ],
)
def test_org_server_refuses_client_secret_client_credentials(
    http: httpx.Client, api: httpx.Client, application_type: str, text: str
) -> None:
    extra = {
        "grant_types": ["authorization_code", "client_credentials"],
        "redirect_uris": ["https://a.example/cb"],
    }
    client = register(
        api, application_type=application_type, **(extra if application_type == "web" else {})
    )

    response = http.post(
        "/oauth2/v1/token",
        data={"grant_type": "client_credentials", "scope": "okta.clients.read"},
        auth=(client.client_id, client.client_secret),
    )

    assert response.status_code == 401
    assert_conforms("okta-oauth", "POST", "/oauth2/v1/token", response)
    assert_oauth_error_in_catalogue(response)
    assert response.json()["error_description"] == text


def test_custom_claim_never_overrides_a_reserved_claim(
    org: str, okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.state.add_claim("default", "cid", "'overridden'")
    okta.state.add_claim("default", "iss", "app.clientName")
    claims = verify(http, token(http, ready, scope="portal").json()["access_token"])
    assert claims["cid"] == ready.client_id
    assert claims["iss"] == f"{org}/oauth2/default"
