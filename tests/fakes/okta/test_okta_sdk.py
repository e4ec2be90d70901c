"""Okta's own Python SDK (3.x, a test-only dependency) performs the how-to's Okta steps
against the fake served over HTTP, exactly as shipped: it sends ``SSWS<token>`` with no space
and parses every answer into its models."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from okta.client import Client
from okta.models import OAuth2Claim, OAuth2Scope

from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import API_TOKEN, Target, fresh


@pytest.fixture
def okta(served_target: Target, monkeypatch: pytest.MonkeyPatch) -> FakeOkta:
    """The served fake with the how-to's setup: a policy with a client-credentials rule, and
    one application registered with DCR."""
    # the SDK's own switch for plain http (a config key it reads from the environment only)
    monkeypatch.setenv("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")
    fake = fresh(served_target.okta)
    policy = fake.state.add_policy("default", "Dev Portal")
    fake.state.add_rule("default", policy.id, "client credentials")
    return fake


def sdk(okta: FakeOkta) -> Any:
    return Client({"orgUrl": okta.org_url, "token": API_TOKEN})


def done(call: Any) -> Any:
    """The SDK's ``(result, response, error)``, with no error."""
    result, response, error = asyncio.run(call)
    assert error is None, error
    assert response.status_code < 300
    return result


def test_the_sdk_lists_authorization_servers_and_their_scopes(okta: FakeOkta) -> None:
    client = sdk(okta)
    servers = done(client.list_authorization_servers())
    assert [s.name for s in servers] == ["default"]
    assert servers[0].issuer == f"{okta.org_url}/oauth2/default"
    scopes = done(client.list_o_auth2_scopes(servers[0].id))
    assert "openid" in {s.name for s in scopes}


def test_the_sdk_adds_a_scope_and_the_app_client_id_claim(okta: FakeOkta) -> None:
    client = sdk(okta)
    scope = done(
        client.create_o_auth2_scope(
            "default",
            OAuth2Scope(name="orders:read", consent="IMPLICIT", metadata_publish="NO_CLIENTS"),
        )
    )
    assert scope.name == "orders:read" and scope.id
    claim = done(
        client.create_o_auth2_claim(
            "default",
            OAuth2Claim.from_dict(
                {
                    "name": "client_id",
                    "status": "ACTIVE",
                    "claimType": "RESOURCE",
                    "valueType": "EXPRESSION",
                    "value": "app.clientId",
                    "conditions": {"scopes": []},
                    "alwaysIncludeInToken": True,
                }
            ),
        )
    )
    assert (claim.name, claim.value) == ("client_id", "app.clientId")
    names = {c.name for c in okta.state.server("default").claims.values()}
    assert "client_id" in names


def test_the_sdk_lists_policies_rules_and_applications(okta: FakeOkta) -> None:
    client = sdk(okta)
    policies = done(client.list_authorization_server_policies("default"))
    assert [p.name for p in policies] == ["Dev Portal"]
    rules = done(client.list_authorization_server_policy_rules("default", policies[0].id))
    assert [r.name for r in rules] == ["client credentials"]
    assert rules[0].conditions.grant_types.include == ["client_credentials"]
    assert done(client.list_applications()) == []


def test_the_sdk_is_refused_with_a_wrong_token(okta: FakeOkta) -> None:
    client = Client({"orgUrl": okta.org_url, "token": "00" + "x" * 40})
    _, response, error = asyncio.run(client.list_authorization_servers())
    response = cast(Any, response)  # an aiohttp response here, typed otherwise
    assert error is not None
    assert response.status == 401
