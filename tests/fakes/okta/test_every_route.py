"""The errors every Management and DCR operation documents, route by route: 403 E0000005
without ``SSWS``, 429 E0000047 over the rate limit, 404 E0000007 for an unknown resource, and
400 for a body that breaks the rules. Each answer passes through the contract checks of
``contract`` (status documented for that very operation, body schema, catalogue text)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from dcr_harness.fakes.okta import ROUTES, FakeOkta

S = "/api/v1/authorizationServers"
D = f"{S}/default"
P = f"{D}/policies/{{policy}}"
SECRETS = "/api/v1/apps/{app}/credentials/secrets"


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str
    missing: str | None = None
    """The path with an unknown resource id (404), when the route names one."""
    bad_body: dict[str, object] | None = None
    """A body the operation refuses with 400."""


ROUTE_TABLE = (
    Route("servers.list", "GET", S),
    Route("servers.create", "POST", S, bad_body={"audiences": ["api://x"]}),
    Route("servers.get", "GET", D, f"{S}/ausNope"),
    Route("servers.replace", "PUT", D, f"{S}/ausNope", {"name": "x", "audiences": []}),
    Route("servers.delete", "DELETE", f"{S}/{{server}}", f"{S}/ausNope"),
    Route("servers.activate", "POST", f"{D}/lifecycle/activate", f"{S}/ausNope/lifecycle/activate"),
    Route(
        "servers.deactivate",
        "POST",
        f"{D}/lifecycle/deactivate",
        f"{S}/ausNope/lifecycle/deactivate",
    ),
    Route("servers.keys", "GET", f"{D}/credentials/keys", f"{S}/ausNope/credentials/keys"),
    Route("servers.key", "GET", f"{D}/credentials/keys/{{kid}}", f"{D}/credentials/keys/nope"),
    Route(
        "servers.rotate_keys",
        "POST",
        f"{D}/credentials/lifecycle/keyRotate",
        f"{S}/ausNope/credentials/lifecycle/keyRotate",
        {"use": "enc"},
    ),
    Route("scopes.list", "GET", f"{D}/scopes", f"{S}/ausNope/scopes"),
    Route("scopes.create", "POST", f"{D}/scopes", f"{S}/ausNope/scopes", {"name": "okta.x"}),
    Route("scopes.get", "GET", f"{D}/scopes/{{scope}}", f"{D}/scopes/scpNope"),
    Route("scopes.replace", "PUT", f"{D}/scopes/{{scope}}", f"{D}/scopes/scpNope", {"name": "a b"}),
    Route("scopes.delete", "DELETE", f"{D}/scopes/{{scope}}", f"{D}/scopes/scpNope"),
    Route("claims.list", "GET", f"{D}/claims", f"{S}/ausNope/claims"),
    Route("claims.create", "POST", f"{D}/claims", f"{S}/ausNope/claims", {"name": "x"}),
    Route("claims.get", "GET", f"{D}/claims/{{claim}}", f"{D}/claims/oclNope"),
    Route("claims.replace", "PUT", f"{D}/claims/{{claim}}", f"{D}/claims/oclNope", {"value": "1"}),
    Route("claims.delete", "DELETE", f"{D}/claims/{{claim}}", f"{D}/claims/oclNope"),
    Route("policies.list", "GET", f"{D}/policies", f"{S}/ausNope/policies"),
    Route("policies.create", "POST", f"{D}/policies", f"{S}/ausNope/policies", {"name": ""}),
    Route("policies.get", "GET", P, f"{D}/policies/00pNope"),
    Route("policies.replace", "PUT", P, f"{D}/policies/00pNope", {"name": "x"}),
    Route("policies.delete", "DELETE", P, f"{D}/policies/00pNope"),
    Route("policies.activate", "POST", f"{P}/lifecycle/activate", f"{D}/policies/00pNope/lifecycle/activate"),
    Route(
        "policies.deactivate",
        "POST",
        f"{P}/lifecycle/deactivate",
        f"{D}/policies/00pNope/lifecycle/deactivate",
    ),
    Route("rules.list", "GET", f"{P}/rules", f"{D}/policies/00pNope/rules"),
    Route("rules.create", "POST", f"{P}/rules", f"{D}/policies/00pNope/rules", {"name": "x"}),
    Route("rules.get", "GET", f"{P}/rules/{{rule}}", f"{P}/rules/0prNope"),
    Route("rules.replace", "PUT", f"{P}/rules/{{rule}}", f"{P}/rules/0prNope", {"type": "X"}),
    Route("rules.delete", "DELETE", f"{P}/rules/{{rule}}", f"{P}/rules/0prNope"),
    Route("rules.activate", "POST", f"{P}/rules/{{rule}}/lifecycle/activate", f"{P}/rules/0prNope/lifecycle/activate"),
    Route(
        "rules.deactivate",
        "POST",
        f"{P}/rules/{{rule}}/lifecycle/deactivate",
        f"{P}/rules/0prNope/lifecycle/deactivate",
    ),
    Route("apps.list", "GET", "/api/v1/apps"),
    Route("apps.get", "GET", "/api/v1/apps/{app}", "/api/v1/apps/0oaNope"),
    Route("apps.delete", "DELETE", "/api/v1/apps/{app}", "/api/v1/apps/0oaNope"),
    Route("apps.activate", "POST", "/api/v1/apps/{app}/lifecycle/activate", "/api/v1/apps/0oaNope/lifecycle/activate"),
    Route("apps.deactivate", "POST", "/api/v1/apps/{app}/lifecycle/deactivate", "/api/v1/apps/0oaNope/lifecycle/deactivate"),
    Route("apps.secrets.list", "GET", f"{SECRETS}", "/api/v1/apps/0oaNope/credentials/secrets"),
    # the spec documents no 404 for a secret of an unknown app (the fake answers 404 [I])
    Route("apps.secrets.create", "POST", f"{SECRETS}", bad_body={"client_secret": "short"}),
    Route("apps.secrets.get", "GET", f"{SECRETS}/{{secret}}", f"{SECRETS}/ocsNope"),
    Route("apps.secrets.delete", "DELETE", f"{SECRETS}/{{secret}}", f"{SECRETS}/ocsNope"),
    Route("apps.secrets.activate", "POST", f"{SECRETS}/{{secret}}/lifecycle/activate", f"{SECRETS}/ocsNope/lifecycle/activate"),
    Route("apps.secrets.deactivate", "POST", f"{SECRETS}/{{secret}}/lifecycle/deactivate", f"{SECRETS}/ocsNope/lifecycle/deactivate"),
    Route("api_tokens.list", "GET", "/api/v1/api-tokens"),
    Route("api_tokens.get", "GET", "/api/v1/api-tokens/{token}", "/api/v1/api-tokens/00TNope"),
    Route("api_tokens.update", "PUT", "/api/v1/api-tokens/{token}", "/api/v1/api-tokens/00TNope", {"name": ""}),
    Route("api_tokens.revoke", "DELETE", "/api/v1/api-tokens/{token}", "/api/v1/api-tokens/00TNope"),
    Route("api_tokens.revoke_current", "DELETE", "/api/v1/api-tokens/current"),
    Route("dcr.list", "GET", "/oauth2/v1/clients"),
    Route("dcr.create", "POST", "/oauth2/v1/clients", bad_body={"client_name": ""}),
    Route("dcr.get", "GET", "/oauth2/v1/clients/{app}", "/oauth2/v1/clients/0oaNope"),
    Route("dcr.replace", "PUT", "/oauth2/v1/clients/{app}", "/oauth2/v1/clients/0oaNope", {"client_name": " "}),
    Route("dcr.delete", "DELETE", "/oauth2/v1/clients/{app}", "/oauth2/v1/clients/0oaNope"),
    Route(
        "dcr.new_secret",
        "POST",
        "/oauth2/v1/clients/{app}/lifecycle/newSecret",
        "/oauth2/v1/clients/0oaNope/lifecycle/newSecret",
    ),
)  # fmt: skip

BY_NAME = {route.name: route for route in ROUTE_TABLE}


def test_the_table_lists_every_protected_route() -> None:
    protected = {name for name in ROUTES if not name.startswith(("org.", "as."))}
    assert set(BY_NAME) == protected
    assert len(BY_NAME) == len(ROUTE_TABLE)


@pytest.fixture
def ids(okta: FakeOkta) -> dict[str, str]:
    """Existing resources for the ``{placeholders}`` of the table's paths."""
    state = okta.state
    policy = state.add_policy("default", "p")
    client = state.register_client("app")
    return {
        "server": state.add_authorization_server("Other", ["api://other"]).id,
        "kid": state.server("default").keys.active.kid,
        "scope": state.add_scope("default", "portal").id,
        "claim": state.add_claim("default", "c", "app.clientId").id,
        "policy": policy.id,
        "rule": state.add_rule("default", policy.id, "r").id,
        "app": client.client_id,
        "secret": state.add_client_secret(client.client_id, None, "INACTIVE").id,
        "token": next(iter(state.api_tokens)),
    }


