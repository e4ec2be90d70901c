"""An exchange as a person reads it: in full for Allure and the HTML report, in short for the
terminal and JUnit, and as a curl command whose secrets are environment variable references."""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import json
import re
import shlex
from http import HTTPStatus

from dcr_harness._core.redaction import REDACTOR
from dcr_harness._evidence.exchanges import BODY_LIMIT, Exchange

# Headers curl writes itself, or that say nothing about the call.
_CURL_SKIPS = {"host", "content-length", "accept-encoding", "connection", "user-agent"}
_VARIABLE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")
SHORT_BODY = 200


@functools.cache
def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# An exchange is rendered when its step ends (for Allure) and again for the HTML report: once.
@functools.lru_cache(maxsize=4096)
def headline(exchange: Exchange) -> str:
    """``POST https://host/path → 401 Unauthorized (12 ms)``, redacted."""
    answer = (
        f"{exchange.status} {reason(exchange.status)}".rstrip()
        if exchange.status is not None
        else f"no answer: {exchange.error}"
    )
    millis = exchange.seconds * 1000
    return REDACTOR.redact(f"{exchange.method} {exchange.url} → {answer} ({millis:.0f} ms)")


@functools.lru_cache(maxsize=4096)
def full_text(exchange: Exchange) -> str:
    """Request and response with headers and bodies, then the curl command; redacted."""
    path = exchange.target.split(" ", 1)[1]
    lines = [headline(exchange), "", f"> {exchange.method} {path} HTTP/1.1"]
    lines += [f"> {name}: {value}" for name, value in exchange.request_headers]
    lines += [">", *_quoted(">", _body_text(exchange.request_body, redacted_whole=True)), ""]
    if exchange.status is not None:
        lines.append(f"< HTTP/1.1 {exchange.status} {reason(exchange.status)}".rstrip())
        lines += [f"< {name}: {value}" for name, value in exchange.response_headers]
        lines += ["<", *_quoted("<", _body_text(exchange.response_body, redacted_whole=True)), ""]
    lines += ["Reproduce with:", curl(exchange)]
    return REDACTOR.redact("\n".join(lines))


def short_text(exchange: Exchange, indent: str = "  ") -> str:
    """Two to three lines: the headline, the start of the response body, the curl command."""
    lines = [headline(exchange)]
    body = _body_text(exchange.response_body, pretty=False)
    if body:
        cut = body if len(body) <= SHORT_BODY else body[:SHORT_BODY] + " …"
        lines.append(f"{indent}answer: {cut}")
    lines.append(f"{indent}{curl(exchange)}")
    return "\n".join(lines)


def curl(exchange: Exchange) -> str:
    """A one-line curl command sending the same request; every secret is a ``${VARIABLE}``
    reference (``OKTA_API_TOKEN``, ``KONNECT_PAT``, ``CLIENT_SECRET``, ...)."""
    parts = ["curl", "-sS", "-i", "-X", exchange.method, _shell(exchange.url)]
    for name, value in exchange.request_headers:
        lowered = name.lower()
        if lowered in _CURL_SKIPS or (lowered == "accept" and value == "*/*"):
            continue
        basic = _basic_pair(value) if lowered == "authorization" else None
        if basic is not None:
            parts += ["-u", _shell(basic)]
        else:
            parts += ["-H", _shell(f"{name}: {value}")]
    if exchange.request_body:
        parts += ["--data-raw", _shell(exchange.request_body.decode("utf-8", "replace"))]
    return " ".join(parts)


def _basic_pair(value: str) -> str | None:
    """``client_id:${CLIENT_SECRET}`` from a well-formed Basic header, for ``curl -u``."""
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        pair = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return pair if ":" in pair else None


def _shell(text: str) -> str:
    """``text`` quoted for a POSIX shell, with its ``${VARIABLE}`` references left to expand
    and every unnamed secret masked."""
    text = REDACTOR.as_variables(text)
    pieces: list[str] = []
    position = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > position:
            pieces.append(shlex.quote(text[position : match.start()]))
        pieces.append(f'"{match.group()}"')
        position = match.end()
    if position < len(text) or not pieces:
        pieces.append(shlex.quote(text[position:]))
    return "".join(pieces)


def _body_text(body: bytes, pretty: bool = True, redacted_whole: bool = False) -> str:
    """The body as text, redacted whole before it is cut (a cut secret no longer matches).
    ``redacted_whole``: the caller redacts the text it puts the body in, so a body short enough
    to keep whole is left to that."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace")
    if pretty:
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    if len(text) <= BODY_LIMIT:
        return text if redacted_whole else REDACTOR.redact(text)
    text = REDACTOR.redact(text)
    if len(text) > BODY_LIMIT:
        text = text[:BODY_LIMIT] + f"\n… ({len(text) - BODY_LIMIT} more characters)"
    return text


def _quoted(mark: str, text: str) -> list[str]:
    return [f"{mark} {line}" for line in text.splitlines()]
