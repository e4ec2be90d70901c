"""Validate fake responses against the vendors' published OpenAPI specs: the facts-only copy
in ``tests/specs`` (made by ``tests/specs/derive.py``), so a clone needs nothing beside it.

Paths are given as the spec writes them (relative to the spec's server URL), for example
``spec_check.assert_conforms("konnect-auth-strategies", "POST", "/dcr-providers", response)``.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import schemathesis

SPECS_DIR = Path(__file__).resolve().parent / "specs"

SPEC_FILES = {
    "okta-management": "okta-management.json",
    "okta-oauth": "okta-oauth.json",
    "konnect-auth-strategies": "konnect-auth-strategies-v2.json",
    "konnect-portal-v3": "konnect-dev-portal-v3.json",
    "konnect-portal-v2": "konnect-dev-portal-v2.json",
    "konnect-portal-management-v3": "konnect-portal-management-v3.json",
    "konnect-portal-management-v2": "konnect-portal-management-v2.json",
    "konnect-api-builder-v3": "konnect-api-builder-v3.json",
}


@cache
def raw_spec(name: str) -> Any:
    return json.loads((SPECS_DIR / SPEC_FILES[name]).read_bytes())


@cache
def load_spec(name: str) -> Any:
    return schemathesis.openapi.from_dict(raw_spec(name))


def assert_conforms(spec: str, method: str, path: str, response: httpx.Response) -> None:
    """Fail unless the response's status is documented for the operation and its body matches
    the documented schema for that status."""
    operation = load_spec(spec)[path][method.upper()]
    documented = {str(code) for code in operation.definition.raw.get("responses", {})}
    status = str(response.status_code)
    assert status in documented or f"{status[0]}XX" in documented or "default" in documented, (
        f"{method} {path} answered {status}, which {spec} does not document "
        f"(documented: {sorted(documented)})"
    )
    if not hasattr(response, "_elapsed"):
        response.elapsed = datetime.timedelta(0)
    operation.validate_response(response)


@cache
def okta_oauth_errors() -> list[dict[str, Any]]:
    data = json.loads((SPECS_DIR / "okta-oauth2-error-codes.json").read_text())
    return list(data["errors"])


@cache
def okta_management_errors() -> dict[str, dict[str, Any]]:
    data = json.loads((SPECS_DIR / "okta-error-codes.json").read_text())
    return {entry["errorCode"]: entry for entry in data["errors"]}


def assert_oauth_error_in_catalogue(response: httpx.Response) -> None:
    """The body's (status, error, error_description) must be an entry of Okta's OAuth catalogue,
    with the catalogue's ``[en]``/``en`` placeholder matching any filled-in list."""
    body = response.json()
    for entry in okta_oauth_errors():
        if entry["statusCode"] != response.status_code or entry["errorCode"] != body["error"]:
            continue
        if _matches_template(entry["errorDescription"], body["error_description"]):
            return
    raise AssertionError(
        f"({response.status_code}, {body['error']!r}, {body['error_description']!r}) "
        "is not an entry of Okta's OAuth error catalogue"
    )


def assert_management_error_in_catalogue(response: httpx.Response) -> None:
    body = response.json()
    entry = okta_management_errors().get(body["errorCode"])
    assert entry is not None, f"{body['errorCode']} is not in Okta's error catalogue"
    assert entry["statusCode"] == response.status_code, (
        f"{body['errorCode']} has status {entry['statusCode']} in the catalogue, "
        f"the fake answered {response.status_code}"
    )
    assert _matches_template(entry["errorSummary"], body["errorSummary"]), (
        f"{body['errorSummary']!r} does not match the catalogue's {entry['errorSummary']!r}"
    )


def _matches_template(template: str, text: str) -> bool:
    import re

    pattern = re.escape(template)
    for placeholder in (r"\[en\]", r"\{0\}", r"\{1\}", r"\{2\}", r"\ben\b"):
        pattern = pattern.replace(placeholder, ".+")
    return re.fullmatch(pattern, text, flags=re.S) is not None
