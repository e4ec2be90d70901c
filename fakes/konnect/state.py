"""Fake Konnect's organisation as plain Python: entities, their relations, the data-plane view.

No HTTP here. ``KonnectState`` implements ``dcr_harness.fakes.gateway.control_plane.ControlPlane``.
Choices:
- A strategy is ``active`` while a publication uses it; a DCR provider is ``active`` while an
  active strategy uses it (the spec: "At least one active auth strategy is using this DCR
  provider").
- A registration lets traffic through only when ``approved`` (pending, rejected and revoked do not).
- ``exhausted_api_ids`` is empty unless a test calls ``mark_exhausted``.
- A portal is of one generation: ``v3`` (the Dev Portal, APIs published by the API Catalog) or
  ``v2`` (the classic Dev Portal, API product versions published by the portal). What the data
  plane calls an API is the scope an application registers to: an API's id on v3 portals, a
  product version's id on classic ones; ``Registration.api_id`` holds that scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dcr_harness.fakes.gateway.control_plane import ApiAuthConfig, DataPlaneApplication
from dcr_harness.fakes.konnect.tables import IndexedTable

OIDC_KEY = "openid-connect"
KEY_AUTH_KEY = "key-auth"


@dataclass
class DcrProvider:
    id: str
    name: str
    provider_type: str
    issuer: str
    dcr_config: dict[str, Any]  # as stored, secrets included; never serialised as is
    created_at: str
    updated_at: str
    display_name: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class AuthStrategy:
    id: str
    name: str
    display_name: str
    strategy_type: str  # key_auth or openid_connect
    configs: dict[str, dict[str, Any]]
    created_at: str
    updated_at: str
    dcr_provider_id: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    principals: dict[str, Any] | None = None

    @property
    def openid_connect(self) -> dict[str, Any]:
        return self.configs.get(OIDC_KEY, {})


@dataclass
class Portal:
    id: str
    name: str
    display_name: str
    domain: str
    created_at: str
    updated_at: str
    auto_approve_developers: bool = True
    auto_approve_applications: bool = True
    default_application_auth_strategy_id: str | None = None
    description: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=lambda: dict(PORTAL_SETTINGS))
    generation: str = "v3"  # or "v2": a classic portal

    @property
    def classic(self) -> bool:
        return self.generation == "v2"


# the portal settings the fake keeps but does not act on, with the spec's defaults
PORTAL_SETTINGS: dict[str, Any] = {
    "authentication_enabled": True,
    "rbac_enabled": False,
    "sipr_enabled": False,
    "default_api_visibility": "private",
    "default_page_visibility": "private",
    "notifications_developer_pii_visibility_enabled": False,
}


@dataclass
class Api:
    id: str
    name: str
    slug: str
    created_at: str
    updated_at: str
    service_id: str
    control_plane_id: str
    version: str | None = None
    description: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class ApiProduct:
    """A classic portal's unit of publication: it bundles product versions."""

    id: str
    name: str
    created_at: str
    updated_at: str
    description: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    public_labels: dict[str, str] = field(default_factory=dict)
    portal_ids: list[str] = field(default_factory=list)


@dataclass
class ProductVersion:
    """A version of an API product, linked to the Gateway Service that implements it."""

    id: str
    product_id: str
    name: str
    created_at: str
    updated_at: str
    control_plane_id: str | None = None
    service_id: str | None = None
    publish_status: str = "unpublished"
    deprecated: bool = False
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class PortalProductVersion:
    """A product version published on a classic portal, with its auth strategy."""

    id: str
    portal_id: str
    product_version_id: str
    auth_strategy_ids: list[str]
    publish_status: str
    application_registration_enabled: bool
    auto_approve_registration: bool
    deprecated: bool
    created_at: str
    updated_at: str


@dataclass
class ControlPlane:
    id: str
    name: str
    created_at: str
    updated_at: str


@dataclass
class GatewayService:
    """A Gateway Service (Kong's core entity) on a control plane."""

    id: str
    control_plane_id: str
    name: str
    url: str
    created_at: int  # Kong's core entities carry epoch seconds
    updated_at: int


@dataclass
class GatewayRoute:
    """A Kong route on a control plane; the data plane serves it once it has synced."""

    id: str
    control_plane_id: str
    name: str
    paths: list[str]
    service_id: str
    strip_path: bool
    created_at: int
    updated_at: int
    synced_at: float  # monotonic seconds from which the data plane serves it


@dataclass
class Implementation:
    """An API's link to the Gateway Service that implements it."""

    id: str
    api_id: str
    control_plane_id: str
    service_id: str
    created_at: str
    updated_at: str


