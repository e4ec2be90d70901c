"""Checking an access token as the data plane does: RS256, a key of the issuer's set, the issuer."""

from __future__ import annotations

from typing import Any

import jwt


class TokenInvalid(Exception):
    def __init__(self, reason: str, *, key_missing: bool = False) -> None:
        super().__init__(reason)
        self.key_missing = key_missing


def unverified_claims(raw: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(raw, options={"verify_signature": False})
    return claims


def verify_access_token(raw: str, jwks: dict[str, Any], issuer: str) -> dict[str, Any]:
    """The token's claims once its signature, issuer and expiry check out."""
    try:
        header = jwt.get_unverified_header(raw)
    except jwt.PyJWTError as exc:
        raise TokenInvalid(f"not a JWT: {exc}") from None
    if header.get("alg") != "RS256":
        raise TokenInvalid(f"signed with {header.get('alg')}, not RS256")
    key = next((k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if key is None:
        raise TokenInvalid(
            f"signed with key {header.get('kid')!r}, which the key set lacks", key_missing=True
        )
    try:
        claims: dict[str, Any] = jwt.decode(
            raw,
            jwt.PyJWK(key).key,
            algorithms=["RS256"],
            issuer=issuer,
            options={"verify_aud": False},
        )
    except jwt.PyJWTError as exc:
        raise TokenInvalid(str(exc)) from None
    return claims
