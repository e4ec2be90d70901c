"""Konnect's JSON shapes of the state's entities (admin and Dev Portal views)."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.konnect.schemas import DCR_CONFIG_DEFAULTS, DCR_CONFIG_READABLE
from dcr_harness.fakes.konnect.state import (
    KEY_AUTH_KEY,
    Api,
    Application,
    AuthStrategy,
    ControlPlane,
    DcrProvider,
    Developer,
    GatewayRoute,
    GatewayService,
    Implementation,
    KonnectState,
    Portal,
    Publication,
    Registration,
)


def provider(state: KonnectState, p: DcrProvider) -> dict[str, Any]:
    defaults = DCR_CONFIG_DEFAULTS.get(p.provider_type, {})
    config = {
        key: p.dcr_config.get(key, defaults.get(key))
        for key in DCR_CONFIG_READABLE[p.provider_type]
        if key in p.dcr_config or key in defaults
    }
    body: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "provider_type": p.provider_type,
        "issuer": p.issuer,
        "active": state.provider_active(p.id),
        "dcr_config": config,
        "labels": dict(p.labels),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }
    if p.display_name is not None:
        body["display_name"] = p.display_name
    return body


def strategy(state: KonnectState, s: AuthStrategy) -> dict[str, Any]:
    dcr = state.providers.get(s.dcr_provider_id) if s.dcr_provider_id else None
    nested: dict[str, Any] | None = None
    if dcr is not None:
        nested = {"id": dcr.id, "name": dcr.name, "provider_type": dcr.provider_type}
        if dcr.display_name is not None:
            nested["display_name"] = dcr.display_name
    body: dict[str, Any] = {
        "id": s.id,
        "name": s.name,
        "display_name": s.display_name,
        "strategy_type": s.strategy_type,
        "configs": {key: dict(value) for key, value in s.configs.items()},
        "active": state.strategy_in_use(s.id),
        "dcr_provider": nested,
        "labels": dict(s.labels),
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }
    if s.principals is not None:
        body["principals"] = dict(s.principals)
    return body


def credential_type(state: KonnectState, s: AuthStrategy) -> str:
    if s.strategy_type == "key_auth":
        return "key_auth"
    return "client_credentials" if s.dcr_provider_id else "self_managed_client_credentials"


def portal_strategy(state: KonnectState, s: AuthStrategy) -> dict[str, Any]:
    """The Dev Portal's view of a strategy (``PortalAuthStrategy``)."""
    kind = credential_type(state, s)
    body: dict[str, Any] = {"id": s.id, "name": s.display_name or s.name, "credential_type": kind}
    if kind == "key_auth":
        key_auth = s.configs.get(KEY_AUTH_KEY, {})
        body["key_names"] = list(key_auth.get("key_names", ["apikey"]))
        if key_auth.get("ttl"):
            body["ttl"] = dict(key_auth["ttl"])
    else:
        body["auth_methods"] = list(s.openid_connect.get("auth_methods", []))
        body["available_scopes"] = list(s.openid_connect.get("scopes", []))
    return body


