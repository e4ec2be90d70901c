"""Children of the org's tables (servers, scopes, claims, policies, rules, clients, API tokens)
by id, with Okta's 404 E0000007 ``Resource not found: <id> (<Kind>)`` for an unknown id."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import TypeVar

from dcr_harness.fakes.okta import errors

T = TypeVar("T")


def get(table: Mapping[str, T], key: str, kind: str) -> T:
    """``table[key]``, or 404 E0000007 naming ``key`` and ``kind``."""
    item = table.get(key)
    if item is None:
        raise errors.not_found(key, kind)
    return item


def pop(table: MutableMapping[str, T], key: str, kind: str) -> T:
    """Remove and return ``table[key]``, or 404 E0000007 naming ``key`` and ``kind``."""
    item = get(table, key, kind)
    del table[key]
    return item
