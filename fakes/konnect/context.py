"""What every route module shares: the state, ids, clock, the DCR client and body parsing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.routing import json_body
from dcr_harness.fakes.konnect.dcr import OktaDcr
from dcr_harness.fakes.konnect.errors import KonnectError, bad_request, not_found
from dcr_harness.fakes.konnect.state import KonnectState


@dataclass
class Context:
    state: KonnectState
    ids: IdFactory
    clock: Clock
    dcr: OktaDcr
    portal_id: str | None = None  # the portal served on portal_url, once seeded

    def now(self) -> str:
        return self.clock.iso()


def body_of(request: httpx.Request) -> dict[str, Any]:
    """The JSON object in the request; anything else is Konnect's 400."""
    try:
        body = json_body(request)
    except (ValueError, UnicodeDecodeError):
        raise bad_request(
            [
                {
                    "field": "body",
                    "rule": "is_object",
                    "reason": "request body must be valid JSON",
                    "source": "body",
                }
            ],
            detail="Invalid JSON body",
        ) from None
    if not isinstance(body, dict):
        raise bad_request(
            [
                {
                    "field": "body",
                    "rule": "is_object",
                    "reason": "request body must be an object",
                    "source": "body",
                }
            ]
        )
    return body


def json_response(status: int, body: Any) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


def no_content() -> httpx.Response:
    return httpx.Response(204)


def lookup(table: Mapping[Any, Any], key: Any) -> Any:
    """The entity with this id, or Konnect's 404 (also for ids that are not UUIDs)."""
    if key not in table:
        raise not_found()
    return table[key]


def ensure(condition: bool, error: KonnectError) -> None:
    if not condition:
        raise error
