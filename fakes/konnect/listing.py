"""List endpoints: ``page[size]``/``page[number]``, ``filter[field][op]`` and ``sort``.

Choices (not documented, research §1/§9): the default page size is 10 (kongctl's default), the
largest 100; a page past the end is empty. Filter operators are ``eq`` (the bare
``filter[x]=v`` form too), ``neq``, ``contains``, ``ocontains`` and ``oeq`` (comma lists).
An unknown filter field or operator, sort key or enum value is a 400 with ``source: query``,
``rule: enum`` and the ``choices``, the same for an empty list. ``sort`` takes ``field``,
``-field``, ``field asc`` and ``field desc``, comma-separated. Each list's filters are the ones
its spec documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from dcr_harness.fakes.konnect.errors import KonnectError, bad_request, invalid

T = TypeVar("T")
# each filterable field of a listed item, by name, with the getter of its value
Fields = Mapping[str, Callable[[T], str | None]]

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


def _sort_key(fields: Fields[T], name: str) -> Callable[[T], str]:
    getter = fields[name]
    return lambda item: getter(item) or ""


def _sort_keys(sort: str, sortable: Sequence[str]) -> list[tuple[str, bool]]:
    """``sort``'s keys in order, each ``(field, descending)``: ``field``, ``-field``,
    ``field asc`` and ``field desc``, comma-separated."""
    keys = []
    for part in sort.split(","):
        words = part.split()
        name = words[0].lstrip("-") if words else ""
        direction = words[1].lower() if len(words) == 2 else None
        descending = bool(words) and words[0].startswith("-")
        if len(words) > 2 or direction not in (None, "asc", "desc") or (descending and direction):
            raise invalid(
                "sort", "invalid", f"sort: {part.strip()!r} is not field[ asc|desc]", "query"
            )
        if name not in sortable:
            raise _choices("sort", f"sort: {name} is not a sortable field", sortable)
        keys.append((name, descending or direction == "desc"))
    return keys


def _choices(field: str, reason: str, choices: Sequence[str]) -> KonnectError:
    entry = {"field": field, "rule": "enum", "reason": reason, "source": "query"}
    return bad_request([{**entry, "choices": list(choices)}])


def page(
    request: httpx.Request,
    items: Sequence[T],
    fields: Fields[T],
    render: Callable[[T], dict[str, Any]],
    sortable: Sequence[str] = (),
    values: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Filter, sort and page ``items``. ``fields`` names each filterable field with its getter,
    so filters are checked the same way whether ``items`` is empty or not; ``values`` lists the
    allowed values of the fields that are enums (a filter on another value is a 400)."""
    selected: Sequence[T] = items
    for key, wanted in request.url.params.multi_items():
        match = _FILTER.match(key)
        if match is None:
            continue
        name, op = match.group(1), match.group(2) or "eq"
        if op not in _OPS:
            raise _choices(key, f"{key}: unknown operator {op}", _OPS)
        if name not in fields:
            raise _choices(key, f"{key}: {name} cannot be filtered on", sorted(fields))
        allowed = (values or {}).get(name)
        if allowed is not None:
            for value in wanted.split(",") if op in ("oeq", "ocontains") else [wanted]:
                if value not in allowed:
                    raise _choices(key, f"{key}: {value!r} is not a {name}", allowed)
        getter = fields[name]
        selected = [item for item in selected if _matches(getter(item), op, wanted)]
    sort = request.url.params.get("sort")
    if sort:
        ordered = list(selected)
        for name, descending in reversed(_sort_keys(sort, sortable)):
            ordered.sort(key=_sort_key(fields, name), reverse=descending)
        selected = ordered
    size = min(_page_param(request, "page[size]", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    number = _page_param(request, "page[number]", 1)
    window = selected[(number - 1) * size : number * size]
    return {
        "data": [render(item) for item in window],
        "meta": {"page": {"number": number, "size": size, "total": len(selected)}},
    }
