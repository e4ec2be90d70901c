"""A test-local stand-in IdP (Okta-shaped discovery, JWKS and client-credentials token endpoint),
independent of fakes/okta."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://idp.harness.test/oauth2/default"
OIDC_SCOPES = frozenset({"openid", "profile", "email", "address", "phone", "offline_access"})


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey

    def jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}


def make_key(kid: str) -> SigningKey:
    return SigningKey(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))


@dataclass
class StandInIdp:
    keys: list[SigningKey]
    now: Any = time.time  # a zero-argument callable giving the IdP's time
    issuer: str = ISSUER
    clients: dict[str, str] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)  # kids in the JWKS
    active_kid: str = ""
    extra_claims: dict[str, str] = field(default_factory=dict)  # claim name -> "client_id"
    lifetime: int = 3600
    token_overrides: dict[str, Any] = field(default_factory=dict)  # claims of minted tokens
    calls: list[httpx.Request] = field(default_factory=list)
    unreachable: bool = False

    def __post_init__(self) -> None:
        self.published = self.published or [self.keys[0].kid]
        self.active_kid = self.active_kid or self.keys[0].kid

    # test helpers ---------------------------------------------------------------------------

    def reset(self, clients: dict[str, str]) -> None:
        """Back to a fresh stand-in's state (first key published and signing), with these
        clients."""
        self.clients = dict(clients)
        self.published = [self.keys[0].kid]
        self.active_kid = self.keys[0].kid
        self.extra_claims = {}
        self.lifetime = 3600
        self.token_overrides = {}
        self.calls = []
        self.unreachable = False

    def count(self, suffix: str) -> int:
        return sum(1 for call in self.calls if call.url.path.endswith(suffix))

    def token_forms(self) -> list[dict[str, list[str]]]:
        return [parse_qs(c.content.decode()) for c in self.calls if c.url.path.endswith("/token")]

    def rotate(self, kid: str) -> None:
        """Sign with a new key, publishing it next to the old one (as Okta rotates)."""
        if kid not in self.published:
            self.published.append(kid)
        self.active_kid = kid

    def key(self, kid: str) -> SigningKey:
        return next(key for key in self.keys if key.kid == kid)

    def mint(self, client_id: str, /, *, key: SigningKey | None = None, **overrides: Any) -> str:
        signing = key or self.key(self.active_kid)
        now = int(self.now())
        claims: dict[str, Any] = {
            "ver": 1,
            "jti": f"AT.{client_id}.{now}",
            "iss": self.issuer,
            "aud": "api://default",
            "iat": now,
            "exp": now + self.lifetime,
            "cid": client_id,
            "scp": ["orders:read"],
            "sub": client_id,
        }
        claims.update({name: client_id for name in self.extra_claims})
        claims.update(overrides)
        return jwt.encode(claims, signing.private, algorithm="RS256", headers={"kid": signing.kid})

    # HTTP ----------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.unreachable:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path
        if path == "/oauth2/default/.well-known/openid-configuration":
            return httpx.Response(
                200,
                json={
                    "issuer": self.issuer,
                    "token_endpoint": f"{self.issuer}/v1/token",
                    "jwks_uri": f"{self.issuer}/v1/keys",
                },
            )
        if path == "/oauth2/default/v1/keys":
            return httpx.Response(200, json={"keys": [self.key(k).jwk() for k in self.published]})
        if path == "/oauth2/default/v1/token" and request.method == "POST":
            return self._token(request)
        return httpx.Response(404, json={"errorCode": "E0000022"})

    def _token(self, request: httpx.Request) -> httpx.Response:
        header = request.headers.get("authorization", "")
        client_id, _, secret = (
            base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
        )
        if self.clients.get(client_id) != secret:
            return _oauth_error(401, "invalid_client", "The client secret is invalid.")
        form = parse_qs(request.content.decode())
        scopes = " ".join(form.get("scope", [])).split()
        if any(scope in OIDC_SCOPES for scope in scopes):
            return _oauth_error(
                400, "invalid_scope", "Cannot request 'openid' scopes using client credentials."
            )
        if not scopes:
            return _oauth_error(400, "invalid_scope", "No scopes were requested.")
        token = self.mint(client_id, **{"scp": scopes, **self.token_overrides})
        return httpx.Response(
            200,
            json={
                "token_type": "Bearer",
                "expires_in": self.lifetime,
                "access_token": token,
                "scope": " ".join(scopes),
            },
        )


def _oauth_error(status: int, error: str, description: str) -> httpx.Response:
    return httpx.Response(status, json={"error": error, "error_description": description})
