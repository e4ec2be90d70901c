"""JSON for DCR clients, their ``/api/v1/apps`` twins and API tokens."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from dcr_harness.fakes.okta.models import ApiToken, ClientSecret, OAuthClient
from dcr_harness.fakes.okta.views import iso, link

_OPTIONAL_URIS = ("client_uri", "logo_uri", "policy_uri", "tos_uri")


def client_json(client: OAuthClient, *, with_secret: bool) -> dict[str, Any]:
    """The DCR ``Client``; the secret only on create, replace and newSecret. Null metadata is
    left out ("properties with null values may be omitted")."""
    body: dict[str, Any] = {
        "client_id": client.client_id,
        "client_id_issued_at": client.issued_at,
        "client_name": client.client_name,
    }
    if with_secret and client.client_secret is not None:
        body["client_secret"] = client.client_secret
        body["client_secret_expires_at"] = 0
    body.update({k: v for k, v in client.metadata.items() if v is not None})
    body.update(
        {
            "redirect_uris": list(client.redirect_uris),
            "response_types": list(client.response_types),
            "grant_types": list(client.grant_types),
            "token_endpoint_auth_method": client.token_endpoint_auth_method,
            "application_type": client.application_type,
        }
    )
    return body


def app_json(org: str, client: OAuthClient) -> dict[str, Any]:
    """The OIDC app twin (``OpenIdConnectApplication``): id == client_id, label = client_name."""
    base = f"{org}/api/v1/apps/{client.client_id}"
    lifecycle = "deactivate" if client.status == "ACTIVE" else "activate"
    oauth_client: dict[str, Any] = {
        "autoKeyRotation": True,
        "client_id": client.client_id,
        "token_endpoint_auth_method": client.token_endpoint_auth_method,
        "pkce_required": False,
    }
    if client.client_secret is not None:
        oauth_client["client_secret"] = client.client_secret
    settings_client: dict[str, Any] = {
        k: v for k, v in client.metadata.items() if k in _OPTIONAL_URIS and v is not None
    }
    settings_client.update(
        {
            "redirect_uris": list(client.redirect_uris),
            "response_types": list(client.response_types),
            "grant_types": list(client.grant_types),
            "application_type": client.application_type,
            "consent_method": client.consent_method,
            "issuer_mode": "DYNAMIC",
            "idp_initiated_login": {"mode": "DISABLED", "default_scope": []},
            "wildcard_redirect": "DISABLED",
        }
    )
    return {
        "id": client.client_id,
        "name": "oidc_client",
        "label": client.client_name,
        "status": client.status,
        "created": client.created,
        "lastUpdated": client.last_updated,
        "signOnMode": "OPENID_CONNECT",
        "accessibility": {"selfService": False},
        "visibility": {
            "autoLaunch": False,
            "autoSubmitToolbar": False,
            "hide": {"iOS": True, "web": True},
            "appLinks": {"oidc_client_link": True},
        },
        "features": [],
        "credentials": {
            "userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
            "signing": {},
            "oauthClient": oauth_client,
        },
        "settings": {"app": {}, "oauthClient": settings_client},
        "profile": {},
        "_links": {
            "self": link(base),
            "groups": link(f"{base}/groups"),
            "users": link(f"{base}/users"),
            lifecycle: link(f"{base}/lifecycle/{lifecycle}"),
        },
    }


def api_token_json(org: str, token: ApiToken, window_seconds: int) -> dict[str, Any]:
    return {
        "name": token.name,
        "userId": token.user_id,
        "tokenWindow": "P30D",
        "network": dict(token.network),
        "id": token.id,
        "clientName": token.client_name,
        "expiresAt": iso(token.last_used + window_seconds),
        "created": token.created,
        "lastUpdated": token.last_updated,
        "_links": {
            "self": link(f"{org}/api/v1/api-tokens/{token.id}", "GET", "DELETE"),
            "user": link(f"{org}/api/v1/users/{token.user_id}", "GET"),
        },
    }


def client_secret_json(
    org: str, app_id: str, secret: ClientSecret, *, whole: bool = False
) -> dict[str, Any]:
    """A client secret as ``/api/v1/apps/{id}/credentials/secrets`` shows it: whole when just
    created, masked to its ends afterwards [I], with the hash Okta calls ``secret_hash`` [I]."""
    base = f"{org}/api/v1/apps/{app_id}/credentials/secrets/{secret.id}"
    value = secret.value if whole else f"{secret.value[:4]}......{secret.value[-4:]}"
    digest = hashlib.sha256(secret.value.encode()).digest()
    links = {"delete": link(base, "DELETE")} if secret.status == "INACTIVE" else {}
    lifecycle = "deactivate" if secret.status == "ACTIVE" else "activate"
    links[lifecycle] = link(f"{base}/lifecycle/{lifecycle}", "POST")
    return {
        "id": secret.id,
        "status": secret.status,
        "client_secret": value,
        "secret_hash": base64.urlsafe_b64encode(digest).decode().rstrip("="),
        "created": secret.created,
        "lastUpdated": secret.last_updated,
        "_links": links,
    }