@dataclass
class Publication:
    api_id: str
    portal_id: str
    auth_strategy_ids: list[str] | None
    auto_approve_registrations: bool
    visibility: str
    created_at: str
    updated_at: str


@dataclass
class Developer:
    id: str
    portal_id: str
    email: str
    full_name: str
    status: str  # approved, pending, revoked, rejected
    created_at: str
    updated_at: str
    password: str | None = None


@dataclass
class Application:
    id: str
    portal_id: str
    developer_id: str
    name: str
    auth_strategy_id: str
    created_at: str
    updated_at: str
    client_id: str | None = None
    dcr_provider_id: str | None = None
    description: str | None = None
    redirect_uri: str | None = None
    scopes: list[str] = field(default_factory=list)
    credential_names: dict[str, str] = field(default_factory=dict)  # credential id -> name
    reference_id: str | None = None  # classic portals: the developer's own reference


@dataclass
class Registration:
    id: str
    application_id: str
    api_id: str
    status: str  # approved, pending, rejected, revoked
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Email:
    """A message the portal 'sent': the token a developer would click in the mail."""

    to: str
    kind: str  # verify-email or reset-password
    token: str


def _applications() -> IndexedTable[Application]:
    """Applications by id, indexed by client_id (the data plane's lookup on every request) and
    by developer and name (a developer's application names are unique)."""
    return IndexedTable(
        client_id=lambda app: app.client_id,
        owner_and_name=owner_and_name,
        portal_id=lambda app: app.portal_id,
        developer_id=lambda app: app.developer_id,
    )


def owner_and_name(app: Application) -> str:
    return named_by(app.developer_id, app.name)


def named_by(developer_id: str, name: str) -> str:
    """The ``owner_and_name`` index's value of a developer's application name."""
    return f"{developer_id}\n{name}"


def _registrations() -> IndexedTable[Registration]:
    return IndexedTable(application_id=lambda registration: registration.application_id)


