from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.okta import FakeOkta
from dcr_harness.fakes.okta.errors import ApiError
from tests.spec_check import assert_conforms, assert_management_error_in_catalogue

M = "okta-management"
SCOPES = "/api/v1/authorizationServers/{authServerId}/scopes"
SCOPE = SCOPES + "/{scopeId}"
CLAIMS = "/api/v1/authorizationServers/{authServerId}/claims"
CLAIM = CLAIMS + "/{claimId}"
BASE = "/api/v1/authorizationServers/default"


def test_scope_list_includes_system_scopes(api: httpx.Client) -> None:
    response = api.get(f"{BASE}/scopes")

    assert_conforms(M, "GET", SCOPES, response)
    system = {s["name"] for s in response.json() if s["system"]}
    assert {"openid", "profile", "email", "address", "phone", "offline_access"} <= system


def test_scope_crud(api: httpx.Client) -> None:
    created = api.post(
        f"{BASE}/scopes",
        json={"name": "portal:read", "description": "Portal", "metadataPublish": "ALL_CLIENTS"},
    )
    assert created.status_code == 201
    assert_conforms(M, "POST", SCOPES, created)
    scope = created.json()
    assert scope["id"].startswith("scp") and scope["consent"] == "IMPLICIT"
    assert scope["default"] is False and scope["system"] is False

    fetched = api.get(f"{BASE}/scopes/{scope['id']}")
    assert_conforms(M, "GET", SCOPE, fetched)

    replaced = api.put(
        f"{BASE}/scopes/{scope['id']}", json={"name": "portal:write", "default": True}
    )
    assert_conforms(M, "PUT", SCOPE, replaced)
    assert replaced.json()["name"] == "portal:write" and replaced.json()["default"] is True

    deleted = api.delete(f"{BASE}/scopes/{scope['id']}")
    assert deleted.status_code == 204
    assert_conforms(M, "DELETE", SCOPE, deleted)
    missing = api.get(f"{BASE}/scopes/{scope['id']}")
    assert missing.status_code == 404
    assert_conforms(M, "GET", SCOPE, missing)
    assert_management_error_in_catalogue(missing)


def test_scope_query(api: httpx.Client) -> None:
    assert [s["name"] for s in api.get(f"{BASE}/scopes", params={"q": "off"}).json()] == [
        "offline_access"
    ]


@pytest.mark.parametrize(
    "name",
    ["", "has space", 'quo"te', "back\\slash", "okta.users.read", "okta:x", "okta", "*", "openid"],
)
def test_scope_name_rules(api: httpx.Client, name: str) -> None:
    response = api.post(f"{BASE}/scopes", json={"name": name})

    assert response.status_code == 400
    assert_conforms(M, "POST", SCOPES, response)
    assert_management_error_in_catalogue(response)
    assert response.json()["errorSummary"] == "Api validation failed: name"


def test_system_scope_cannot_be_deleted(api: httpx.Client) -> None:
    openid = next(s for s in api.get(f"{BASE}/scopes").json() if s["name"] == "openid")
    response = api.delete(f"{BASE}/scopes/{openid['id']}")
    assert response.status_code == 400
    assert_management_error_in_catalogue(response)


def test_unknown_server_scopes_404(api: httpx.Client) -> None:
    response = api.get("/api/v1/authorizationServers/ausNope/scopes")
    assert response.status_code == 404
    assert_conforms(M, "GET", SCOPES, response)


def test_claims_list_has_the_system_sub_claim(api: httpx.Client) -> None:
    response = api.get(f"{BASE}/claims")

    assert_conforms(M, "GET", CLAIMS, response)
    (sub,) = response.json()
    assert sub["name"] == "sub" and sub["system"] is True
    assert sub["value"] == "(appuser != null) ? appuser.userName : app.clientId"


def test_claim_crud_as_kong_asks(api: httpx.Client) -> None:
    created = api.post(
        f"{BASE}/claims",
        json={
            "name": "kong_client_id",
            "status": "ACTIVE",
            "claimType": "RESOURCE",
            "valueType": "EXPRESSION",
            "value": "app.clientId",
            "alwaysIncludeInToken": True,
            "conditions": {"scopes": []},
        },
    )
    assert created.status_code == 201
    assert_conforms(M, "POST", CLAIMS, created)
    claim = created.json()
    assert claim["conditions"] == {"scopes": []} and claim["system"] is False

    assert_conforms(M, "GET", CLAIM, api.get(f"{BASE}/claims/{claim['id']}"))
    replaced = api.put(
        f"{BASE}/claims/{claim['id']}",
        json={**claim, "status": "INACTIVE", "value": "app.clientName"},
    )
    assert_conforms(M, "PUT", CLAIM, replaced)
    assert replaced.json()["status"] == "INACTIVE"
    deleted = api.delete(f"{BASE}/claims/{claim['id']}")
    assert deleted.status_code == 204
    assert_conforms(M, "DELETE", CLAIM, deleted)
    assert api.get(f"{BASE}/claims/{claim['id']}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "valueType": "EXPRESSION", "value": "user.email"},
        {"name": "x", "value": "app.clientId", "conditions": {"scopes": ["unknown"]}},
        {"name": "x", "value": "app.clientId", "claimType": "WRONG"},
        {"value": "app.clientId"},
    ],
)
def test_claim_validation(api: httpx.Client, body: dict[str, object]) -> None:
    response = api.post(f"{BASE}/claims", json=body)
    assert response.status_code == 400
    assert_conforms(M, "POST", CLAIMS, response)
    assert_management_error_in_catalogue(response)


def test_unsupported_expression_refused_when_seeding(okta: FakeOkta) -> None:
    with pytest.raises(ApiError, match="E0000001"):
        okta.state.add_claim("default", "email", "user.email")


def test_duplicate_scope_name(api: httpx.Client) -> None:
    assert api.post(f"{BASE}/scopes", json={"name": "portal"}).status_code == 201
    response = api.post(f"{BASE}/scopes", json={"name": "portal"})
    assert response.status_code == 400
    assert response.json()["errorSummary"] == "Api validation failed: name"


def test_unsupported_expression_is_refused_with_a_clear_cause(api: httpx.Client) -> None:
    response = api.post(f"{BASE}/claims", json={"name": "email", "value": "user.email"})
    assert response.status_code == 400
    (cause,) = response.json()["errorCauses"]
    assert cause["errorSummary"].startswith(
        "value: fake Okta cannot evaluate the expression 'user.email' (supported: "
    )
