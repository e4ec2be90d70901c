from __future__ import annotations

import httpx
import pytest

from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import OktaClaim, OktaPolicy, OktaRule
from dcr_harness._diagnosis.catalog import CATALOG
from dcr_harness._diagnosis.checks import SetupError, claim_problem, token_refusal


def refusal(status: int, error: str, description: str) -> VendorError:
    request = httpx.Request("POST", "https://x.okta.com/oauth2/default/v1/token")
    body = {"error": error, "error_description": description}
    return VendorError("Okta", httpx.Response(status, json=body, request=request))


NO_POLICY = "Policy evaluation failed for this request, please check the policy configurations."
CONSENT = (
    "The following scopes require user consent and cannot be granted for the client "
    "credentials grant type: [x]."
)


@pytest.mark.parametrize(
    ("status", "error", "description", "scopes", "entry"),
    [
        (401, "access_denied", NO_POLICY, ("orders:read",), "no-access-policy"),
        (
            400,
            "access_denied",
            "Policy evaluation succeeded, but all the requested scopes were rejected.",
            ("orders:read",),
            "rule-misses-scope",
        ),
        (
            400,
            "invalid_scope",
            "Cannot request 'openid' scopes using client credentials.",
            ("openid",),
            "strategy-openid-scope",
        ),
        (
            400,
            "invalid_scope",
            "Cannot request 'openid' scopes using client credentials.",
            (),
            "strategy-no-scopes",
        ),
        (
            400,
            "invalid_scope",
            "One or more scopes are not configured for the authorization server resource.",
            ("orders:write",),
            "scope-undefined",
        ),
        (400, "consent_required", CONSENT, ("orders:read",), "scope-consent-required"),
        (
            401,
            "invalid_client",
            "The client secret supplied for a confidential client is invalid.",
            ("orders:read",),
            "client-credentials-refused",
        ),
    ],
)
def test_each_okta_refusal_names_its_catalog_entry(
    status: int, error: str, description: str, scopes: tuple[str, ...], entry: str
) -> None:
    diagnosis = token_refusal(refusal(status, error, description), "default", scopes)
    assert diagnosis.entry.id == entry
    assert description in str(diagnosis)
    assert f"[how-to: {CATALOG[entry].section}]" in str(diagnosis)


def test_a_client_credentials_rule_turns_a_policy_refusal_into_a_scope_problem() -> None:
    rule = OktaRule("r", "rule", "ACTIVE", 1, ("client_credentials",), ("orders:write",))
    policy = OktaPolicy("p", "policy", "ACTIVE", 1, ("ALL_CLIENTS",), (rule,))
    diagnosis = token_refusal(
        refusal(401, "access_denied", NO_POLICY), "default", ("orders:read",), lambda: [policy]
    )
    assert diagnosis.entry.id == "rule-misses-scope"


def claim(name: str, value: str, **kw: object) -> OktaClaim:
    fields: dict[str, object] = {
        "id": "c",
        "name": name,
        "value": value,
        "value_type": "EXPRESSION",
        "claim_type": "RESOURCE",
        "status": "ACTIVE",
        "scopes": (),
    }
    fields.update(kw)
    return OktaClaim(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claims", "entry"),
    [
        ([], "claim-missing"),
        ([claim("app_id", "app.clientId")], "claim-misnamed"),
        ([claim("client_id", "app.clientName")], "claim-wrong-value"),
        ([claim("client_id", "app.clientId", claim_type="IDENTITY")], "claim-not-in-access-token"),
        ([claim("client_id", "app.clientId", scopes=("other",))], "claim-not-in-access-token"),
        ([claim("client_id", "app.clientId")], None),
    ],
)
def test_claim_problems(claims: list[OktaClaim], entry: str | None) -> None:
    problem = claim_problem(claims, "client_id", "default", ("orders:read",))
    assert (problem.entry.id if problem else None) == entry


def test_every_entry_renders_with_its_facts_named() -> None:
    for entry in CATALOG.values():
        assert entry.section and entry.symptom and entry.category in {"setup", "product", "harness"}
    error = SetupError("claim-missing", name="client_id", server="default")
    assert "(diagnosis claim-missing)" in str(error)
