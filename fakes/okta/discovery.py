"""Discovery documents (RFC 8414 and OpenID Connect) of the org and custom servers, after
SPEC-O's ``CustomASOAuthMetadata``/``CustomASOidcMetadata`` examples. ``scopes_supported`` lists
the system scopes and the custom scopes published to ALL_CLIENTS; claims are never listed but
the system ones."""

from __future__ import annotations

from typing import Any

from dcr_harness.fakes.okta.models import AuthorizationServer

AUTH_METHODS = [
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "none",
]
_RESPONSE_TYPES = [
    "code",
    "token",
    "id_token",
    "code id_token",
    "code token",
    "id_token token",
    "code id_token token",
]
_GRANTS = [
    "authorization_code",
    "implicit",
    "refresh_token",
    "password",
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:device_code",
]
_SIGNING_ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
_ORG_SCOPES = [
    "openid",
    "email",
    "profile",
    "address",
    "phone",
    "offline_access",
    "groups",
    "okta.clients.manage",
    "okta.clients.read",
    "okta.clients.register",
]


def custom_metadata(org: str, server: AuthorizationServer, *, oidc: bool) -> dict[str, Any]:
    scopes = [s.name for s in server.scopes.values() if s.metadata_publish == "ALL_CLIENTS"]
    return _metadata(org, server.issuer, scopes, oidc=oidc)


def org_metadata(org: str, *, oidc: bool) -> dict[str, Any]:
    return _metadata(org, org, list(_ORG_SCOPES), oidc=oidc)


def _metadata(org: str, issuer: str, scopes: list[str], *, oidc: bool) -> dict[str, Any]:
    base = f"{issuer}/v1" if issuer != org else f"{org}/oauth2/v1"
    body: dict[str, Any] = {
        "issuer": issuer,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "registration_endpoint": f"{org}/oauth2/v1/clients",
        "jwks_uri": f"{base}/keys",
        "response_types_supported": list(_RESPONSE_TYPES),
        "response_modes_supported": ["query", "fragment", "form_post", "okta_post_message"],
        "grant_types_supported": list(_GRANTS),
        "subject_types_supported": ["public"],
        "scopes_supported": scopes,
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "claims_supported": ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"],
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": f"{base}/introspect",
        "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "revocation_endpoint": f"{base}/revoke",
        "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "end_session_endpoint": f"{base}/logout",
        "request_parameter_supported": True,
        "request_object_signing_alg_values_supported": list(_SIGNING_ALGS),
        "device_authorization_endpoint": f"{base}/device/authorize",
        "pushed_authorization_request_endpoint": f"{base}/par",
    }
    if oidc:
        body["userinfo_endpoint"] = f"{base}/userinfo"
        body["id_token_signing_alg_values_supported"] = ["RS256"]
        body["claims_supported"] = [
            "iss",
            "ver",
            "sub",
            "aud",
            "iat",
            "exp",
            "jti",
            "auth_time",
            "amr",
            "idp",
            "nonce",
            "name",
            "nickname",
            "preferred_username",
            "given_name",
            "middle_name",
            "family_name",
            "email",
            "email_verified",
            "profile",
            "zoneinfo",
            "locale",
            "address",
            "phone_number",
            "picture",
            "website",
            "gender",
            "birthdate",
            "updated_at",
            "at_hash",
            "c_hash",
        ]
    return body
