"""Typed errors of fake Okta and the ONE place they become Okta's two error bodies.

Okta speaks two dialects. The Management API (``/api/v1/**``, and DCR's 403/404/429) writes
``{errorCode, errorSummary, errorLink, errorId, errorCauses}``; the OAuth endpoints (token,
introspect, revoke, DCR validation) write ``{error, error_description}``. Texts and statuses come
from Okta's catalogues (``error-codes.json`` and ``oauth2-error-codes.json``, release 2026.08.1);
texts marked [I] in a comment are not in any public source and are our best guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

JSON = "application/json"
OAUTH_JSON = "application/json;charset=UTF-8"

# Management API catalogue (errorCode -> (status, errorSummary template)).
E0000001 = (400, "Api validation failed: {0}")
E0000003 = (400, "The request body was not well-formed.")
E0000005 = (403, "Invalid session")
E0000006 = (403, "You do not have permission to perform the requested action")
E0000007 = (404, "Not found: {0}")
E0000008 = (404, "The requested path was not found")
E0000011 = (401, "Invalid token provided")
E0000022 = (405, "The endpoint does not support the provided HTTP method")
E0000031 = (400, "Invalid search criteria.")
E0000047 = (429, "API call exceeded rate limit due to too many requests.")
E0000056 = (403, "Delete application forbidden.")

# OAuth catalogue entries: (status, error, error_description); "{0}" is the catalogue's "[en]".
MISSING_CLIENT_CREDENTIALS = (401, "invalid_client", "No client credentials found.")
INVALID_CLIENT_ID = (401, "invalid_client", "Invalid value for 'client_id' parameter.")
INVALID_CLIENT_SECRET = (
    401,
    "invalid_client",
    "The client secret supplied for a confidential client is invalid.",
)
INVALID_CLIENT = (
    401,
    "invalid_client",
    "Client authentication failed. Either the client or the client credentials are invalid.",
)
INVALID_BASIC_AUTH = (
    401,
    "invalid_client",
    "Found Authentication header but was not valid client credentials.",
)
MULTIPLE_CLIENT_CREDENTIALS = (
    401,
    "invalid_request",
    "Cannot supply multiple client credentials. Use one of the following: credentials in the "
    "Authorization header, credentials in the post body, or a client_assertion in the post body.",
)
CLIENT_CREDENTIALS_IN_QUERY = (
    400,
    "invalid_request",
    "Client credentials cannot be supplied via query parameters.",
)
MISSING_GRANT_TYPE = (
    400,
    "invalid_request",
    "The token request must specify a 'grant_type'. Valid values: {0}",
)
UNAUTHORIZED_CLIENT = (
    400,
    "unauthorized_client",
    "The client is not authorized to use the provided grant type. Configured grant types: {0}.",
)
UNSUPPORTED_GRANT_TYPE = (
    400,
    "unsupported_grant_type",
    "The authorization grant type is not supported by the authorization server. "
    "Configured grant types: {0}.",
)
OPENID_NOT_ALLOWED = (
    400,
    "invalid_scope",
    "Cannot request 'openid' scopes using client credentials.",
)
NO_MATCHING_SCOPE = (
    400,
    "invalid_scope",
    "One or more scopes are not configured for the authorization server resource.",
)
NO_DEFAULT_SCOPES = (
    400,
    "invalid_scope",
    "The authorization server resource does not have any configured default scopes, "
    "'scope' must be provided.",
)
MISSING_SCOPES = (400, "invalid_scope", "No scopes were requested.")
CONSENT_REQUIRED_CC = (
    400,
    "consent_required",
    "The following scopes require user consent and cannot be granted for the client "
    "credentials grant type: {0}.",
)
NO_MATCHING_POLICY = (
    401,
    "access_denied",
    "Policy evaluation failed for this request, please check the policy configurations.",
)
NO_SCOPE_ALLOWED = (
    400,
    "access_denied",
    "Policy evaluation succeeded, but all the requested scopes were rejected.",
)
"""Not produced by policy evaluation (a rule that does not cover the scopes is skipped, so the
answer is ``NO_MATCHING_POLICY``); queue it with ``oauth_fault``."""
SCOPE_DENIED = (
    400,
    "access_denied",
    "Some of the requested scopes were denied by the policy. Denied scopes: {0}.",
)
"""As ``NO_SCOPE_ALLOWED``: fault plan only, e.g. ``oauth_fault(SCOPE_DENIED, "[admin]")``."""
REQUEST_MISSING_TOKEN = (400, "invalid_request", "The 'token' parameter is required.")
ORG_AS_APPLICATION_TYPE = (
    401,
    "invalid_client",
    "Only clients with 'application_type' of 'service' may use the client_credentials "
    "'grant_type' with the Org Authorization Server.",
)
ORG_AS_AUTH_METHOD = (
    401,
    "invalid_client",
    "Client Credentials requests to the Org Authorization Server must use the private_key_jwt "
    "token_endpoint_auth_method.",
)


class OktaError(Exception):
    """Base of every error fake Okta answers with."""

    status: int
    headers: dict[str, str]


@dataclass
class ApiError(OktaError):
    """A Management API error (the ``errorCode`` dialect)."""

    status: int
    code: str
    summary: str
    causes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.summary}"


@dataclass
class OAuthError(OktaError):
    """An OAuth 2.0 error (the ``error``/``error_description`` dialect)."""

    status: int
    error: str
    description: str
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.error}: {self.description}"


def api_error(
    entry: tuple[int, str], code: str, *args: str, causes: list[str] | None = None
) -> ApiError:
    status, template = entry
    return ApiError(status, code, _fill(template, args), list(causes or []))


def oauth_error(entry: tuple[int, str, str], *args: str) -> OAuthError:
    status, error, template = entry
    return OAuthError(status, error, _fill(template, args))


def bracketed(values: list[str] | tuple[str, ...]) -> str:
    """A list as Okta's Java backend prints it inside texts: ``[a, b]``."""
    return "[" + ", ".join(values) + "]"


