"""The contract checks that every other test relies on do fail when a fake answers wrong."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes.okta.contract import check

HEADERS = {
    "X-Okta-Request-Id": "r",
    "Date": "Fri, 27 Nov 2026 00:00:00 GMT",
    "X-Rate-Limit-Limit": "600",
    "X-Rate-Limit-Remaining": "599",
    "X-Rate-Limit-Reset": "1795000060",
}


def servers() -> httpx.Request:
    return httpx.Request("GET", "https://o.example/api/v1/authorizationServers")


def answer(status: int, body: object, headers: dict[str, str] = HEADERS) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers, request=servers())


def test_an_undocumented_status_fails() -> None:
    with pytest.raises(AssertionError, match="does not document"):
        check(servers(), answer(418, {"errorCode": "E0000009"}))


def test_a_body_off_the_schema_fails() -> None:
    with pytest.raises(Exception, match=r"not of type|api://default"):
        check(servers(), answer(200, [{"id": "default", "audiences": "api://default"}]))


def test_an_error_text_off_the_catalogue_fails() -> None:
    body = {"errorCode": "E0000005", "errorSummary": "Session expired", "errorCauses": []}
    with pytest.raises(AssertionError, match="catalogue"):
        check(servers(), answer(403, body))


def test_missing_okta_headers_fail() -> None:
    with pytest.raises(AssertionError):
        check(servers(), answer(200, [], headers={"Date": HEADERS["Date"]}))
