"""HTTP plumbing shared by fake Okta's routes: JSON and form parsing, responses, pagination."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode

import httpx

from dcr_harness.fakes.kit.ordered import OrderedTable
from dcr_harness.fakes.kit.routing import json_body
from dcr_harness.fakes.okta import errors

T = TypeVar("T")


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": errors.JSON, **(headers or {})},
    )


def no_content() -> httpx.Response:
    return httpx.Response(204)


def json_object(request: httpx.Request) -> dict[str, Any]:
    """The request's JSON object; 400 E0000003 when the body is not a JSON object."""
    try:
        body = json_body(request)
    except ValueError as exc:
        raise errors.malformed_body() from exc
    if not isinstance(body, dict):
        raise errors.malformed_body()
    return body


def form(request: httpx.Request) -> dict[str, str]:
    """The url-encoded form body (first value of each field, blank values kept)."""
    parsed = parse_qs(request.content.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


def query(request: httpx.Request, name: str) -> str | None:
    value: str | None = request.url.params.get(name)
    return value


def paginate(
    request: httpx.Request,
    items: Sequence[T],
    item_id: Callable[[T], str],
    *,
    default_limit: int,
    max_limit: int = 200,
) -> tuple[list[T], list[tuple[str, str]]]:
    """A page by Okta's cursor rules (``after`` = the last id of the previous page) and the
    ``Link`` headers: one ``rel="self"`` and, when more remain, one ``rel="next"``."""

    def after(cursor: str | None) -> Iterator[T]:
        start = 0
        if cursor:
            ids = [item_id(item) for item in items]
            start = ids.index(cursor) + 1 if cursor in ids else len(items)
        return iter(items[start:])

    return _cursor_page(request, after, item_id, default_limit, max_limit)


def paginate_table(
    request: httpx.Request,
    table: OrderedTable[T],
    matches: Callable[[T], bool],
    item_id: Callable[[T], str],
    *,
    default_limit: int,
    max_limit: int = 200,
) -> tuple[list[T], list[tuple[str, str]]]:
    """``paginate`` over a table that resumes after the cursor without a scan: a page costs
    its own items (and those ``matches`` skips), whatever the table's size."""

    def after(cursor: str | None) -> Iterator[T]:
        return (item for item in table.after(cursor or None) if matches(item))

    return _cursor_page(request, after, item_id, default_limit, max_limit)


def _cursor_page(
    request: httpx.Request,
    after: Callable[[str | None], Iterator[T]],
    item_id: Callable[[T], str],
    default_limit: int,
    max_limit: int,
) -> tuple[list[T], list[tuple[str, str]]]:
    raw_limit = query(request, "limit")
    try:
        limit = int(raw_limit) if raw_limit is not None else default_limit
    except ValueError as exc:
        raise errors.validation_failed("limit", "The value must be a number.") from exc
    if limit < 1:
        limit = default_limit
    limit = min(limit, max_limit)
    remaining = after(query(request, "after"))
    page = list(itertools.islice(remaining, limit))
    more = next(remaining, None) is not None
    base = str(request.url.copy_with(query=None))
    params = {k: v for k, v in request.url.params.items() if k != "after"}
    links = [("Link", f'<{_with_query(base, params)}>; rel="self"')]
    if more and page:
        params_next = {**params, "after": item_id(page[-1]), "limit": str(limit)}
        links.append(("Link", f'<{_with_query(base, params_next)}>; rel="next"'))
    return page, links


def _with_query(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}" if params else base


def list_response(page: list[Any], links: list[tuple[str, str]]) -> httpx.Response:
    """200 with the page and one ``Link`` header per relation."""
    headers = [("Content-Type", errors.JSON), *links]
    return httpx.Response(200, content=json.dumps(page).encode(), headers=headers)
