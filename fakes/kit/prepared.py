"""Answers a served fake can give without building ``httpx`` objects: what the server's
shortcut (``fakes.kit.server``) writes for a request the fake recognises as a repeat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

RequestFactory = Callable[[], httpx.Request]
Shortcut = Callable[[str, str, RequestFactory], "Prepared | None"]
"""``(method, target, make_request)``: the prepared answer, or None for the ordinary path.
``make_request`` builds the request as the ordinary path would, for the fake's records; it may be
called later (it holds what it needs)."""


@dataclass(frozen=True)
class Prepared:
    """A complete answer but for its framing (``Content-Length``, ``Connection``): the
    status and the header lines in order, as the handler's ``httpx.Response`` would carry."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
