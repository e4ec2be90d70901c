"""List endpoints: ``page[size]``/``page[number]``, ``filter[field][op]`` and ``sort``.

Choices (not documented, research §1/§9): the default page size is 10 (kongctl's default), the
largest 100; a page past the end is empty. Filter operators are ``eq`` (the bare
``filter[x]=v`` form too), ``neq``, ``contains``, ``ocontains`` and ``oeq`` (comma lists).
An unknown filter field or sort key is a 400 with ``source: query``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import httpx

from dcr_harness.fakes.konnect.errors import invalid

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
_FILTER = re.compile(r"^filter\[(\w+)\](?:\[(\w+)\])?$")
_OPS = ("eq", "neq", "contains", "ocontains", "oeq")


def _page_param(request: httpx.Request, name: str, default: int) -> int:
    raw = request.url.params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, "is_integer", f"{name} must be an integer", "query") from None
    if value < 1:
        raise invalid(name, "invalid", f"{name} must be at least 1", "query")
    return value


def _matches(value: str | None, op: str, wanted: str) -> bool:
    text = value or ""
    if op == "eq":
        return text == wanted
    if op == "neq":
        return text != wanted
    if op == "contains":
        return wanted in text
    if op == "oeq":
        return text in wanted.split(",")
    return any(part in text for part in wanted.split(","))


def _sort_key(fields: Callable[[T], dict[str, str | None]], name: str) -> Callable[[T], str]:
    return lambda item: fields(item).get(name) or ""


def page(
    request: httpx.Request,
    items: Sequence[T],
    fields: Callable[[T], dict[str, str | None]],
    render: Callable[[T], dict[str, Any]],
    sortable: Sequence[str] = (),
) -> dict[str, Any]:
    """Filter, sort and page ``items``; ``fields`` gives each item's filterable/sortable values."""
    selected = list(items)
    for key, wanted in request.url.params.multi_items():
        match = _FILTER.match(key)
        if match is None:
            continue
        name, op = match.group(1), match.group(2) or "eq"
        if op not in _OPS:
            raise invalid(key, "enum", f"{key}: unknown operator {op}", "query")
        if selected and name not in fields(selected[0]):
            raise invalid(key, "invalid", f"{key}: {name} cannot be filtered on", "query")
        selected = [item for item in selected if _matches(fields(item).get(name), op, wanted)]
    sort = request.url.params.get("sort")
    if sort:
        for key in reversed(sort.split(",")):
            name = key.strip().lstrip("-")
            if name not in sortable:
                raise invalid("sort", "invalid", f"sort: {name} is not a sortable field", "query")
            selected.sort(key=_sort_key(fields, name), reverse=key.strip().startswith("-"))
    size = min(_page_param(request, "page[size]", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    number = _page_param(request, "page[number]", 1)
    window = selected[(number - 1) * size : number * size]
    return {
        "data": [render(item) for item in window],
        "meta": {"page": {"number": number, "size": size, "total": len(selected)}},
    }
