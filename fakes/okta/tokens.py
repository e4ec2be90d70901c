"""The client_credentials grant of a custom authorization server: scope checks, access policy
evaluation, and RS256 access tokens shaped like Okta's; introspection of minted tokens.

Order of checks (Okta does not document it [I]): grant type, then scopes (OIDC scopes, unknown
scopes, consent), then policies and rules in priority order. A rule matches when it is ACTIVE,
allows ``client_credentials`` and its ``scopes.include`` covers every requested scope (``*``
covers all); the first ACTIVE policy (by priority) whose clients include the client or
``ALL_CLIENTS`` and that has a matching rule wins. Okta's partial-denial answers
(``scope_denied``, ``no_scope_allowed``) are never produced: a rule that does not cover the
scopes does not match, which ends in ``no_matching_policy``.
"""

from __future__ import annotations

from typing import Any

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.expressions import AppContext, evaluate
from dcr_harness.fakes.okta.models import (
    SYSTEM_SCOPES,
    AuthorizationServer,
    IssuedToken,
    OAuthClient,
    Rule,
)
from dcr_harness.fakes.okta.state import OktaState

GRANT_TYPES_SUPPORTED = (
    "authorization_code",
    "implicit",
    "refresh_token",
    "password",
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "urn:ietf:params:oauth:grant-type:saml2-bearer",
)
OIDC_SCOPES = frozenset(name for name, _ in SYSTEM_SCOPES)
"""Scopes refused for client_credentials with "Cannot request 'openid' scopes ..." [I] for all
but openid/profile/email/phone, which Okta's support article lists."""


def client_credentials(
    state: OktaState, server: AuthorizationServer, client: OAuthClient, body: dict[str, str]
) -> dict[str, Any]:
    """The token response body for a client_credentials request, or an ``OAuthError``."""
    grant_type = body.get("grant_type")
    if not grant_type:
        raise errors.oauth_error(errors.MISSING_GRANT_TYPE, errors.bracketed(GRANT_TYPES_SUPPORTED))
    if grant_type not in GRANT_TYPES_SUPPORTED:
        raise errors.oauth_error(
            errors.UNSUPPORTED_GRANT_TYPE, errors.bracketed(GRANT_TYPES_SUPPORTED)
        )
    if grant_type not in client.grant_types:
        raise errors.oauth_error(errors.UNAUTHORIZED_CLIENT, errors.bracketed(client.grant_types))
    if grant_type != "client_credentials":
        # Deviation: the fake implements only client_credentials.
        raise errors.oauth_error(
            errors.UNSUPPORTED_GRANT_TYPE, errors.bracketed(["client_credentials"])
        )
    scopes = requested_scopes(server, body)
    rule = matching_rule(server, client.client_id, scopes)
    if rule is None:
        raise errors.oauth_error(errors.NO_MATCHING_POLICY)
    token = mint(state, server, client, scopes, rule.lifetime_minutes * 60)
    return {
        "token_type": "Bearer",
        "expires_in": rule.lifetime_minutes * 60,
        "access_token": token.value,
        "scope": " ".join(scopes),
    }


def requested_scopes(server: AuthorizationServer, body: dict[str, str]) -> list[str]:
    if "scope" not in body:
        defaults = [s.name for s in server.scopes.values() if s.default and not s.system]
        if not defaults:
            raise errors.oauth_error(errors.NO_DEFAULT_SCOPES)
        return defaults
    names = list(dict.fromkeys(body["scope"].split()))
    if not names:
        raise errors.oauth_error(errors.MISSING_SCOPES)
    if any(name in OIDC_SCOPES for name in names):
        raise errors.oauth_error(errors.OPENID_NOT_ALLOWED)
    scopes = [server.scope_named(name) for name in names]
    if any(scope is None for scope in scopes):
        raise errors.oauth_error(errors.NO_MATCHING_SCOPE)
    needing_consent = [s.name for s in scopes if s is not None and s.consent == "REQUIRED"]
    if needing_consent:
        raise errors.oauth_error(errors.CONSENT_REQUIRED_CC, errors.bracketed(needing_consent))
    return names


def matching_rule(server: AuthorizationServer, client_id: str, scopes: list[str]) -> Rule | None:
    policies = sorted(
        (p for p in server.policies.values() if p.status == "ACTIVE"), key=lambda p: p.priority
    )
    for policy in policies:
        if "ALL_CLIENTS" not in policy.clients and client_id not in policy.clients:
            continue
        rules = sorted(
            (r for r in policy.rules.values() if r.status == "ACTIVE"), key=lambda r: r.priority
        )
        for rule in rules:
            covered = "*" in rule.scopes or set(scopes) <= set(rule.scopes)
            if "client_credentials" in rule.grant_types and covered:
                return rule
    return None


def mint(
    state: OktaState,
    server: AuthorizationServer,
    client: OAuthClient,
    scopes: list[str],
    lifetime_seconds: int,
) -> IssuedToken:
    """An RS256 access token: ver, jti ``AT.``..., iss, aud, iat, exp, cid, scp, sub (= the
    client id), then the active RESOURCE claims whose scope condition is empty or granted
    (never overriding one of the reserved claims above)."""
    issued_at = int(state.clock.now())
    claims: dict[str, Any] = {
        "ver": 1,
        "jti": state.ids.token("AT.", 43),
        "iss": server.issuer,
        "aud": server.audiences[0],
        "iat": issued_at,
        "exp": issued_at + lifetime_seconds,
        "cid": client.client_id,
        "scp": list(scopes),
        "sub": client.client_id,
    }
    app = AppContext(client.client_id, client.client_name)
    reserved = set(claims)
    for claim in server.claims.values():
        if claim.system or claim.status != "ACTIVE" or claim.claim_type != "RESOURCE":
            continue
        if claim.scopes and not set(claim.scopes) & set(scopes):
            continue
        if claim.value_type == "EXPRESSION" and claim.name not in reserved:
            claims[claim.name] = evaluate(claim.value, app)
    token = IssuedToken(
        value=server.keys.sign(claims),
        jti=claims["jti"],
        server_id=server.id,
        client_id=client.client_id,
        scopes=list(scopes),
        claims=claims,
        issued_at=issued_at,
        expires_at=claims["exp"],
    )
    state.record_token(token)
    return token


def introspect(state: OktaState, server: AuthorizationServer, value: str) -> dict[str, Any]:
    """``{"active": false}`` unless the token was minted by this server for a client that is
    still active, is unexpired, not revoked and still verifies with the server's keys."""
    token = state.tokens.get(value)
    client = state.clients.get(token.client_id) if token is not None else None
    if (
        token is None
        or client is None
        or client.status != "ACTIVE"
        or token.server_id != server.id
        or token.revoked
        or token.expires_at <= state.clock.now()
        or server.keys.verify(value) is None
    ):
        return {"active": False}
    return {
        "active": True,
        "token_type": "Bearer",
        "scope": " ".join(token.scopes),
        "client_id": token.client_id,
        "exp": token.expires_at,
        "iat": token.issued_at,
        "sub": token.claims["sub"],
        "aud": token.claims["aud"],
        "iss": token.claims["iss"],
        "jti": token.jti,
    }
