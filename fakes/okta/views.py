"""Management API JSON for authorization servers, scopes, claims, policies and rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dcr_harness.fakes.okta.models import AuthorizationServer, Claim, Policy, Rule, Scope


def iso(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def link(href: str, *methods: str) -> dict[str, Any]:
    return {"href": href, "hints": {"allow": list(methods)}} if methods else {"href": href}


def server_json(org: str, server: AuthorizationServer) -> dict[str, Any]:
    base = f"{org}/api/v1/authorizationServers/{server.id}"
    lifecycle = "deactivate" if server.status == "ACTIVE" else "activate"
    return {
        "id": server.id,
        "name": server.name,
        "description": server.description,
        "audiences": list(server.audiences),
        "issuer": server.issuer,
        "issuerMode": server.issuer_mode,
        "status": server.status,
        "created": server.created,
        "lastUpdated": server.last_updated,
        "credentials": {
            "signing": {
                "rotationMode": "AUTO",
                "lastRotated": iso(server.keys.last_rotated),
                "nextRotation": iso(server.keys.last_rotated + 90 * 24 * 3600),
                "kid": server.keys.active.kid,
                "use": "sig",
            }
        },
        "_links": {
            "scopes": link(f"{base}/scopes", "GET"),
            "claims": link(f"{base}/claims", "GET"),
            "policies": link(f"{base}/policies", "GET"),
            "self": link(base, "GET", "DELETE", "PUT"),
            "metadata": [
                link(f"{server.issuer}/.well-known/oauth-authorization-server", "GET"),
                link(f"{server.issuer}/.well-known/openid-configuration", "GET"),
            ],
            "rotateKey": link(f"{base}/credentials/lifecycle/keyRotate", "POST"),
            lifecycle: link(f"{base}/lifecycle/{lifecycle}", "POST"),
        },
    }


def scope_json(org: str, server_id: str, scope: Scope) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": scope.id,
        "name": scope.name,
        "consent": scope.consent,
        "default": scope.default,
        "metadataPublish": scope.metadata_publish,
        "optional": scope.optional,
        "system": scope.system,
    }
    if scope.description is not None:
        body["description"] = scope.description
    if scope.display_name is not None:
        body["displayName"] = scope.display_name
    href = f"{org}/api/v1/authorizationServers/{server_id}/scopes/{scope.id}"
    body["_links"] = {"self": link(href, "GET", "PUT", "DELETE")}
    return body


def claim_json(org: str, server_id: str, claim: Claim) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": claim.id,
        "name": claim.name,
        "status": claim.status,
        "claimType": claim.claim_type,
        "valueType": claim.value_type,
        "value": claim.value,
        "conditions": {"scopes": list(claim.scopes)},
        "system": claim.system,
        "alwaysIncludeInToken": claim.always_include_in_token,
    }
    if claim.group_filter_type is not None:
        body["group_filter_type"] = claim.group_filter_type
    href = f"{org}/api/v1/authorizationServers/{server_id}/claims/{claim.id}"
    body["_links"] = {"self": link(href, "GET", "PUT", "DELETE")}
    return body


def policy_json(org: str, server_id: str, policy: Policy) -> dict[str, Any]:
    base = f"{org}/api/v1/authorizationServers/{server_id}/policies/{policy.id}"
    lifecycle = "deactivate" if policy.status == "ACTIVE" else "activate"
    return {
        "type": "OAUTH_AUTHORIZATION_POLICY",
        "id": policy.id,
        "status": policy.status,
        "name": policy.name,
        "description": policy.description,
        "priority": policy.priority,
        "system": policy.system,
        "conditions": {"clients": {"include": list(policy.clients)}},
        "created": policy.created,
        "lastUpdated": policy.last_updated,
        "_links": {
            "self": link(base, "GET", "PUT", "DELETE"),
            lifecycle: link(f"{base}/lifecycle/{lifecycle}", "POST"),
            "rules": link(f"{base}/rules", "GET"),
        },
    }


def rule_json(org: str, server_id: str, rule: Rule) -> dict[str, Any]:
    base = (
        f"{org}/api/v1/authorizationServers/{server_id}/policies/{rule.policy_id}/rules/{rule.id}"
    )
    lifecycle = "deactivate" if rule.status == "ACTIVE" else "activate"
    return {
        "type": "RESOURCE_ACCESS",
        "id": rule.id,
        "status": rule.status,
        "name": rule.name,
        "priority": rule.priority,
        "system": rule.system,
        "created": rule.created,
        "lastUpdated": rule.last_updated,
        "conditions": {
            "people": {
                "users": {"include": list(rule.users), "exclude": []},
                "groups": {"include": list(rule.groups), "exclude": []},
            },
            "grantTypes": {"include": list(rule.grant_types)},
            "scopes": {"include": list(rule.scopes)},
        },
        "actions": {
            "token": {
                "accessTokenLifetimeMinutes": rule.lifetime_minutes,
                "refreshTokenLifetimeMinutes": rule.refresh_lifetime_minutes,
                "refreshTokenWindowMinutes": rule.refresh_window_minutes,
            }
        },
        "_links": {
            "self": link(base, "GET", "PUT", "DELETE"),
            lifecycle: link(f"{base}/lifecycle/{lifecycle}", "POST"),
        },
    }
