"""The konnect-application-auth (KAA) plugin, ``v2-strategies`` flavour, with its openid-connect
step. Follows Kong's source (research/konnect.md §5b; KAA ``handler.lua`` @543feede, ``oidc.lua``):

1. Identify the application, by the strategy's ``auth_methods`` (absent: the openid-connect
   plugin's default, every method; ``client_credentials``, ``bearer`` and ``session`` identify
   an app, in that order, as in KAA; any other method never does):
   - ``client_credentials``: ``Authorization`` whose first 5 characters are ``basic`` in any case;
     the value from character 7 on is base64-decoded as nginx does (standard alphabet, padding
     optional, anything from the first ``=`` ignored) and split at the first ``:`` after the
     first character. Not decodable or no colon: no credential, and bearer is tried next (so the
     how-to's literal ``Basic CLIENT_ID:CLIENT_SECRET`` ends in 401 Unauthorized). Decodable:
     the client_id is looked up and the answer is final, known or not.
   - ``bearer``: ``Authorization: Bearer <jwt>`` decoded WITHOUT verification; each
     ``credential_claim`` entry (absent: ``["sub"]``) is a top-level claim name whose string
     value is looked up as a client_id. No such claim in the token: no app, 401.
   - ``session``: with neither of those, the session cookie (``fakes.gateway.sessions``) names
     the session's subject, the client_id. After a request authorized by either of the others,
     a strategy with ``session`` starts a session and the answer sets its cookie.
2. No app: 401 ``Unauthorized``. App of another strategy: 401 ``Unauthenticated``.
3. The openid-connect step with the strategy's config (``fakes.gateway.oidc``): the Basic
   credentials are exchanged at the IdP's token endpoint for a token (scopes: the strategy's
   ``scopes``, ``["openid"]`` when absent or empty: the plugin default behind the how-to's
   "openid will be the default"), or the bearer JWT is verified. Failure: the plugin's 401.
   For client_credentials the minted token's ``credential_claim`` is NOT compared with the
   client_id: the openid-connect plugin only logs "credential claim was not found" and KAA has
   already picked the app from the Basic header (openid-connect ``handler.lua``). So a missing
   ``app.clientId`` claim in Okta breaks ``bearer`` (no app found), not ``client_credentials``.
   ``match_credential_claim = True`` switches to KAA's legacy ``auth_type: openid-connect``
   behaviour (pre-``v2-strategies`` data planes), where the app is the one named by the token's
   credential claim: the claim (top-level, first entry found) must be in the minted token and
   equal the Basic client_id, otherwise 401 ``Unauthorized`` (``kong.response.error``).
4. The API must be in the app's approved APIs (403 ``You cannot consume this service``) and not
   in its exhausted ones (429).

``key_auth`` strategies follow KAA's key path: the key from the ``apikey`` header or query
parameter (``ApiAuthConfig`` carries no key-auth config, so Konnect's default ``key_names`` is
assumed), looked up as ``sha256_hex(key)`` (KAA stores hashed keys as client_id), and removed
before the request goes upstream.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from dcr_harness.fakes.gateway.control_plane import (
    ApiAuthConfig,
    ControlPlane,
    DataPlaneApplication,
)
from dcr_harness.fakes.gateway.errors import (
    CANNOT_CONSUME,
    DUPLICATE_KEY,
    RATE_LIMITED,
    UNAUTHENTICATED,
    UNAUTHORIZED,
    UNEXPECTED,
    KongError,
)
from dcr_harness.fakes.gateway.oidc import OidcClient, unverified_claims
from dcr_harness.fakes.gateway.sessions import Sessions, cookie_name, set_cookie

DEFAULT_AUTH_METHODS = (
    "password",
    "client_credentials",
    "authorization_code",
    "bearer",
    "introspection",
    "userinfo",
    "kong_oauth2",
    "refresh_token",
    "session",
)
DEFAULT_SCOPES = ("openid",)
DEFAULT_CREDENTIAL_CLAIM = ("sub",)
DEFAULT_KEY_NAMES = ("apikey",)
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*$")


@dataclass(frozen=True)
class Admitted:
    """KAA let the request through: who it is, and what changes on the way upstream."""

    application: DataPlaneApplication | None
    set_headers: dict[str, str] = field(default_factory=dict)
    set_cookie: str | None = None  # the session cookie the answer sets
    drop_headers: tuple[str, ...] = ()
    drop_query: tuple[str, ...] = ()


def decode_basic(header: str | None) -> tuple[str, str] | None:
    """KAA's ``client_credentials_get``: (client_id, secret), or None when there is none."""
    if header is None or header[:5].lower() != "basic":
        return None
    encoded = header[6:].split("=", 1)[0]
    if not _BASE64.match(encoded) or len(encoded) % 4 == 1:
        return None
    try:
        decoded = base64.b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None
    colon = decoded.find(":", 1)
    if colon == -1:
        return None
    return decoded[:colon], decoded[colon + 1 :]


def bearer_token(header: str | None) -> str | None:
    if header is None or header[:6].lower() != "bearer":
        return None
    return header[7:]