@dataclass
class KonnectState:
    org_id: str
    pats: set[str] = field(default_factory=set)
    viewer_pats: set[str] = field(default_factory=set)  # subset of pats: read-only roles
    providers: dict[str, DcrProvider] = field(default_factory=dict)
    strategies: dict[str, AuthStrategy] = field(default_factory=dict)
    portals: dict[str, Portal] = field(default_factory=dict)
    apis: dict[str, Api] = field(default_factory=dict)
    publications: dict[tuple[str, str], Publication] = field(default_factory=dict)
    developers: dict[str, Developer] = field(default_factory=dict)
    applications: IndexedTable[Application] = field(default_factory=_applications)
    registrations: IndexedTable[Registration] = field(default_factory=_registrations)
    sessions: dict[str, str] = field(default_factory=dict)  # portalaccesstoken -> developer id
    outbox: list[Email] = field(default_factory=list)
    pending_tokens: dict[str, Email] = field(default_factory=dict)
    exhausted: set[tuple[str, str]] = field(default_factory=set)  # (application id, api id)
    control_planes: dict[str, ControlPlane] = field(default_factory=dict)
    services: dict[str, GatewayService] = field(default_factory=dict)
    routes: dict[str, GatewayRoute] = field(default_factory=dict)
    implementations: dict[str, Implementation] = field(default_factory=dict)
    products: dict[str, ApiProduct] = field(default_factory=dict)
    product_versions: dict[str, ProductVersion] = field(default_factory=dict)
    # (portal id, product version id) -> its publication on that classic portal
    portal_product_versions: dict[tuple[str, str], PortalProductVersion] = field(
        default_factory=dict
    )

    def clear(self) -> None:
        """Empty the organisation in place (the data plane keeps its reference to this object)."""
        org_id = self.org_id
        fresh = KonnectState(org_id=org_id)
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

    # relations -----------------------------------------------------------------------------

    def _strategy_uses(self) -> list[tuple[str, list[str]]]:
        """(portal id, strategy ids) of every publication, v3 and classic."""
        uses = [(p.portal_id, p.auth_strategy_ids or []) for p in self.publications.values()]
        uses += [(p.portal_id, p.auth_strategy_ids) for p in self.portal_product_versions.values()]
        return uses

    def strategy_in_use(self, strategy_id: str) -> bool:
        return any(strategy_id in ids for _, ids in self._strategy_uses())

    def provider_active(self, provider_id: str) -> bool:
        return any(
            s.dcr_provider_id == provider_id and self.strategy_in_use(s.id)
            for s in self.strategies.values()
        )

    def strategies_using_provider(self, provider_id: str) -> list[AuthStrategy]:
        return [s for s in self.strategies.values() if s.dcr_provider_id == provider_id]

    def portal_strategies(self, portal_id: str) -> list[AuthStrategy]:
        """Strategies used by this portal's publications, in creation order."""
        used = {sid for portal, ids in self._strategy_uses() if portal == portal_id for sid in ids}
        return [s for s in self.strategies.values() if s.id in used]

    def implementation_of_api(self, api_id: str) -> Implementation | None:
        return next((i for i in self.implementations.values() if i.api_id == api_id), None)

    def remove_api(self, api_id: str) -> None:
        """An API goes with its publications and its implementation."""
        del self.apis[api_id]
        for key in [k for k in self.publications if k[0] == api_id]:
            del self.publications[key]
        for impl_id in [i.id for i in self.implementations.values() if i.api_id == api_id]:
            del self.implementations[impl_id]

    def remove_product_version(self, version_id: str) -> None:
        """A product version goes with its portal publications and its registrations."""
        del self.product_versions[version_id]
        for key in [k for k in self.portal_product_versions if k[1] == version_id]:
            del self.portal_product_versions[key]
        for registration in [r for r in self.registrations.values() if r.api_id == version_id]:
            del self.registrations[registration.id]

    def remove_product(self, product_id: str) -> None:
        for version in [v for v in self.product_versions.values() if v.product_id == product_id]:
            self.remove_product_version(version.id)
        del self.products[product_id]

    def versions_of(self, product_id: str) -> list[ProductVersion]:
        return [v for v in self.product_versions.values() if v.product_id == product_id]

    def publications_of_api(self, api_id: str) -> list[Publication]:
        return [p for p in self.publications.values() if p.api_id == api_id]

    def registrations_of(self, application_id: str) -> Sequence[Registration]:
        return self.registrations.having(application_id)

    def developer_by_email(self, portal_id: str, email: str) -> Developer | None:
        wanted = email.lower()
        for developer in self.developers.values():
            if developer.portal_id == portal_id and developer.email.lower() == wanted:
                return developer
        return None

    def mark_exhausted(self, application_id: str, api_id: str, exhausted: bool = True) -> None:
        """State hook: the app is over its quota on this API (the gateway answers 429)."""
        if exhausted:
            self.exhausted.add((application_id, api_id))
        else:
            self.exhausted.discard((application_id, api_id))

    # ControlPlane --------------------------------------------------------------------------

    def _strategy_ids_of_scope(self, scope: str) -> list[str]:
        """The strategies an API (v3) or a product version (classic) is published with."""
        ids = [sid for p in self.publications_of_api(scope) for sid in p.auth_strategy_ids or []]
        ids += [
            sid
            for p in self.portal_product_versions.values()
            if p.product_version_id == scope and p.publish_status == "published"
            for sid in p.auth_strategy_ids
        ]
        return ids

    def auth_config_for_api(self, api_id: str) -> ApiAuthConfig | None:
        for strategy_id in self._strategy_ids_of_scope(api_id):
            strategy = self.strategies.get(strategy_id)
            if strategy is not None:
                return ApiAuthConfig(
                    strategy_id=strategy.id,
                    strategy_type=strategy.strategy_type,
                    openid_connect=dict(strategy.openid_connect),
                )
        return None

    def is_published(self, api_id: str) -> bool:
        return bool(self.publications_of_api(api_id)) or any(
            p.product_version_id == api_id and p.publish_status == "published"
            for p in self.portal_product_versions.values()
        )

    def synced_routes(self, now: float) -> list[tuple[str, str, str, bool]]:
        """``(route id, path, api id, strip_path)`` of every route the data plane has received
        by ``now``: routes of a service that implements an API."""
        api_of_service = {i.service_id: i.api_id for i in self.implementations.values()}
        api_of_service.update(
            (v.service_id, v.id) for v in self.product_versions.values() if v.service_id
        )
        return [
            (route.id, path, api_of_service[route.service_id], route.strip_path)
            for route in self.routes.values()
            if route.synced_at <= now and route.service_id in api_of_service
            for path in route.paths
        ]

    def application_by_client_id(self, client_id: str) -> DataPlaneApplication | None:
        for app in self.applications.having(client_id):
            registrations = self.registrations_of(app.id)
            return DataPlaneApplication(
                application_id=app.id,
                client_id=client_id,
                auth_strategy_id=app.auth_strategy_id,
                approved_api_ids=frozenset(
                    r.api_id for r in registrations if r.status == "approved"
                ),
                exhausted_api_ids=frozenset(
                    api for (app_id, api) in self.exhausted if app_id == app.id
                ),
                developer_id=app.developer_id,
                portal_id=app.portal_id,
                org_id=self.org_id,
            )
        return None
