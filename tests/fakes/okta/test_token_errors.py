"""The token endpoint's documented errors, in the order of the research's error table."""

from __future__ import annotations

import base64

import httpx
import pytest

from dcr_harness.fakes.okta import FakeOkta, errors, oauth_fault
from tests.fakes.okta.conftest import Registered, register
from tests.fakes.okta.grant import TOKEN, assert_oauth_error, token
from tests.spec_check import assert_conforms, assert_oauth_error_in_catalogue

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


# -- rejections only the fault plan produces ----------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "args", "text"),
    [
        (
            errors.NO_SCOPE_ALLOWED,
            (),
            "Policy evaluation succeeded, but all the requested scopes were rejected.",
        ),
        (
            errors.SCOPE_DENIED,
            ("[admin]",),
            "Some of the requested scopes were denied by the policy. Denied scopes: [admin].",
        ),
    ],
)
def test_scope_rejections_come_from_the_fault_plan(
    okta: FakeOkta,
    http: httpx.Client,
    ready: Registered,
    entry: tuple[int, str, str],
    args: tuple[str, ...],
    text: str,
) -> None:
    """Okta's support article: a rule that does not cover the requested scopes is skipped, so
    configuration alone ends in no_matching_policy (tested above); these two catalogue answers
    are produced on demand."""
    okta.faults.add("as.token", oauth_fault(entry, *args))
    assert_oauth_error(token(http, ready, scope="portal"), 400, "access_denied", text)
    assert token(http, ready, scope="portal").status_code == 200
