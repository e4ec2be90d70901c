"""The JSON of classic-portal entities: API products and their versions (API Products v2),
portal product versions, applications and registrations (Portal Management v2, Dev Portal v2)."""

from __future__ import annotations

from typing import Any

from dcr_harness.fakes.konnect import serialise
from dcr_harness.fakes.konnect.state import (
    ApiProduct,
    Application,
    KonnectState,
    Portal,
    PortalProductVersion,
    ProductVersion,
    Registration,
)


def product(state: KonnectState, p: ApiProduct) -> dict[str, Any]:
    portals = [state.portals[i] for i in p.portal_ids if i in state.portals]
    return {
        "id": p.id,
        "name": p.name,
        "description": p.description,
        "portal_ids": [portal.id for portal in portals],
        "portals": [{"portal_id": portal.id, "portal_name": portal.name} for portal in portals],
        "version_count": len(state.versions_of(p.id)),
        "labels": dict(p.labels),
        "public_labels": dict(p.public_labels),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def product_version(state: KonnectState, v: ProductVersion) -> dict[str, Any]:
    service = None
    if v.service_id is not None:
        plane = v.control_plane_id
        service = {"control_plane_id": plane, "runtime_group_id": plane, "id": v.service_id}
    published = [p for p in state.portal_product_versions.values() if p.product_version_id == v.id]
    return {
        "id": v.id,
        "name": v.name,
        "gateway_service": service,
        "publish_status": v.publish_status,
        "deprecated": v.deprecated,
        "labels": dict(v.labels),
        "portals": [_version_portal(state, p) for p in published],
        "created_at": v.created_at,
        "updated_at": v.updated_at,
    }


def _version_portal(state: KonnectState, p: PortalProductVersion) -> dict[str, Any]:
    return {
        "portal_id": p.portal_id,
        "portal_name": state.portals[p.portal_id].name,
        "portal_product_version_id": p.id,
        "publish_status": p.publish_status,
        "deprecated": p.deprecated,
        "application_registration_enabled": p.application_registration_enabled,
        "auto_approve_registration": p.auto_approve_registration,
        "auth_strategies": _strategy_refs(state, p.auth_strategy_ids),
    }


def _strategy_refs(state: KonnectState, ids: list[str]) -> list[dict[str, str]]:
    return [{"id": i, "name": state.strategies[i].name} for i in ids if i in state.strategies]


def portal_product_version(state: KonnectState, p: PortalProductVersion) -> dict[str, Any]:
    return {
        "id": p.id,
        "product_version_id": p.product_version_id,
        "publish_status": p.publish_status,
        "application_registration_enabled": p.application_registration_enabled,
        "auto_approve_registration": p.auto_approve_registration,
        "deprecated": p.deprecated,
        "auth_strategies": [
            serialise.portal_strategy(state, state.strategies[i])
            for i in p.auth_strategy_ids
            if i in state.strategies
        ],
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def portal(state: KonnectState, p: Portal) -> dict[str, Any]:
    published = {
        state.product_versions[v.product_version_id].product_id
        for v in state.portal_product_versions.values()
        if v.portal_id == p.id and v.product_version_id in state.product_versions
    }
    return {
        "id": p.id,
        "name": p.name,
        "display_name": p.display_name,
        "description": p.description,
        "default_domain": p.domain,
        "is_public": not p.settings.get("authentication_enabled", True),
        "rbac_enabled": bool(p.settings.get("rbac_enabled", False)),
        "auto_approve_applications": p.auto_approve_applications,
        "auto_approve_developers": p.auto_approve_developers,
        "custom_domain": None,
        "custom_client_domain": None,
        "default_application_auth_strategy_id": p.default_application_auth_strategy_id,
        "labels": dict(p.labels),
        "application_count": len(state.applications.having(p.id, by="portal_id")),
        "developer_count": sum(1 for d in state.developers.values() if d.portal_id == p.id),
        "published_product_count": len(published),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def application(state: KonnectState, app: Application) -> dict[str, Any]:
    """The Dev Portal v2 view; the credential is added to the create answer only."""
    body: dict[str, Any] = {
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "reference_id": app.reference_id or app.id,
        "redirect_uri": app.redirect_uri,
        "scopes": list(app.scopes),
        "created_at": app.created_at,
        "updated_at": app.updated_at,
    }
    strategy = state.strategies.get(app.auth_strategy_id)
    if strategy is not None:
        body["auth_strategy"] = serialise.portal_strategy(state, strategy)
    return body


def admin_application(state: KonnectState, app: Application) -> dict[str, Any]:
    developer = state.developers.get(app.developer_id)
    body: dict[str, Any] = {
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "reference_id": app.reference_id or app.id,
        "granted_scopes": list(app.scopes),
        "registration_count": len(state.registrations_of(app.id)),
        "dcr_provider": {"id": app.dcr_provider_id} if app.dcr_provider_id else None,
        "portal": {"id": app.portal_id},
        "developer": {
            "id": app.developer_id,
            "name": developer.full_name if developer else "",
            "email": developer.email if developer else "",
        },
        "created_at": app.created_at,
        "updated_at": app.updated_at,
    }
    strategy = state.strategies.get(app.auth_strategy_id)
    if strategy is not None:
        body["auth_strategy"] = serialise.portal_strategy(state, strategy)
    return body


def _version_and_product(state: KonnectState, r: Registration) -> tuple[dict[str, str], ...]:
    version = state.product_versions.get(r.api_id)
    owner = state.products.get(version.product_id) if version else None
    return (
        {"id": version.product_id if version else "", "name": owner.name if owner else ""},
        {"id": r.api_id, "name": version.name if version else ""},
    )


def registration(state: KonnectState, r: Registration) -> dict[str, Any]:
    """The Dev Portal v2 view of a registration to a product version."""
    owner, version = _version_and_product(state, r)
    return {
        "id": r.id,
        "status": r.status,
        "application_id": r.application_id,
        "product_id": owner["id"],
        "product_name": owner["name"],
        "product_version_id": version["id"],
        "product_version_name": version["name"],
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def admin_registration(state: KonnectState, r: Registration) -> dict[str, Any]:
    owner, version = _version_and_product(state, r)
    app = state.applications.get(r.application_id)
    developer = state.developers.get(app.developer_id) if app else None
    return {
        "id": r.id,
        "status": r.status,
        "product": owner,
        "product_version": version,
        "application": {"id": r.application_id, "name": app.name if app else ""},
        "developer": {
            "id": developer.id if developer else "",
            "name": developer.full_name if developer else "",
        },
        "granted_scopes": [],
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }
