from __future__ import annotations

import httpx
import pytest

from tests.spec_check import assert_conforms, assert_management_error_in_catalogue

M = "okta-management"
POLICIES = "/api/v1/authorizationServers/{authServerId}/policies"
POLICY = POLICIES + "/{policyId}"
RULES = POLICY + "/rules"
RULE = RULES + "/{ruleId}"
BASE = "/api/v1/authorizationServers/default/policies"

POLICY_BODY = {
    "type": "OAUTH_AUTHORIZATION_POLICY",
    "name": "Dev Portal",
    "description": "Dev Portal applications",
    "priority": 1,
    "conditions": {"clients": {"include": ["ALL_CLIENTS"]}},
}
RULE_BODY = {
    "type": "RESOURCE_ACCESS",
    "name": "Client credentials",
    "priority": 1,
    "conditions": {
        "people": {"groups": {"include": ["EVERYONE"]}},
        "grantTypes": {"include": ["client_credentials"]},
        "scopes": {"include": ["*"]},
    },
    "actions": {"token": {"accessTokenLifetimeMinutes": 60}},
}


def test_fresh_org_has_no_policy(api: httpx.Client) -> None:
    response = api.get(BASE.replace("default", "default"))
    assert_conforms(M, "GET", POLICIES, response)
    assert response.json() == []


def test_policy_and_rule_lifecycle(api: httpx.Client) -> None:
    created = api.post(BASE, json=POLICY_BODY)
    assert created.status_code == 201
    assert_conforms(M, "POST", POLICIES, created)
    policy = created.json()
    assert policy["id"].startswith("00p") and policy["status"] == "ACTIVE"
    assert policy["conditions"] == {"clients": {"include": ["ALL_CLIENTS"]}}
    url = f"{BASE}/{policy['id']}"
    assert_conforms(M, "GET", POLICY, api.get(url))
    replaced = api.put(url, json={**POLICY_BODY, "name": "Renamed", "priority": 2})
    assert_conforms(M, "PUT", POLICY, replaced)
    assert replaced.json()["name"] == "Renamed"

    rule = api.post(f"{url}/rules", json=RULE_BODY)
    assert rule.status_code == 201
    assert_conforms(M, "POST", RULES, rule)
    rule_id = rule.json()["id"]
    assert rule.json()["conditions"]["grantTypes"] == {"include": ["client_credentials"]}
    assert rule.json()["actions"]["token"]["accessTokenLifetimeMinutes"] == 60
    assert_conforms(M, "GET", RULES, api.get(f"{url}/rules"))
    assert_conforms(M, "GET", RULE, api.get(f"{url}/rules/{rule_id}"))
    replaced_rule = api.put(f"{url}/rules/{rule_id}", json={**RULE_BODY, "name": "x"})
    assert_conforms(M, "PUT", RULE, replaced_rule)

    for target, path in ((f"{url}/rules/{rule_id}", RULE), (url, POLICY)):
        off = api.post(f"{target}/lifecycle/deactivate")
        assert off.status_code == 204
        assert_conforms(M, "POST", path + "/lifecycle/deactivate", off)
        assert api.get(target).json()["status"] == "INACTIVE"
        on = api.post(f"{target}/lifecycle/activate")
        assert on.status_code == 204
        assert_conforms(M, "POST", path + "/lifecycle/activate", on)

    deleted_rule = api.delete(f"{url}/rules/{rule_id}")
    assert deleted_rule.status_code == 204
    assert_conforms(M, "DELETE", RULE, deleted_rule)
    deleted = api.delete(url)
    assert deleted.status_code == 204
    assert_conforms(M, "DELETE", POLICY, deleted)
    missing = api.get(url)
    assert missing.status_code == 404
    assert_conforms(M, "GET", POLICY, missing)
    assert_management_error_in_catalogue(missing)


def test_rule_grants_a_token_end_to_end(api: httpx.Client, http: httpx.Client) -> None:
    api.post("/api/v1/authorizationServers/default/scopes", json={"name": "portal"})
    policy = api.post(BASE, json=POLICY_BODY).json()
    api.post(f"{BASE}/{policy['id']}/rules", json=RULE_BODY)
    client = api.post(
        "/oauth2/v1/clients",
        json={
            "client_name": "app",
            "application_type": "service",
            "grant_types": ["client_credentials"],
        },
    ).json()

    response = http.post(
        "/oauth2/default/v1/token",
        data={"grant_type": "client_credentials", "scope": "portal"},
        auth=(client["client_id"], client["client_secret"]),
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {**POLICY_BODY, "name": ""},
        {**POLICY_BODY, "type": "OKTA_SIGN_ON"},
        {**POLICY_BODY, "conditions": {}},
        {**POLICY_BODY, "priority": "first"},
    ],
)
def test_policy_validation(api: httpx.Client, body: dict[str, object]) -> None:
    response = api.post(BASE, json=body)
    assert response.status_code == 400
    assert_conforms(M, "POST", POLICIES, response)
    assert_management_error_in_catalogue(response)


@pytest.mark.parametrize(
    "body",
    [
        {**RULE_BODY, "type": None},
        {**RULE_BODY, "conditions": {"scopes": {"include": ["*"]}}},
        {**RULE_BODY, "actions": {"token": {"accessTokenLifetimeMinutes": 2}}},
        {**RULE_BODY, "actions": {"token": {"accessTokenLifetimeMinutes": 1441}}},
    ],
)
def test_rule_validation(api: httpx.Client, body: dict[str, object]) -> None:
    policy = api.post(BASE, json=POLICY_BODY).json()
    response = api.post(f"{BASE}/{policy['id']}/rules", json=body)
    assert response.status_code == 400
    assert_conforms(M, "POST", RULES, response)
    assert_management_error_in_catalogue(response)


def test_rules_of_unknown_policy_404(api: httpx.Client) -> None:
    response = api.get(f"{BASE}/00pNope/rules")
    assert response.status_code == 404
    assert_conforms(M, "GET", RULES, response)
