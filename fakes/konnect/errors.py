"""Typed errors of fake Konnect and the ONE place they become Konnect's problem+json bodies.

Admin hosts write ``instance`` as ``kong:trace:<digits>``; the Dev Portal writes
``konnect:trace:<digits>``, as the two specs' examples do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"


@dataclass
class KonnectError(Exception):
    """An error answer: status, title and detail as Konnect writes them."""

    status: int
    title: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"


def bad_request(
    invalid_parameters: list[dict[str, Any]], detail: str = "Invalid Parameters"
) -> KonnectError:
    return KonnectError(400, "Invalid Request", detail, {"invalid_parameters": invalid_parameters})


def invalid(field_name: str, rule: str, reason: str, source: str = "body") -> KonnectError:
    return bad_request([{"field": field_name, "rule": rule, "reason": reason, "source": source}])


def unauthorized(title: str = "Unauthorized", detail: str = "Unauthorized") -> KonnectError:
    return KonnectError(401, title, detail)


def forbidden(detail: str = "You do not have permission to perform this action") -> KonnectError:
    return KonnectError(403, "Forbidden", detail)


def not_found(detail: str = "Not Found") -> KonnectError:
    return KonnectError(404, "Not Found", detail)


def method_not_allowed() -> KonnectError:
    return KonnectError(405, "Method Not Allowed", "Method Not Allowed")


def conflict(detail: str) -> KonnectError:
    return KonnectError(409, "Conflict", detail)


def problem_response(error: KonnectError, trace: str) -> httpx.Response:
    body: dict[str, Any] = {
        "status": error.status,
        "title": error.title,
        "instance": trace,
        "detail": error.detail,
        **error.extra,
    }
    headers = {"Content-Type": PROBLEM_JSON, **error.headers}
    return httpx.Response(error.status, content=json.dumps(body).encode(), headers=headers)
