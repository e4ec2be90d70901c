"""Shared setup: a provider, a strategy, a published API, a logged-in developer."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.konnect import FakeKonnect

OKTA = "https://dcr-harness.okta.com"
ISSUER = f"{OKTA}/oauth2/default"
DCR_TOKEN = "00dcr-token-SECRET-value"
PAT = "kpat_harness0123456789"

OIDC = {
    "issuer": ISSUER,
    "credential_claim": ["client_id"],
    "scopes": ["harness"],
    "auth_methods": ["client_credentials", "bearer"],
}


def create_provider(admin: httpx.Client, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "okta-dcr",
        "provider_type": "okta",
        "issuer": ISSUER,
        "dcr_config": {"dcr_token": DCR_TOKEN},
        **overrides,
    }
    response = admin.post("/v2/dcr-providers", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def create_strategy(
    admin: httpx.Client, provider_id: str | None, **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "okta-cc",
        "display_name": "Okta client credentials",
        "strategy_type": "openid_connect",
        "configs": {"openid-connect": dict(OIDC)},
        "dcr_provider_id": provider_id,
        **overrides,
    }
    response = admin.post("/v2/application-auth-strategies", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def publish(
    admin: httpx.Client, api_id: str, portal_id: str, strategy_id: str | None, **extra: Any
) -> httpx.Response:
    body: dict[str, Any] = {"auth_strategy_ids": [strategy_id] if strategy_id else None, **extra}
    response = admin.put(f"/v3/apis/{api_id}/publications/{portal_id}", json=body)
    assert response.status_code == 200, response.text
    return response


def dcr_setup(
    konnect: FakeKonnect,
    admin: httpx.Client,
    *,
    auto_approve_developers: bool = True,
    auto_approve_applications: bool = True,
) -> tuple[str, str, str, str]:
    """Provider, strategy, portal and a published API: returns their ids."""
    provider = create_provider(admin)
    strategy = create_strategy(admin, provider["id"])
    portal = konnect.seed_portal(
        "harness",
        auto_approve_developers=auto_approve_developers,
        auto_approve_applications=auto_approve_applications,
    )
    api = konnect.seed_api("Orders API")
    publish(admin, api.id, portal.id, strategy["id"])
    return provider["id"], strategy["id"], portal.id, api.id


def login(
    konnect: FakeKonnect,
    portal_http: httpx.Client,
    email: str = "dev@example.com",
    generation: str = "v3",
) -> None:
    """Signs a new developer in; ``generation`` v2 on a classic portal."""
    konnect.seed_developer(email, "S3cret!pass")
    response = portal_http.post(
        f"/api/{generation}/developer/authenticate",
        json={"username": email, "password": "S3cret!pass"},
    )
    assert response.status_code == 204, response.text
