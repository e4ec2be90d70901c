"""Typed errors of the harness clients; messages are redacted and name the vendor's own codes."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness._core.redaction import REDACTOR


class VendorError(Exception):
    """A vendor answered a request with an error status."""

    def __init__(self, service: str, response: httpx.Response) -> None:
        self.service = service
        self.status = response.status_code
        self.method = response.request.method
        self.path = response.request.url.path
        self.headers = response.headers
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        self.code, self.summary = _code_and_summary(self.body)
        super().__init__(
            REDACTOR.redact(
                f"{service} answered {self.status} to {self.method} {self.path}: "
                f"{self.code or ''} {self.summary or ''}".strip()
            )
        )


class Unreachable(Exception):
    """A host could not be reached at all."""

    def __init__(self, service: str, url: str, reason: str) -> None:
        super().__init__(
            REDACTOR.redact(
                f"{service} at {url} is unreachable ({reason}): check the URL in the "
                "configuration and that the host is up"
            )
        )


def _code_and_summary(body: Any) -> tuple[str | None, str | None]:
    """The error identity in each vendor dialect: Okta management (errorCode/errorSummary),
    OAuth (error/error_description), Konnect problem+json (title/detail), Kong (message)."""
    if not isinstance(body, dict):
        return None, str(body)[:200] or None
    for code_key, summary_key in (
        ("errorCode", "errorSummary"),
        ("error", "error_description"),
        ("title", "detail"),
    ):
        if code_key in body:
            return str(body[code_key]), _optional_str(body.get(summary_key))
    if "message" in body:
        return None, str(body["message"])
    return None, None


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)
