"""Validate every response the tests' Konnect clients receive, not only the ones a test names.

Each admin and Dev Portal client of the fixtures (``serving.ServedKonnect.client``) carries this
response hook: the request's path is matched to the operation of the spec that serves it, the
status must be documented for that operation and the body must match its schema
(``spec_compat`` patches for the two self-contradicting specs). Requests no operation matches
(unknown paths, methods a path does not have: the fake's 404/405) are not validated. A status the
spec does not document fails the test, unless it is a deliberate deviation listed in
``UNDOCUMENTED`` with its reason.
"""

from __future__ import annotations

import re
from functools import cache

import httpx

from tests import spec_check
from tests.fakes.konnect.spec_compat import assert_patched_conforms

# (path prefix of the fake, spec, prefix the spec's server URL adds to its paths)
_SPECS = (
    ("/v2/portals", "konnect-portal-management-v2", "/v2"),
    ("/api/v2/", "konnect-portal-v2", ""),
    ("/v2/", "konnect-auth-strategies", "/v2"),
    ("/v3/apis", "konnect-api-builder-v3", "/v3"),
    ("/v3/portals", "konnect-portal-management-v3", "/v3"),
    ("/api/v3/", "konnect-portal-v3", ""),
)
_PATCHED = {
    "konnect-portal-v3",
    "konnect-portal-v2",
    "konnect-portal-management-v3",
    "konnect-portal-management-v2",
}

UNDOCUMENTED: dict[tuple[str, str, int], str] = {
    ("DELETE", "/dcr-providers/{dcrProviderId}", 409): (
        "a provider still referenced by an auth strategy: the spec lists no 409 and real "
        "Konnect's answer is unknown (research section 9); the fake refuses, as it does for a "
        "strategy in use, rather than leave a strategy with a dangling provider"
    ),
    ("PUT", "/application-auth-strategies/{authStrategyId}", 404): (
        "replacing an unknown strategy: the spec documents no 404 for PUT but does not say PUT "
        "creates either; the fake answers 404 as GET, PATCH and DELETE do rather than create "
        "an entity under a client-chosen id"
    ),
    ("POST", "/dcr-providers", 429): (
        "Too Many Requests from the fault plan: Konnect documents no 429 for the admin API, "
        "but kongctl retries on it (research section 1, rate limiting)"
    ),
    ("GET", "/api/v3/applications", 429): (
        "Too Many Requests from the fault plan: the portal spec documents 429 only on DELETE "
        "of an application"
    ),
    ("POST", "/api/v3/developer", 404): (
        "no portal seeded on the portal's URL: a host Konnect would not serve at all"
    ),
}


@cache
def _operations(spec: str) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
    raw = spec_check.load_spec(spec).raw_schema
    table = []
    for template, item in raw["paths"].items():
        regex = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        methods = frozenset(
            m.upper() for m in item if m in ("get", "post", "put", "patch", "delete")
        )
        table.append((re.compile(f"^{regex}$"), template, methods))
    table.sort(key=lambda row: row[1].count("{"))  # literal segments win over parameters
    return table


def operation_of(method: str, path: str) -> tuple[str, str] | None:
    """The spec and the spec's path template of this request, or None."""
    for prefix, spec, server_prefix in _SPECS:
        if not path.startswith(prefix):
            continue
        relative = path.removeprefix(server_prefix)
        for pattern, template, methods in _operations(spec):
            if method in methods and pattern.match(relative):
                return spec, template
        return None
    return None


def validate(response: httpx.Response) -> None:
    response.read()
    request = response.request
    found = operation_of(request.method, request.url.path)
    if found is None:
        return
    spec, template = found
    if (request.method, template, response.status_code) in UNDOCUMENTED:
        return
    if spec in _PATCHED:
        assert_patched_conforms(spec, request.method, template, response)
    else:
        spec_check.assert_conforms(spec, request.method, template, response)