def portal(p: Portal) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "display_name": p.display_name,
        "description": p.description,
        **p.settings,
        "default_application_auth_strategy_id": p.default_application_auth_strategy_id,
        "auto_approve_applications": p.auto_approve_applications,
        "auto_approve_developers": p.auto_approve_developers,
        "default_domain": p.domain,
        "canonical_domain": p.domain,
        "labels": dict(p.labels),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def api(state: KonnectState, a: Api) -> dict[str, Any]:
    portals = [
        state.portals[p.portal_id]
        for p in state.publications_of_api(a.id)
        if p.portal_id in state.portals
    ]
    return {
        "id": a.id,
        "name": a.name,
        "description": a.description,
        "version": a.version,
        "current_version_summary": None,
        "slug": a.slug,
        "api_spec_ids": [],
        "portals": [{"id": p.id, "name": p.name, "display_name": p.display_name} for p in portals],
        "labels": dict(a.labels),
        "implementation_mode": "gateway_entity_binding",
        "attributes": {},
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


def portal_api(state: KonnectState, a: Api, pub: Publication) -> dict[str, Any]:
    strategies = [state.strategies[i] for i in pub.auth_strategy_ids or [] if i in state.strategies]
    return {
        "id": a.id,
        "name": a.name,
        "version": a.version,
        "description": a.description,
        "visibility": pub.visibility,
        "slug": a.slug,
        "auth_strategies": [portal_strategy(state, s) for s in strategies],
        "specifications": [],
        "current_version_summary": None,
        "attributes": {},
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


def implementation(impl: Implementation) -> dict[str, Any]:
    return {
        "id": impl.id,
        "created_at": impl.created_at,
        "updated_at": impl.updated_at,
        "service": {"control_plane_id": impl.control_plane_id, "id": impl.service_id},
    }


def control_plane(cp: ControlPlane) -> dict[str, Any]:
    return {
        "id": cp.id,
        "name": cp.name,
        "description": None,
        "labels": {},
        "config": {
            "control_plane_endpoint": f"https://{cp.id[:10]}.us.cp0.konghq.com",
            "telemetry_endpoint": f"https://{cp.id[:10]}.us.tp0.konghq.com",
            "cluster_type": "CLUSTER_TYPE_CONTROL_PLANE",
            "auth_type": "pinned_client_certs",
            "cloud_gateway": False,
            "proxy_urls": [],
        },
        "created_at": cp.created_at,
        "updated_at": cp.updated_at,
    }


def gateway_service(service: GatewayService) -> dict[str, Any]:
    url = httpx.URL(service.url)
    return {
        "id": service.id,
        "name": service.name,
        "protocol": url.scheme,
        "host": url.host,
        "port": url.port or (443 if url.scheme == "https" else 80),
        "path": url.path if url.path != "/" else None,
        "retries": 5,
        "connect_timeout": 60000,
        "read_timeout": 60000,
        "write_timeout": 60000,
        "enabled": True,
        "tags": None,
        "created_at": service.created_at,
        "updated_at": service.updated_at,
    }


def gateway_route(route: GatewayRoute) -> dict[str, Any]:
    return {
        "id": route.id,
        "name": route.name,
        "paths": list(route.paths),
        "protocols": ["http", "https"],
        "strip_path": route.strip_path,
        "preserve_host": False,
        "service": {"id": route.service_id},
        "tags": None,
        "created_at": route.created_at,
        "updated_at": route.updated_at,
    }


def publication(pub: Publication) -> dict[str, Any]:
    return {
        "auto_approve_registrations": pub.auto_approve_registrations,
        "auth_strategy_ids": list(pub.auth_strategy_ids)
        if pub.auth_strategy_ids is not None
        else None,
        "visibility": pub.visibility,
        "created_at": pub.created_at,
        "updated_at": pub.updated_at,
    }


def developer(d: Developer) -> dict[str, Any]:
    return {
        "id": d.id,
        "email": d.email,
        "full_name": d.full_name,
        "status": d.status,
        "created_at": d.created_at,
        "updated_at": d.updated_at,
    }


def me(d: Developer) -> dict[str, Any]:
    body = developer(d)
    del body["status"]
    return body


def application(state: KonnectState, app: Application) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "redirect_uri": app.redirect_uri,
        "scopes": list(app.scopes),
        "team_id": None,
        "created_at": app.created_at,
        "updated_at": app.updated_at,
    }
    strategy = state.strategies.get(app.auth_strategy_id)
    if strategy is not None:
        body["auth_strategy"] = portal_strategy(state, strategy)
    if app.client_id is not None:
        body["client_id"] = app.client_id
    return body


def registration(state: KonnectState, r: Registration) -> dict[str, Any]:
    a = state.apis.get(r.api_id)
    return {
        "id": r.id,
        "status": r.status,
        "application_id": r.application_id,
        "api_id": r.api_id,
        "api_name": a.name if a else "",
        "api_slug": a.slug if a else "",
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def admin_registration(state: KonnectState, r: Registration) -> dict[str, Any]:
    a = state.apis.get(r.api_id)
    app = state.applications.get(r.application_id)
    return {
        "id": r.id,
        "status": r.status,
        "api": {
            "id": r.api_id,
            "name": a.name if a else "",
            "version": a.version if a else None,
            "entity_type": "api",
        },
        "application": {"id": r.application_id, "name": app.name if app else ""},
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }
