"""A small, safe subset of the Okta Expression Language for claim values.

Supported: ``app.clientId``, ``app.clientName`` [I], string literals in single or double quotes,
and the system ``sub`` expression ``(appuser != null) ? appuser.userName : app.clientId`` (which
is the client id for client_credentials, as there is no user). Anything else is refused when the
claim is created, so a token is never minted with a silently wrong value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dcr_harness.fakes.okta.models import SUB_CLAIM_EXPRESSION

_LITERAL = re.compile(r"""^\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*$""")


@dataclass(frozen=True)
class AppContext:
    client_id: str
    client_name: str


def is_supported(expression: str) -> bool:
    return _evaluate(expression, AppContext("", "")) is not None


def evaluate(expression: str, app: AppContext) -> str:
    """The value of a supported expression; ``ValueError`` for any other."""
    value = _evaluate(expression, app)
    if value is None:
        raise ValueError(f"fake Okta does not evaluate the expression {expression!r}")
    return value


def _evaluate(expression: str, app: AppContext) -> str | None:
    text = expression.strip()
    if text in ("app.clientId", SUB_CLAIM_EXPRESSION):
        return app.client_id
    if text == "app.clientName":
        return app.client_name
    literal = _LITERAL.match(text)
    if literal:
        return literal.group(1) if literal.group(1) is not None else literal.group(2)
    return None
