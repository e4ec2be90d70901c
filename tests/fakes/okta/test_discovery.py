from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.okta import FakeOkta
from tests.spec_check import assert_conforms, assert_management_error_in_catalogue

OAUTH = "okta-oauth"
CUSTOM_OIDC = "/oauth2/{authorizationServerId}/.well-known/openid-configuration"
CUSTOM_OAUTH = "/oauth2/{authorizationServerId}/.well-known/oauth-authorization-server"


@pytest.mark.parametrize(
    ("url", "spec_path"),
    [
        ("/oauth2/default/.well-known/openid-configuration", CUSTOM_OIDC),
        ("/oauth2/default/.well-known/oauth-authorization-server", CUSTOM_OAUTH),
        # RFC 8414 form (AS-CONCEPT); not in SPEC-O, validated as the same document.
        ("/.well-known/oauth-authorization-server/oauth2/default", CUSTOM_OAUTH),
    ],
)
def test_custom_server_metadata(org: str, http: httpx.Client, url: str, spec_path: str) -> None:
    response = http.get(url)

    assert response.status_code == 200
    assert_conforms(OAUTH, "GET", spec_path, response)
    doc = response.json()
    assert doc["issuer"] == f"{org}/oauth2/default"
    assert doc["token_endpoint"] == f"{org}/oauth2/default/v1/token"
    assert doc["jwks_uri"] == f"{org}/oauth2/default/v1/keys"
    assert doc["registration_endpoint"] == f"{org}/oauth2/v1/clients"
    assert "client_credentials" in doc["grant_types_supported"]
    assert "X-Okta-Request-Id" in response.headers


def test_oidc_flavour_adds_userinfo(org: str, http: httpx.Client) -> None:
    doc = http.get("/oauth2/default/.well-known/openid-configuration").json()
    assert doc["userinfo_endpoint"] == f"{org}/oauth2/default/v1/userinfo"
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]


def test_scopes_supported_lists_only_published_custom_scopes(
    okta: FakeOkta, http: httpx.Client
) -> None:
    okta.state.add_scope("default", "published", metadata_publish="ALL_CLIENTS")
    okta.state.add_scope("default", "hidden")

    scopes = http.get("/oauth2/default/.well-known/oauth-authorization-server").json()[
        "scopes_supported"
    ]

    assert "published" in scopes
    assert "hidden" not in scopes
    assert {"openid", "profile", "email", "offline_access"} <= set(scopes)


def test_custom_server_issuer_uses_its_id(org: str, okta: FakeOkta, http: httpx.Client) -> None:
    server = okta.state.add_authorization_server("Dev Portal", ["api://portal"])
    for url in (
        f"/oauth2/{server.id}/.well-known/oauth-authorization-server",
        f"/oauth2/{server.id}/.well-known/openid-configuration",
        f"/.well-known/oauth-authorization-server/oauth2/{server.id}",
    ):
        doc = http.get(url).json()
        assert doc["issuer"] == f"{org}/oauth2/{server.id}"
        assert doc["jwks_uri"] == f"{org}/oauth2/{server.id}/v1/keys"
    assert server.id.startswith("aus") and len(server.id) == 20


def test_org_metadata(org: str, http: httpx.Client) -> None:
    response = http.get("/.well-known/openid-configuration")

    assert_conforms(OAUTH, "GET", "/.well-known/openid-configuration", response)
    doc = response.json()
    assert doc["issuer"] == org
    assert doc["token_endpoint"] == f"{org}/oauth2/v1/token"
    assert doc["registration_endpoint"] == f"{org}/oauth2/v1/clients"
    oauth_doc = http.get("/.well-known/oauth-authorization-server").json()
    assert oauth_doc["issuer"] == org
    assert "userinfo_endpoint" not in oauth_doc


@pytest.mark.parametrize("spec_path", [CUSTOM_OIDC, CUSTOM_OAUTH])
def test_unknown_server_is_404_e0000007(http: httpx.Client, spec_path: str) -> None:
    url = spec_path.replace("{authorizationServerId}", "ausUnknown0000000000")
    response = http.get(url)

    assert response.status_code == 404
    assert_conforms(OAUTH, "GET", spec_path, response)
    assert_management_error_in_catalogue(response)
    assert response.json()["errorSummary"] == (
        "Not found: Resource not found: ausUnknown0000000000 (AuthorizationServer)"
    )


def test_inactive_server_is_not_served(okta: FakeOkta, http: httpx.Client) -> None:
    okta.state.set_server_status("default", "INACTIVE")
    assert http.get("/oauth2/default/.well-known/openid-configuration").status_code == 404


def test_unknown_client_id_parameter_is_400(http: httpx.Client) -> None:
    response = http.get("/oauth2/default/.well-known/openid-configuration?client_id=0oaNope")

    assert response.status_code == 400
    assert_conforms(OAUTH, "GET", CUSTOM_OIDC, response)
    # Not an E-code: SPEC-O's own example (ErrorInvalidClientId) uses errorCode invalid_client.
    assert response.json()["errorCode"] == "invalid_client"
    assert response.json()["errorSummary"] == "Invalid value for `client_id` parameter"
