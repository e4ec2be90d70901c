from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import NOW, register
from tests.spec_check import assert_conforms, assert_management_error_in_catalogue

OAUTH = "okta-oauth"
CLIENTS = "/oauth2/v1/clients"
CLIENT = CLIENTS + "/{clientId}"
SERVICE = {
    "client_name": "Dev Portal app",
    "application_type": "service",
    "response_types": ["token"],
    "grant_types": ["client_credentials"],
    "token_endpoint_auth_method": "client_secret_basic",
}


def assert_metadata_error(response: httpx.Response, text: str) -> None:
    """SPEC-O's example words field errors like this; Okta's OAuth catalogue only has the
    generic ``invalid_client_metadata``/"Invalid request" entry, so the text is checked here
    rather than against the catalogue."""
    assert response.status_code == 400
    assert_conforms(OAUTH, "POST", CLIENTS, response)
    assert response.json() == {"error": "invalid_client_metadata", "error_description": text}


def test_register_a_service_client(api: httpx.Client) -> None:
    response = api.post(CLIENTS, json=SERVICE)

    assert response.status_code == 201
    assert_conforms(OAUTH, "POST", CLIENTS, response)
    body = response.json()
    assert body["client_id"].startswith("0oa") and len(body["client_id"]) == 20
    assert len(body["client_secret"]) == 64
    assert body["client_id_issued_at"] == int(NOW)
    assert body["client_secret_expires_at"] == 0
    assert body["redirect_uris"] == []
    assert {k: body[k] for k in SERVICE} == SERVICE


def test_get_never_shows_the_secret(api: httpx.Client) -> None:
    client = register(api)

    response = api.get(f"{CLIENTS}/{client.client_id}")

    assert response.status_code == 200
    assert_conforms(OAUTH, "GET", CLIENT, response)
    assert "client_secret" not in response.json()
    assert client.client_secret not in response.text


def test_list_and_query(api: httpx.Client) -> None:
    register(api, client_name="Portal one")
    register(api, client_name="Other")

    everything = api.get(CLIENTS)
    portal = api.get(CLIENTS, params={"q": "Portal"})

    assert_conforms(OAUTH, "GET", CLIENTS, everything)
    assert len(everything.json()) == 2
    assert [c["client_name"] for c in portal.json()] == ["Portal one"]
    assert all("client_secret" not in c for c in everything.json())


def test_replace(api: httpx.Client) -> None:
    client = register(api)

    response = api.put(f"{CLIENTS}/{client.client_id}", json={**SERVICE, "client_name": "Renamed"})

    assert response.status_code == 200
    assert_conforms(OAUTH, "PUT", CLIENT, response)
    assert response.json()["client_name"] == "Renamed"
    assert response.json()["client_secret"] == client.client_secret
    refused = api.put(f"{CLIENTS}/{client.client_id}", json={**SERVICE, "client_id_issued_at": 1})
    assert refused.status_code == 400
    assert_conforms(OAUTH, "PUT", CLIENT, refused)


def test_new_secret(api: httpx.Client, http: httpx.Client, ready: object) -> None:
    client = register(api)

    response = api.post(f"{CLIENTS}/{client.client_id}/lifecycle/newSecret")

    assert response.status_code == 200
    assert_conforms(OAUTH, "POST", CLIENT + "/lifecycle/newSecret", response)
    new_secret = response.json()["client_secret"]
    assert new_secret != client.client_secret
    data = {"grant_type": "client_credentials", "scope": "portal"}
    old = http.post(
        "/oauth2/default/v1/token", data=data, auth=(client.client_id, client.client_secret)
    )
    new = http.post("/oauth2/default/v1/token", data=data, auth=(client.client_id, new_secret))
    assert old.status_code == 401 and new.status_code == 200


def test_delete(api: httpx.Client) -> None:
    client = register(api)

    response = api.delete(f"{CLIENTS}/{client.client_id}")

    assert response.status_code == 204
    assert_conforms(OAUTH, "DELETE", CLIENT, response)
    assert api.get(f"/api/v1/apps/{client.client_id}").status_code == 404


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("DELETE", ""), ("POST", "/lifecycle/newSecret")],
)
def test_unknown_client_is_404_e0000007(api: httpx.Client, method: str, suffix: str) -> None:
    body = SERVICE if method == "PUT" else None
    response = api.request(method, f"{CLIENTS}/0oaUnknownClient0000{suffix}", json=body)

    assert response.status_code == 404
    assert_conforms(OAUTH, method, CLIENT + suffix, response)
    assert_management_error_in_catalogue(response)
    assert response.json()["errorSummary"] == (
        "Not found: Resource not found: 0oaUnknownClient0000 (PublicClientApp)"
    )


@pytest.mark.parametrize("name", [None, "", "   "])
def test_client_name_required(api: httpx.Client, name: str | None) -> None:
    body = {**SERVICE, "client_name": name}
    assert_metadata_error(
        api.post(CLIENTS, json=body), "`client_name`: The field can't be left blank."
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"application_type": "service", "grant_types": ["authorization_code"]}, "grant_types"),
        ({"application_type": "browser", "grant_types": ["client_credentials"]}, "grant_types"),
        ({"application_type": "native", "grant_types": ["password"]}, "grant_types"),
        ({"application_type": "web", "grant_types": ["client_credentials"]}, "grant_types"),
        ({"application_type": "robot"}, "application_type"),
        ({"token_endpoint_auth_method": "magic"}, "token_endpoint_auth_method"),
        ({"response_types": ["ticket"]}, "response_types"),
        (
            {"application_type": "web", "grant_types": ["authorization_code"], "redirect_uris": []},
            "redirect_uris",
        ),
    ],
)
def test_metadata_rules(api: httpx.Client, overrides: dict[str, object], field: str) -> None:
    response = api.post(CLIENTS, json={**SERVICE, **overrides})

    assert response.status_code == 400
    assert_conforms(OAUTH, "POST", CLIENTS, response)
    assert response.json()["error"] == "invalid_client_metadata"
    assert response.json()["error_description"].startswith(f"`{field}`: ")


def test_web_client_with_client_credentials(api: httpx.Client) -> None:
    body = {
        "client_name": "web",
        "application_type": "web",
        "grant_types": ["authorization_code", "client_credentials"],
        "redirect_uris": ["https://portal.example/callback"],
    }
    response = api.post(CLIENTS, json=body)
    assert response.status_code == 201
    assert response.json()["response_types"] == ["code"]


def test_defaults_make_a_web_client_needing_redirects(api: httpx.Client) -> None:
    assert_metadata_error(
        api.post(CLIENTS, json={"client_name": "bare"}),
        "`redirect_uris`: The field can't be left blank.",
    )


def test_non_json_body(api: httpx.Client) -> None:
    response = api.post(CLIENTS, content=b"[1,2]", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert_management_error_in_catalogue(response)


def test_client_without_secret_method(okta: FakeOkta, api: httpx.Client) -> None:
    response = api.post(CLIENTS, json={**SERVICE, "token_endpoint_auth_method": "private_key_jwt"})
    assert response.status_code == 201
    assert "client_secret" not in response.json()