def _strings(value: Any, default: tuple[str, ...], *, empty_is_default: bool) -> tuple[str, ...]:
    if value is None or (empty_is_default and value == []):
        return default
    if not isinstance(value, list):
        return default
    return tuple(item for item in value if isinstance(item, str))


class ApplicationAuth:
    def __init__(self, control_plane: ControlPlane, oidc: OidcClient, sessions: Sessions) -> None:
        self._control_plane = control_plane
        self._oidc = oidc
        self._sessions = sessions
        self.match_credential_claim = False

    def admit(self, request: httpx.Request, api_id: str, config: ApiAuthConfig) -> Admitted:
        if config.strategy_type == "openid_connect":
            admitted = self._openid_connect(request, config)
        elif config.strategy_type == "key_auth":
            admitted = self._key_auth(request, config)
        else:
            raise KongError(401, UNAUTHORIZED, f"unknown strategy type {config.strategy_type}")
        app = admitted.application
        assert app is not None
        if api_id not in app.approved_api_ids:
            raise KongError(403, CANNOT_CONSUME, f"{app.client_id} not approved for {api_id}")
        if api_id in app.exhausted_api_ids:
            raise KongError(429, RATE_LIMITED, f"{app.client_id} exhausted on {api_id}")
        return admitted

    def _openid_connect(self, request: httpx.Request, config: ApiAuthConfig) -> Admitted:
        conf = config.openid_connect
        methods = _strings(conf.get("auth_methods"), DEFAULT_AUTH_METHODS, empty_is_default=False)
        claims = _strings(
            conf.get("credential_claim"), DEFAULT_CREDENTIAL_CLAIM, empty_is_default=False
        )
        header = request.headers.get("authorization")
        app: DataPlaneApplication | None = None
        basic = decode_basic(header) if "client_credentials" in methods else None
        token = bearer_token(header) if basic is None and "bearer" in methods else None
        session = None
        if basic is not None:
            app = self._control_plane.application_by_client_id(basic[0])
        elif token is not None:
            app = self._by_claims(token, claims)
        elif "session" in methods:
            session = self._sessions.resume(request, cookie_name(conf))
            if session is not None:
                app = self._control_plane.application_by_client_id(session.client_id)
        if app is None:
            raise KongError(401, UNAUTHORIZED, "no application for the presented credential")
        if app.auth_strategy_id != config.strategy_id:
            raise KongError(401, UNAUTHENTICATED, "auth strategy not found for application")
        if session is not None:
            return Admitted(app, set_headers={"Authorization": f"Bearer {session.access_token}"})
        issuer = conf.get("issuer")
        if not isinstance(issuer, str) or not issuer:
            raise KongError(500, UNEXPECTED, "strategy has no issuer")
        if basic is not None:
            scopes = _strings(conf.get("scopes"), DEFAULT_SCOPES, empty_is_default=True)
            access_token = self._oidc.client_credentials(issuer, basic[0], basic[1], scopes)
            if self.match_credential_claim:
                _claim_names_client(access_token, claims, basic[0])
        else:
            assert token is not None
            self._oidc.verify(issuer, token)
            access_token = token
        cookie = None
        if "session" in methods:
            started = self._sessions.start(app.client_id, config.strategy_id, access_token)
            cookie = set_cookie(cookie_name(conf), started, request)
        return Admitted(
            app, set_headers={"Authorization": f"Bearer {access_token}"}, set_cookie=cookie
        )

    def _by_claims(self, token: str, claims: tuple[str, ...]) -> DataPlaneApplication | None:
        payload = unverified_claims(token)
        if payload is None:
            return None
        for claim in claims:
            value = payload.get(claim)
            if isinstance(value, str) and value:
                app = self._control_plane.application_by_client_id(value)
                if app is not None:
                    return app
        return None

    def _key_auth(self, request: httpx.Request, config: ApiAuthConfig) -> Admitted:
        for name in DEFAULT_KEY_NAMES:
            values = request.headers.get_list(name) or request.url.params.get_list(name)
            if len(values) > 1:
                raise KongError(401, DUPLICATE_KEY)
            if values and values[0]:
                client_id = hashlib.sha256(values[0].encode()).hexdigest()
                app = self._control_plane.application_by_client_id(client_id)
                if app is None or app.auth_strategy_id != config.strategy_id:
                    break
                return Admitted(app, drop_headers=(name,), drop_query=(name,))
        raise KongError(401, UNAUTHORIZED, "no application for the presented key")


def _claim_names_client(token: str, claims: tuple[str, ...], client_id: str) -> None:
    """Legacy KAA: the app is the one the token's credential claim names."""
    payload = unverified_claims(token) or {}
    value = next((payload[claim] for claim in claims if claim in payload), None)
    if value is None:
        raise KongError(401, UNAUTHORIZED, f"credential claim {list(claims)} not in the token")
    if value != client_id:
        raise KongError(401, UNAUTHORIZED, f"credential claim names {value}, not {client_id}")
