from __future__ import annotations

import httpx
import pytest

from dcr_harness.diagnosis import token_refusal
from dcr_harness.errors import VendorError


def refusal(status: int, error: str, description: str) -> VendorError:
    request = httpx.Request("POST", "https://x.okta.com/oauth2/default/v1/token")
    body = {"error": error, "error_description": description}
    return VendorError("Okta", httpx.Response(status, json=body, request=request))


@pytest.mark.parametrize(
    ("status", "error", "description", "section"),
    [
        (
            401,
            "access_denied",
            "Policy evaluation failed for this request, please check the policy configurations.",
            "Access policy",
        ),
        (
            400,
            "access_denied",
            "Policy evaluation succeeded, but all the requested scopes were rejected.",
            "Access policy",
        ),
        (
            400,
            "invalid_scope",
            "Cannot request 'openid' scopes using client credentials.",
            "Auth strategy",
        ),
        (
            400,
            "invalid_scope",
            "One or more scopes are not configured for the authorization server resource.",
            "Add scopes",
        ),
        (
            400,
            "consent_required",
            "The following scopes require user consent and cannot be granted for the client credentials grant type: [x].",
            "Add scopes",
        ),
        (
            401,
            "invalid_client",
            "The client secret supplied for a confidential client is invalid.",
            "Create an application with DCR",
        ),
    ],
)
def test_each_okta_refusal_points_at_its_howto_section(
    status: int, error: str, description: str, section: str
) -> None:
    diagnosis = token_refusal(refusal(status, error, description), "default", ("orders:read",))
    assert diagnosis.section == section
    assert description in diagnosis.problem
    assert diagnosis.fix
