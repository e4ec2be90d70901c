"""Secrets never leave: every secret the run knows is replaced before text is logged or reported."""

from __future__ import annotations

import base64
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

MASK = "[REDACTED]"
_MIN_LENGTH = 6

# Credentials the run may see without ever being told they are secrets: a token the data plane
# minted and the upstream echoed, a header value quoted in a vendor's answer. Each pattern comes
# with the literals every match of it contains: a text holding none of them is not searched, which
# spares most texts the regular expressions' character-by-character scan.
_CREDENTIAL_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+"), ("eyJ",)),  # JWTs: access and ID tokens
    # header values; "Basic CLIENT_ID:CLIENT_SECRET", a placeholder in capitals, is not one
    (
        re.compile(r"\b((?:Bearer|Basic|SSWS)\s*)(?![A-Z_:]+\b)[\w.~+/=:%-]{16,}"),
        ("Bearer", "Basic", "SSWS"),
    ),
    (re.compile(r"\b[ks]pat_[A-Za-z0-9_-]{10,}"), ("pat_",)),  # Konnect PATs
    (re.compile(r"(?<![\w-])00[A-Za-z0-9_-]{40}(?![\w-])"), ("00",)),  # Okta API tokens
    (
        re.compile(
            r"((?:client_secret|password|dcr_token|api_token)[\"']?\s*[:=]\s*[\"']?)(?!\$\{)"
            r"[^\s\"'&,}]{6,}"
        ),
        ("client_secret", "password", "dcr_token", "api_token"),
    ),
)


def _masked(match: re.Match[str]) -> str:
    """The match masked, keeping its first group (the header scheme or field name) if any."""
    return (match.group(1) if match.groups() else "") + MASK


class Redactor:
    """A registry of secret values; ``redact`` replaces each of them in a text, and
    ``as_variables`` writes the named ones as references to their environment variables."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._variables: dict[str, str] = {}
        self._lock = threading.Lock()
        # longest first, so a secret containing another is replaced whole; None: sort again
        self._longest_first: tuple[str, ...] | None = ()
        self._named_longest_first: tuple[tuple[str, str], ...] | None = ()
        self._sessions: list[_Session] = []

    def add(self, secret: str | None, variable: str | None = None) -> None:
        """The secret and the forms it travels in: percent-encoded and base64 (with and
        without padding). ``variable`` names the environment variable a person would hold it
        in; the first name given for a value stays."""
        if secret and len(secret) >= _MIN_LENGTH:
            encoded = base64.b64encode(secret.encode()).decode("ascii")
            quoted = quote(secret, safe="")
            forms = {secret, quoted, encoded, encoded.rstrip("=")}
            with self._lock:
                new = forms - self._secrets
                self._secrets.update(new)
                self._longest_first = None
                named: list[str] = []
                if variable:
                    named = [v for v in (secret, quoted) if v not in self._variables]
                    for value in named:
                        self._variables[value] = variable
                    self._named_longest_first = None
                if self._sessions:
                    self._sessions[-1].secrets.update(new)
                    self._sessions[-1].variables.update(named)

    def session(self) -> Callable[[], None]:
        """Opens a session; the function returned ends it, forgetting the secrets first added
        in it. A process that runs many suites (a test session, a tool embedding the harness)
        then holds only the running suite's secrets, and a redaction costs what it did in its
        first run, instead of growing with every secret of every run before."""
        opened = _Session(set(), set())
        with self._lock:
            self._sessions.append(opened)

        def end() -> None:
            with self._lock:
                self._sessions.remove(opened)
                self._secrets -= opened.secrets
                for value in opened.variables:
                    self._variables.pop(value, None)
                self._longest_first = self._named_longest_first = None

        return end

    def as_variables(self, text: str) -> str:
        """``text`` with every named secret written ``${VARIABLE}``, then redacted."""
        with self._lock:
            named = self._named_longest_first
            if named is None:
                ordered = sorted(self._variables.items(), key=lambda i: len(i[0]), reverse=True)
                named = self._named_longest_first = tuple(ordered)
        for secret, variable in named:
            text = text.replace(secret, "${" + variable + "}")
        return self.redact(text)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = self._longest_first
            if secrets is None:
                secrets = self._longest_first = tuple(sorted(self._secrets, key=len, reverse=True))
        for secret in secrets:
            text = text.replace(secret, MASK)
        for pattern, literals in _CREDENTIAL_PATTERNS:
            if any(literal in text for literal in literals):
                text = pattern.sub(_masked, text)
        return text


@dataclass(frozen=True, eq=False)  # sessions are told apart by identity
class _Session:
    secrets: set[str]
    variables: set[str]


REDACTOR = Redactor()


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message, and the text of its exception, rendered and masked."""
    record.msg = REDACTOR.redact(record.getMessage())
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = REDACTOR.redact(logging.Formatter().formatException(record.exc_info))
    return record


class RedactingFilter(logging.Filter):
    """Logging filter that renders the record's message and masks every known secret in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def redact_every_record() -> None:
    """Every record of every logger is masked where it is made, so every handler (pytest's
    capture, a team's file handler) sees only masked text: a filter on one logger would miss
    the records of its children."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacting", False):
        return

    def masked(*args: object, **kwargs: object) -> logging.LogRecord:
        return redact_record(factory(*args, **kwargs))

    masked.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
