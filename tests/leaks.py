"""What a leaked access token looks like in a report: a JWT, three base64url parts joined by
dots. A bare ``eyJ`` is not one: it turns up by chance in random values a report shows, such as
a key's modulus or a session id."""

from __future__ import annotations

import re

_JWT = re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*")


def tokens_in(text: str) -> list[str]:
    return _JWT.findall(text)
