"""RSA signing keys: a process-wide pool (each key is generated once per process and reused by
every fake and every reset), per-server key rings, JWKS and RS256 signing.

Kids are RFC 7638 thumbprints (43 base64url characters, like Okta's).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from dcr_harness.fakes.kit.exclusive import stepped_out

ORG_KEY_INDEX = 0
"""Pool index of the org authorization server's key; custom servers take 1, 2, ..."""
FIRST_SERVER_KEY_INDEX = ORG_KEY_INDEX + 1
"""The key of the org's first custom server (``default``): the one the how-to's tokens use."""


@dataclass(frozen=True)
class SigningKey:
    index: int
    private_key: rsa.RSAPrivateKey
    kid: str
    n: str
    e: str

    def public_jwk(self) -> dict[str, str]:
        return {
            "kty": "RSA",
            "alg": "RS256",
            "kid": self.kid,
            "use": "sig",
            "e": self.e,
            "n": self.n,
        }


_POOL: dict[int, SigningKey] = {}
_AHEAD: dict[int, threading.Thread] = {}  # keys being generated ahead of their first use
_POOL_LOCK = threading.Lock()


def pool_key(index: int) -> SigningKey:
    """The process's ``index``-th key; generated on first use only."""
    with _POOL_LOCK:
        key = _POOL.get(index)
        ahead = _AHEAD.get(index) if key is None else None
        if key is None and ahead is None:
            key = _POOL[index] = _generate(index)
    if ahead is None:
        assert key is not None
        return key
    ahead.join()
    return pool_key(index)  # made by then, or generated here if the thread failed


def generate_ahead(index: int) -> None:
    """Start generating the ``index``-th key in a thread, so that its first use finds it made:
    OpenSSL releases the GIL while it searches for primes (most of a run's first token)."""
    with _POOL_LOCK:
        if index in _POOL or index in _AHEAD:
            return
        thread = _AHEAD[index] = threading.Thread(
            target=_generated_ahead, args=(index,), name=f"fake-okta-key-{index}", daemon=True
        )
        thread.start()  # under the lock: a first use must never join a thread not started


def _generated_ahead(index: int) -> None:
    try:
        key = _generate(index)
        with _POOL_LOCK:
            _POOL.setdefault(index, key)
    finally:
        with _POOL_LOCK:
            del _AHEAD[index]


def _generate(index: int) -> SigningKey:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = private_key.public_key().public_numbers()
    n = _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big"))
    e = _b64(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big"))
    thumbprint = json.dumps({"e": e, "kty": "RSA", "n": n}, separators=(",", ":"), sort_keys=True)
    kid = _b64(hashlib.sha256(thumbprint.encode()).digest())
    return SigningKey(index, private_key, kid, n, e)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class KeyRing:
    """A server's keys: the active signing key first, then older keys that still verify.

    ``rotate`` makes a new key active and keeps the old one published (Okta keeps the previous
    key in the JWKS so tokens it signed still verify); ``retire`` drops every non-active key.
    """

    indexes: list[int] = field(default_factory=list)
    last_rotated: float = 0.0

    @property
    def active(self) -> SigningKey:
        return pool_key(self.indexes[0])

    def keys(self) -> list[SigningKey]:
        return [pool_key(index) for index in self.indexes]

    def rotate(self, new_index: int, now: float) -> SigningKey:
        self.indexes.insert(0, new_index)
        self.last_rotated = now
        return self.active

    def retire(self) -> None:
        del self.indexes[1:]

    def find(self, kid: str) -> SigningKey | None:
        return next((key for key in self.keys() if key.kid == kid), None)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk() for key in self.keys()]}

    def sign(self, claims: dict[str, Any]) -> str:
        """RS256 with a header of ``kid`` and ``alg`` only, as Okta's access tokens have."""
        key = self.active
        with stepped_out():  # pure, and most of a token request: others go on meanwhile
            return jwt.encode(
                claims, key.private_key, algorithm="RS256", headers={"kid": key.kid, "typ": None}
            )

    def verify(self, token: str) -> dict[str, Any] | None:
        """The token's claims when one of the ring's keys signed it (expiry is not checked)."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            return None
        key = self.find(str(kid)) if kid else None
        if key is None:
            return None
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.private_key.public_key(),
                algorithms=["RS256"],
                options={"verify_exp": False, "verify_aud": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            return None
        return claims