def not_found(resource_id: str, kind: str) -> ApiError:
    """404 E0000007 as Okta words it: ``Not found: Resource not found: <id> (<Kind>)``."""
    return api_error(E0000007, "E0000007", f"Resource not found: {resource_id} ({kind})")


def validation_failed(field_name: str, message: str) -> ApiError:
    """400 E0000001 naming the field, with a cause ``<field>: <message>`` (message texts [I])."""
    return api_error(E0000001, "E0000001", field_name, causes=[f"{field_name}: {message}"])


def malformed_body() -> ApiError:
    return api_error(E0000003, "E0000003")


def invalid_session() -> ApiError:
    return api_error(E0000005, "E0000005")


def access_denied() -> ApiError:
    return api_error(E0000006, "E0000006")


def invalid_token() -> ApiError:
    return api_error(E0000011, "E0000011")


def path_not_found() -> ApiError:
    return api_error(E0000008, "E0000008")


def method_not_allowed() -> ApiError:
    return api_error(E0000022, "E0000022")


def rate_limited(headers: dict[str, str]) -> ApiError:
    error = api_error(E0000047, "E0000047")
    error.headers = dict(headers)
    return error


def delete_app_forbidden() -> ApiError:
    return api_error(E0000056, "E0000056")


def invalid_client_id_parameter() -> ApiError:
    """Discovery's 400 for an unknown ``client_id`` query parameter (SPEC-O example)."""
    return ApiError(400, "invalid_client", "Invalid value for `client_id` parameter")


def invalid_client_metadata(field_name: str, message: str) -> OAuthError:
    """DCR validation, worded like SPEC-O's example: ``\\`client_name\\`: The field can't be
    left blank.`` Messages other than that one are [I]."""
    return OAuthError(400, "invalid_client_metadata", f"`{field_name}`: {message}")


def error_body(error: OktaError, error_id: str) -> dict[str, Any]:
    if isinstance(error, OAuthError):
        return {"error": error.error, "error_description": error.description}
    assert isinstance(error, ApiError)
    return {
        "errorCode": error.code,
        "errorSummary": error.summary,
        "errorLink": error.code,
        "errorId": error_id,
        "errorCauses": [{"errorSummary": cause} for cause in error.causes],
    }


def render(error: OktaError, error_id: str) -> httpx.Response:
    """The only place an error becomes an HTTP response."""
    content_type = OAUTH_JSON if isinstance(error, OAuthError) else JSON
    return httpx.Response(
        error.status,
        content=json.dumps(error_body(error, error_id)).encode(),
        headers={"Content-Type": content_type, **error.headers},
    )


def _fill(template: str, args: tuple[str, ...]) -> str:
    for index, value in enumerate(args):
        template = template.replace("{" + str(index) + "}", value)
    return template
