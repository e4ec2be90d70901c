"""/v2/application-auth-strategies: OIDC + DCR, key auth, validation, merge, in-use conflicts."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import ISSUER, OIDC, create_provider, create_strategy, publish
from tests.spec_check import assert_conforms

SPEC = "konnect-auth-strategies"
BASE = "/v2/application-auth-strategies"


def test_create_nests_the_provider_and_has_no_provider_id(admin: httpx.Client) -> None:
    provider = create_provider(admin, display_name="Okta")
    response = admin.post(
        BASE,
        json={
            "name": "okta-cc",
            "display_name": "Okta client credentials",
            "strategy_type": "openid_connect",
            "configs": {"openid-connect": {**OIDC, "token_post_args_names": ["audience"]}},
            "dcr_provider_id": provider["id"],
        },
    )
    assert response.status_code == 201
    assert_conforms(SPEC, "POST", "/application-auth-strategies", response)
    body = response.json()
    assert "dcr_provider_id" not in body
    assert body["dcr_provider"] == {
        "id": provider["id"],
        "name": "okta-dcr",
        "display_name": "Okta",
        "provider_type": "okta",
    }
    assert body["configs"]["openid-connect"]["token_post_args_names"] == ["audience"]
    assert body["active"] is False and body["labels"] == {}
    got = admin.get(f"{BASE}/{body['id']}")
    assert_conforms(SPEC, "GET", "/application-auth-strategies/{authStrategyId}", got)
    assert got.json() == body


def test_strategy_type_okta_is_an_enum_error(admin: httpx.Client) -> None:
    # The old Okta how-to sends "strategy_type": "okta".
    response = admin.post(
        BASE,
        json={"name": "x", "display_name": "x", "strategy_type": "okta", "configs": {}},
    )
    assert response.status_code == 400
    assert_conforms(SPEC, "POST", "/application-auth-strategies", response)
    problem = response.json()["invalid_parameters"][0]
    assert problem["field"] == "strategy_type" and problem["rule"] == "enum"
    assert problem["choices"] == ["key_auth", "openid_connect"]


def test_underscore_config_key_and_missing_oidc_fields_are_400(admin: httpx.Client) -> None:
    response = admin.post(
        BASE,
        json={
            "name": "x",
            "display_name": "x",
            "strategy_type": "openid_connect",
            "configs": {"openid_connect": OIDC},
        },
    )
    assert_conforms(SPEC, "POST", "/application-auth-strategies", response)
    rules = {(p["field"], p["rule"]) for p in response.json()["invalid_parameters"]}
    assert rules == {
        ("configs.openid-connect", "required"),
        ("configs.openid_connect", "unknown_property"),
    }
    partial = admin.post(
        BASE,
        json={
            "name": "x",
            "display_name": "x",
            "strategy_type": "openid_connect",
            "configs": {"openid-connect": {"issuer": ISSUER}},
        },
    )
    fields = {p["field"] for p in partial.json()["invalid_parameters"]}
    assert fields == {
        "configs.openid-connect.credential_claim",
        "configs.openid-connect.scopes",
        "configs.openid-connect.auth_methods",
    }


def test_unknown_provider_id_is_missing_reference_and_bad_uuid_is_is_uuid(
    admin: httpx.Client,
) -> None:
    unknown = admin.post(
        BASE,
        json={
            "name": "x",
            "display_name": "x",
            "strategy_type": "openid_connect",
            "configs": {"openid-connect": OIDC},
            "dcr_provider_id": "4b7d1b1e-0000-4000-8000-000000000000",
        },
    )
    assert unknown.status_code == 400
    assert_conforms(SPEC, "POST", "/application-auth-strategies", unknown)
    assert unknown.json()["invalid_parameters"][0]["rule"] == "missing_reference"
    malformed = admin.post(
        BASE,
        json={
            "name": "x",
            "display_name": "x",
            "strategy_type": "openid_connect",
            "configs": {"openid-connect": OIDC},
            "dcr_provider_id": "dcr_1234",
        },
    )
    assert malformed.json()["invalid_parameters"][0]["rule"] == "is_uuid"


def test_key_auth_strategy(admin: httpx.Client) -> None:
    response = admin.post(
        BASE,
        json={
            "name": "keys",
            "display_name": "API keys",
            "strategy_type": "key_auth",
            "configs": {"key-auth": {"key_names": ["apikey"]}},
        },
    )
    assert response.status_code == 201
    assert_conforms(SPEC, "POST", "/application-auth-strategies", response)
    assert response.json()["dcr_provider"] is None


def test_patch_merges_openid_connect_and_repoints_the_provider(admin: httpx.Client) -> None:
    first = create_provider(admin)
    second = create_provider(admin, name="okta-two")
    strategy = create_strategy(admin, first["id"])
    response = admin.patch(
        f"{BASE}/{strategy['id']}",
        json={
            "configs": {"openid-connect": {"scopes": ["orders:read"], "audience": "api://x"}},
            "dcr_provider_id": second["id"],
            "labels": {"team": "payments"},
        },
    )
    assert response.status_code == 200
    assert_conforms(SPEC, "PATCH", "/application-auth-strategies/{authStrategyId}", response)
    config = response.json()["configs"]["openid-connect"]
    assert config == {**OIDC, "scopes": ["orders:read"], "audience": "api://x"}
    assert response.json()["dcr_provider"]["id"] == second["id"]
    assert response.json()["labels"] == {"team": "payments"}
    unset = admin.patch(f"{BASE}/{strategy['id']}", json={"dcr_provider_id": None})
    assert unset.json()["dcr_provider"] is None


def test_patch_refuses_strategy_type(admin: httpx.Client) -> None:
    strategy = create_strategy(admin, None)
    response = admin.patch(f"{BASE}/{strategy['id']}", json={"strategy_type": "key_auth"})
    assert response.status_code == 400
    assert_conforms(SPEC, "PATCH", "/application-auth-strategies/{authStrategyId}", response)


def test_put_replaces_and_answers_201(admin: httpx.Client) -> None:
    strategy = create_strategy(admin, None)
    response = admin.put(
        f"{BASE}/{strategy['id']}",
        json={
            "name": "replaced",
            "display_name": "Replaced",
            "strategy_type": "openid_connect",
            "configs": {"openid-connect": {**OIDC, "scopes": []}},
        },
    )
    assert response.status_code == 201
    assert_conforms(SPEC, "PUT", "/application-auth-strategies/{authStrategyId}", response)
    assert response.json()["name"] == "replaced" and response.json()["id"] == strategy["id"]
    assert response.json()["configs"]["openid-connect"]["scopes"] == []


def test_list_filters_by_provider_type(admin: httpx.Client) -> None:
    provider = create_provider(admin)
    create_strategy(admin, provider["id"], name="dcr")
    create_strategy(admin, None, name="self-managed")
    response = admin.get(BASE, params={"filter[dcr_provider_type][eq]": "okta"})
    assert_conforms(SPEC, "GET", "/application-auth-strategies", response)
    assert [s["name"] for s in response.json()["data"]] == ["dcr"]


def test_in_use_strategy_is_active_and_cannot_be_deleted(
    konnect: FakeKonnect, admin: httpx.Client
) -> None:
    provider = create_provider(admin)
    strategy = create_strategy(admin, provider["id"])
    portal = konnect.seed_portal("harness")
    api = konnect.seed_api("Orders API")
    publish(admin, api.id, portal.id, strategy["id"])
    assert admin.get(f"{BASE}/{strategy['id']}").json()["active"] is True
    assert admin.get(f"/v2/dcr-providers/{provider['id']}").json()["active"] is True
    refused = admin.delete(f"{BASE}/{strategy['id']}")
    assert refused.status_code == 409
    assert_conforms(SPEC, "DELETE", "/application-auth-strategies/{authStrategyId}", refused)
    assert admin.delete(f"/v3/apis/{api.id}/publications/{portal.id}").status_code == 204
    deleted = admin.delete(f"{BASE}/{strategy['id']}")
    assert deleted.status_code == 204
    assert_conforms(SPEC, "DELETE", "/application-auth-strategies/{authStrategyId}", deleted)
