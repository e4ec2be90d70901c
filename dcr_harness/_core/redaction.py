"""Secrets never leave: every secret the run knows is replaced before text is logged or reported."""

from __future__ import annotations

import logging
import re
import threading

MASK = "[REDACTED]"
_MIN_LENGTH = 6

# Credentials the run may see without ever being told they are secrets: a token the data plane
# minted and the upstream echoed, a header value quoted in a vendor's answer.
_CREDENTIAL_PATTERNS = (
    re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+"),
    re.compile(r"\b((?:Bearer|Basic|SSWS)\s+)[\w.~+/=:-]{16,}"),
    re.compile(r"\b[ks]pat_[A-Za-z0-9_-]{10,}"),
)


class Redactor:
    """A registry of secret values; ``redact`` replaces each of them in a text."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= _MIN_LENGTH:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        for pattern in _CREDENTIAL_PATTERNS:
            text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
        return text


REDACTOR = Redactor()


class RedactingFilter(logging.Filter):
    """Logging filter that renders the record's message and masks every known secret in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = REDACTOR.redact(record.getMessage())
        record.args = None
        return True