def send(http: httpx.Client, route: Route, path: str, **kwargs: object) -> httpx.Response:
    body = kwargs.pop("json", {} if route.method in ("POST", "PUT") else None)
    return http.request(route.method, path, json=body, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(BY_NAME))
def test_no_ssws_is_403_and_over_the_limit_is_429(
    okta: FakeOkta, http: httpx.Client, api: httpx.Client, ids: dict[str, str], name: str
) -> None:
    route = BY_NAME[name]
    path = route.path.format(**ids)

    forbidden = send(http, route, path)
    okta.rate_limit.configure(0)
    limited = send(api, route, path)

    assert (forbidden.status_code, forbidden.json()["errorCode"]) == (403, "E0000005")
    assert (limited.status_code, limited.json()["errorCode"]) == (429, "E0000047")
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"


@pytest.mark.parametrize("name", [r.name for r in ROUTE_TABLE if r.missing])
def test_unknown_resource_is_404_e0000007(
    api: httpx.Client, ids: dict[str, str], name: str
) -> None:
    route = BY_NAME[name]
    assert route.missing is not None
    response = send(api, route, route.missing.format(**ids))
    assert (response.status_code, response.json()["errorCode"]) == (404, "E0000007")
    assert response.json()["errorSummary"].startswith("Not found: Resource not found: ")


@pytest.mark.parametrize("name", [r.name for r in ROUTE_TABLE if r.bad_body is not None])
def test_a_body_breaking_the_rules_is_400(
    api: httpx.Client, ids: dict[str, str], name: str
) -> None:
    route = BY_NAME[name]
    response = send(api, route, route.path.format(**ids), json=route.bad_body)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body.get("errorCode") == "E0000001" or body.get("error") == "invalid_client_metadata"
