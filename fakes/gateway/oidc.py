"""The openid-connect plugin's IdP side, over the injected outgoing client.

- Discovery: ``{issuer}/.well-known/openid-configuration``, fetched once per issuer and kept
  until ``reset`` (Kong keeps it in its cache; ``rediscovery_lifetime`` only paces retries).
  Unreachable or unusable discovery is the plugin's "unexpected" case: 500.
- JWKS: fetched from ``jwks_uri`` once and cached. A token whose ``kid`` is not in the cached
  set makes the plugin fetch the JWKS again, once per request: that is how a rotated Okta key is
  picked up. (Kong paces these refetches; the fake does not, so tests need not move the clock.)
- Token exchange (``client_credentials``): ``POST token_endpoint`` with
  ``grant_type=client_credentials``, ``scope`` = the strategy's scopes joined by spaces, and
  ``client_secret_basic`` auth. Any refusal (non-200, unreachable IdP, no ``access_token``) is the
  plugin's 401. A success is cached per (issuer, client_id, sha256(secret), scopes) until
  ``TOKEN_CACHE_LEEWAY`` seconds before ``expires_in`` runs out (3600 s when the IdP gives none,
  the plugin's ``cache_ttl``), on the injected clock. Consequence, as on Kong: a client deleted
  or re-secreted at the IdP keeps working with its old secret until that cached token expires.
- Verification: RS/PS/ES signatures only, key by ``kid`` from the JWKS, ``iss`` equal to the
  discovered issuer, ``exp`` and ``nbf`` against the injected clock with no leeway (the plugin's
  ``leeway`` default is 0). ``aud`` is not checked (``audience_required`` is unset by default).
  An access token from the token endpoint that is not a JWT is accepted as an opaque token.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx
import jwt

from dcr_harness.fakes.gateway.errors import UNEXPECTED, KongError, OidcUnauthorized
from dcr_harness.fakes.gateway.state import CachedToken, Discovery, GatewayState, TokenKey
from dcr_harness.fakes.kit.clock import Clock

TOKEN_CACHE_LEEWAY = 5.0
DEFAULT_TOKEN_TTL = 3600.0
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)


def unverified_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT, not verified (KAA's ``jwt:load_jwt``); None when not a JWT."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    return claims if isinstance(claims, dict) else None


class OidcClient:
    def __init__(self, http: httpx.Client, clock: Clock, state: GatewayState) -> None:
        self._http = http
        self._clock = clock
        self._state = state

    # discovery and keys --------------------------------------------------------------------

    def discover(self, issuer: str) -> Discovery:
        cached = self._state.discovery.get(issuer)
        if cached is not None:
            return cached
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = self._get_json(url)
        fields = ("issuer", "token_endpoint", "jwks_uri")
        if document is None or not all(isinstance(document.get(f), str) for f in fields):
            raise KongError(500, UNEXPECTED, f"discovery information could not be loaded: {url}")
        discovery = Discovery(document["issuer"], document["token_endpoint"], document["jwks_uri"])
        self._state.discovery[issuer] = discovery
        return discovery

    def _keys(self, issuer: str, jwks_uri: str, *, refresh: bool) -> list[dict[str, Any]]:
        if not refresh and jwks_uri in self._state.jwks:
            return self._state.jwks[jwks_uri]
        document = self._get_json(jwks_uri)
        keys = document.get("keys") if document is not None else None
        if not isinstance(keys, list):
            raise OidcUnauthorized(issuer, f"jwks could not be loaded: {jwks_uri}")
        found = [key for key in keys if isinstance(key, dict)]
        self._state.jwks[jwks_uri] = found
        return found

    def _candidates(self, issuer: str, jwks_uri: str, kid: str | None) -> list[dict[str, Any]]:
        keys = self._keys(issuer, jwks_uri, refresh=False)
        if kid is None:
            return keys
        matching = [key for key in keys if key.get("kid") == kid]
        if not matching:
            keys = self._keys(issuer, jwks_uri, refresh=True)
            matching = [key for key in keys if key.get("kid") == kid]
        return matching

    def _get_json(self, url: str) -> dict[str, Any] | None:
        try:
            response = self._http.get(url, headers={"Accept": "application/json"})
            document = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None
        return document if isinstance(document, dict) else None

    # verification ------------------------------------------------------------------------

    def verify(self, issuer: str, token: str) -> dict[str, Any]:
        """The verified claims of a JWT from this issuer; ``OidcUnauthorized`` otherwise."""
        discovery = self.discover(issuer)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise OidcUnauthorized(issuer, f"invalid jwt: {exc}") from exc
        alg = header.get("alg")
        if alg not in SIGNING_ALGORITHMS:
            raise OidcUnauthorized(issuer, f"unsupported signing algorithm: {alg}")
        kid = header.get("kid")
        keys = self._candidates(issuer, discovery.jwks_uri, kid if isinstance(kid, str) else None)
        if not keys:
            raise OidcUnauthorized(issuer, f"no key in the issuer's jwks for kid {kid}")
        claims = self._verified(issuer, token, alg, keys)
        if claims.get("iss") != discovery.issuer:
            raise OidcUnauthorized(issuer, f"invalid issuer: {claims.get('iss')}")
        now = self._clock.now()
        exp, nbf = claims.get("exp"), claims.get("nbf")
        if isinstance(exp, int | float) and now >= exp:
            raise OidcUnauthorized(issuer, "token expired")
        if isinstance(nbf, int | float) and now < nbf:
            raise OidcUnauthorized(issuer, "token not valid yet")
        return claims

    def _verified(
        self, issuer: str, token: str, alg: str, keys: list[dict[str, Any]]
    ) -> dict[str, Any]:
        options = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}
        options |= {"verify_aud": False, "verify_iss": False}
        for jwk in keys:
            try:
                key = jwt.PyJWK(jwk, algorithm=alg)
                claims = jwt.decode(token, key=key, algorithms=[alg], options=options)  # type: ignore[arg-type]
            except (jwt.PyJWKError, jwt.InvalidTokenError):
                continue
            if isinstance(claims, dict):
                return claims
        raise OidcUnauthorized(issuer, "invalid signature")

    # client credentials ------------------------------------------------------------------

    def client_credentials(
        self, issuer: str, client_id: str, client_secret: str, scopes: tuple[str, ...]
    ) -> str:
        """An access token for the client: from the token cache, or from the IdP."""
        digest = hashlib.sha256(client_secret.encode()).hexdigest()
        key: TokenKey = (issuer, client_id, digest, scopes)
        cached = self._state.tokens.get(key)
        if cached is not None and self._clock.now() < cached.expires_at:
            return cached.access_token
        self._state.tokens.pop(key, None)
        discovery = self.discover(issuer)
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        try:
            response = self._http.post(
                discovery.token_endpoint,
                data=form,
                headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            raise OidcUnauthorized(issuer, f"token endpoint unreachable: {exc}") from exc
        body = _json_object(response)
        token = body.get("access_token")
        if response.status_code != 200 or not isinstance(token, str) or not token:
            detail = json.dumps(body) if body else response.text[:200]
            raise OidcUnauthorized(
                issuer, f"token endpoint answered {response.status_code}: {detail}"
            )
        if unverified_claims(token) is not None:
            self.verify(issuer, token)
        expires_in = body.get("expires_in")
        ttl = float(expires_in) if isinstance(expires_in, int | float) else DEFAULT_TOKEN_TTL
        expires_at = self._clock.now() + ttl - TOKEN_CACHE_LEEWAY
        self._state.tokens[key] = CachedToken(token, expires_at)
        return token


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
