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


def verify_access_token(
    raw: str, jwks: dict[str, Any], issuer: str, now: float | None = None
) -> dict[str, Any]:
    """The token's claims once its signature, issuer and expiry check out; ``now`` is the
    issuer's time (the fakes' clock in process), the machine's when None."""
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
            options={
                "verify_aud": False,
                "verify_exp": now is None,
                "verify_iat": now is None,
                "verify_nbf": now is None,
            },
        )
    except jwt.PyJWTError as exc:
        raise TokenInvalid(str(exc)) from None
    if now is not None:
        _check_times(claims, now)
    return claims


def _check_times(claims: dict[str, Any], now: float) -> None:
    """PyJWT's own time checks, against ``now``."""
    exp = claims.get("exp")
    if isinstance(exp, int | float) and now >= exp:
        raise TokenInvalid("Signature has expired")
    for claim in ("iat", "nbf"):
        value = claims.get(claim)
        if isinstance(value, int | float) and value > now:
            raise TokenInvalid(f"The token is not yet valid ({claim})")
