from __future__ import annotations

import base64
from typing import Any

import httpx
import jwt
import pytest

from fakes.okta import FakeOkta
from tests.fakes.okta.conftest import NOW, ORG, Registered, register
from tests.spec_check import assert_conforms, assert_oauth_error_in_catalogue

TOKEN = "/oauth2/{authorizationServerId}/v1/token"
ISSUER = f"{ORG}/oauth2/default"


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
        issuer=ISSUER,
        options={"verify_exp": False, "verify_iat": False},
    )


def test_client_secret_basic_gets_an_okta_shaped_token(
    http: httpx.Client, ready: Registered
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
    assert claims["iss"] == ISSUER
    assert claims["aud"] == "api://default"
    assert claims["iat"] == int(NOW) and claims["exp"] == int(NOW) + 3600
    assert claims["cid"] == ready.client_id
    assert claims["iss"] == ISSUER
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
    okta: FakeOkta, http: httpx.Client, api: httpx.Client
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
        issuer=f"{ORG}/oauth2/{server.id}",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["scp"] == ["portal"]


# -- client authentication ---------------------------------------------------------------------


def test_no_client_credentials(http: httpx.Client, ready: Registered) -> None:
    assert_oauth_error(
        token(http, None, scope="portal"), 401, "invalid_client", "No client credentials found."
    )


def test_unknown_client_id(http: httpx.Client, ready: Registered) -> None:
    response = token(http, Registered("0oaUnknownClient0000", "x"), scope="portal")
    assert_oauth_error(response, 401, "invalid_client", "Invalid value for 'client_id' parameter.")


def test_wrong_secret(http: httpx.Client, ready: Registered) -> None:
    response = token(http, Registered(ready.client_id, "wrong"), scope="portal")
    assert_oauth_error(
        response,
        401,
        "invalid_client",
        "The client secret supplied for a confidential client is invalid.",
    )


@pytest.mark.parametrize(
    "header", ["Basic not-base64!", "Basic " + base64.b64encode(b"x").decode(), "Bearer abc"]
)
def test_malformed_authorization_header(http: httpx.Client, ready: Registered, header: str) -> None:
    response = http.post(
        "/oauth2/default/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        headers={"Authorization": header},
    )
    assert_oauth_error(
        response,
        401,
        "invalid_client",
        "Found Authentication header but was not valid client credentials.",
    )


def test_auth_method_other_than_registered(http: httpx.Client, ready: Registered) -> None:
    response = http.post(
        "/oauth2/default/v1/token",
        data={
            "grant_type": "client_credentials",
            "scope": "portal",
            "client_id": ready.client_id,
            "client_secret": ready.client_secret,
        },
    )
    assert_oauth_error(
        response,
        401,
        "invalid_client",
        "Client authentication failed. Either the client or the client credentials are invalid.",
    )


def test_multiple_client_credentials(http: httpx.Client, ready: Registered) -> None:
    response = token(http, ready, scope="portal", client_secret=ready.client_secret)
    assert response.status_code == 401
    # SPEC-O files this example under 400; Okta's catalogue (and the fake) say 401.
    assert_oauth_error_in_catalogue(response)
    assert response.json()["error"] == "invalid_request"


def test_credentials_in_query(http: httpx.Client, ready: Registered) -> None:
    response = http.post(
        "/oauth2/default/v1/token",
        params={"client_id": ready.client_id, "client_secret": ready.client_secret},
        data={"grant_type": "client_credentials", "scope": "portal"},
    )
    assert_oauth_error(
        response,
        400,
        "invalid_request",
        "Client credentials cannot be supplied via query parameters.",
    )


def test_deactivated_app_cannot_authenticate(
    http: httpx.Client, api: httpx.Client, ready: Registered
) -> None:
    api.post(f"/api/v1/apps/{ready.client_id}/lifecycle/deactivate")
    response = token(http, ready, scope="portal")
    assert_oauth_error(response, 401, "invalid_client", "Invalid value for 'client_id' parameter.")


# -- grant type ----------------------------------------------------------------------------------


def test_missing_grant_type(http: httpx.Client, ready: Registered) -> None:
    response = http.post(
        "/oauth2/default/v1/token",
        data={"scope": "portal"},
        auth=(ready.client_id, ready.client_secret),
    )
    assert response.status_code == 400
    assert_oauth_error_in_catalogue(response)
    assert response.json()["error_description"].startswith(
        "The token request must specify a 'grant_type'. Valid values: [authorization_code, "
    )


def test_unknown_grant_type(http: httpx.Client, ready: Registered) -> None:
    response = token(http, ready, grant_type="magic")
    assert response.status_code == 400
    assert_conforms("okta-oauth", "POST", TOKEN, response)
    assert_oauth_error_in_catalogue(response)
    assert response.json()["error"] == "unsupported_grant_type"


def test_grant_type_not_registered_for_client(http: httpx.Client, ready: Registered) -> None:
    assert_oauth_error(
        token(http, ready, grant_type="password"),
        400,
        "unauthorized_client",
        "The client is not authorized to use the provided grant type. "
        "Configured grant types: [client_credentials].",
    )


# -- scopes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["openid", "portal openid", "profile"])
def test_openid_scopes_refused(http: httpx.Client, ready: Registered, scope: str) -> None:
    assert_oauth_error(
        token(http, ready, scope=scope),
        400,
        "invalid_scope",
        "Cannot request 'openid' scopes using client credentials.",
    )


def test_unknown_scope(http: httpx.Client, ready: Registered) -> None:
    assert_oauth_error(
        token(http, ready, scope="portal nope"),
        400,
        "invalid_scope",
        "One or more scopes are not configured for the authorization server resource.",
    )


def test_no_scope_and_no_default_scopes(http: httpx.Client, ready: Registered) -> None:
    assert_oauth_error(
        token(http, ready),
        400,
        "invalid_scope",
        "The authorization server resource does not have any configured default scopes, "
        "'scope' must be provided.",
    )


def test_no_scope_grants_default_scopes(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.state.add_scope("default", "everyday", default=True)
    response = token(http, ready)
    assert response.status_code == 200
    assert response.json()["scope"] == "everyday"


def test_empty_scope(http: httpx.Client, ready: Registered) -> None:
    assert_oauth_error(
        token(http, ready, scope=" "), 400, "invalid_scope", "No scopes were requested."
    )


def test_consent_required_scope(okta: FakeOkta, http: httpx.Client, ready: Registered) -> None:
    okta.state.add_scope("default", "car:drive", consent="REQUIRED")
    assert_oauth_error(
        token(http, ready, scope="portal car:drive"),
        400,
        "consent_required",
        "The following scopes require user consent and cannot be granted for the client "
        "credentials grant type: [car:drive].",
    )


def test_flexible_consent_scope_is_granted(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.state.add_scope("default", "flex", consent="FLEXIBLE")
    assert token(http, ready, scope="flex").status_code == 200


# -- policies and rules ------------------------------------------------------------------------------

NO_POLICY = "Policy evaluation failed for this request, please check the policy configurations."


def test_fresh_org_has_no_policy(okta: FakeOkta, http: httpx.Client, api: httpx.Client) -> None:
    okta.state.add_scope("default", "portal")
    client = register(api)
    assert_oauth_error(token(http, client, scope="portal"), 401, "access_denied", NO_POLICY)


def test_policy_for_other_clients_only(
    okta: FakeOkta, http: httpx.Client, api: httpx.Client
) -> None:
    okta.state.add_scope("default", "portal")
    policy = okta.state.add_policy("default", "p", clients=["0oaSomeoneElse000000"])
    okta.state.add_rule("default", policy.id, "r")
    client = register(api)
    assert_oauth_error(token(http, client, scope="portal"), 401, "access_denied", NO_POLICY)


def test_policy_naming_the_client(okta: FakeOkta, http: httpx.Client, api: httpx.Client) -> None:
    okta.state.add_scope("default", "portal")
    client = register(api)
    policy = okta.state.add_policy("default", "p", clients=[client.client_id])
    okta.state.add_rule("default", policy.id, "r")
    assert token(http, client, scope="portal").status_code == 200


def test_rule_must_cover_requested_scopes(
    okta: FakeOkta, http: httpx.Client, api: httpx.Client
) -> None:
    okta.state.add_scope("default", "portal")
    okta.state.add_scope("default", "admin")
    policy = okta.state.add_policy("default", "p")
    okta.state.add_rule("default", policy.id, "r", scopes=["portal"])
    client = register(api)

    assert token(http, client, scope="portal").status_code == 200
    assert_oauth_error(token(http, client, scope="portal admin"), 401, "access_denied", NO_POLICY)


def test_rule_must_allow_client_credentials(
    okta: FakeOkta, http: httpx.Client, api: httpx.Client
) -> None:
    okta.state.add_scope("default", "portal")
    policy = okta.state.add_policy("default", "p")
    okta.state.add_rule("default", policy.id, "r", grant_types=["authorization_code"])
    client = register(api)
    assert_oauth_error(token(http, client, scope="portal"), 401, "access_denied", NO_POLICY)


def test_inactive_policies_and_rules_are_skipped_and_priority_decides(
    okta: FakeOkta, http: httpx.Client, api: httpx.Client
) -> None:
    okta.state.add_scope("default", "portal")
    inactive = okta.state.add_policy("default", "off", priority=1, status="INACTIVE")
    okta.state.add_rule("default", inactive.id, "r", lifetime_minutes=5)
    policy = okta.state.add_policy("default", "on", priority=2)
    okta.state.add_rule("default", policy.id, "off", priority=1, status="INACTIVE")
    okta.state.add_rule("default", policy.id, "second", priority=3, lifetime_minutes=20)
    okta.state.add_rule("default", policy.id, "first", priority=2, lifetime_minutes=10)
    client = register(api)

    assert token(http, client, scope="portal").json()["expires_in"] == 600


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
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    okta.state.add_claim("default", "cid", "'overridden'")
    okta.state.add_claim("default", "iss", "app.clientName")
    claims = verify(http, token(http, ready, scope="portal").json()["access_token"])
    assert claims["cid"] == ready.client_id
    assert claims["iss"] == ISSUER
