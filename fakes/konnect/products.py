"""Admin v2: API products and their versions, what a classic Dev Portal publishes
(``/v2/api-products``). No spec of this API is in ``shared/specs``: the shapes follow Kong's
public API Products v2 reference [I], and these routes are not contract-validated.

Choices [I]:
- A version's ``gateway_service`` must be a service on that control plane (else 400
  ``missing_reference``); a service already implementing a v3 API, or another version, is 409
  ("This gateway service is already linked ..."), the spec's implementation conflict.
- Deleting a product deletes its versions; deleting a version unpublishes it from every portal
  and drops its registrations.
- ``portal_ids`` must name classic portals (else 400 ``missing_reference``).
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import classic_views, schemas
from dcr_harness.fakes.konnect.context import (
    Context,
    body_of,
    ensure,
    json_response,
    lookup,
    no_content,
)
from dcr_harness.fakes.konnect.errors import conflict, invalid, not_found
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import ApiProduct, ProductVersion
from dcr_harness.fakes.konnect.validation import check, merge_labels

ROUTES = (
    "products.create",
    "products.list",
    "products.get",
    "products.update",
    "products.delete",
    "product-versions.create",
    "product-versions.list",
    "product-versions.get",
    "product-versions.update",
    "product-versions.delete",
)


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def classic_portal_ids(ids: list[str]) -> list[str]:
        for portal_id in ids:
            portal = state.portals.get(portal_id)
            if portal is None or not portal.classic:
                raise invalid("portal_ids", "missing_reference", f"no classic portal {portal_id}")
        return list(dict.fromkeys(ids))

    def linked_service(body: dict[str, Any], version_id: str | None) -> tuple[str, str] | None:
        service = body.get("gateway_service")
        if service is None:
            return None
        found = state.services.get(service["id"])
        if found is None or found.control_plane_id != service["control_plane_id"]:
            raise invalid(
                "gateway_service.id", "missing_reference", "no such service on that control plane"
            )
        if any(i.service_id == found.id for i in state.implementations.values()):
            raise conflict("This gateway service is already linked to a V3 API")
        if any(
            v.service_id == found.id and v.id != version_id for v in state.product_versions.values()
        ):
            raise conflict("This gateway service is already linked to an API product version")
        return found.control_plane_id, found.id

    def create_product(request: httpx.Request) -> httpx.Response:
        body = body_of(request)
        check(body, schemas.PRODUCT_CREATE)
        now = ctx.now()
        product = ApiProduct(
            id=ctx.ids.uuid(),
            name=body["name"],
            description=body.get("description"),
            labels=dict(body.get("labels") or {}),
            public_labels=dict(body.get("public_labels") or {}),
            portal_ids=classic_portal_ids(body.get("portal_ids") or []),
            created_at=now,
            updated_at=now,
        )
        state.products[product.id] = product
        return json_response(201, classic_views.product(state, product))

    def list_products(request: httpx.Request) -> httpx.Response:
        fields: Fields[ApiProduct] = {
            "id": lambda p: p.id,
            "name": lambda p: p.name,
            "description": lambda p: p.description,
        }
        body = page(
            request,
            list(state.products.values()),
            fields,
            lambda p: classic_views.product(state, p),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_product(request: httpx.Request, product_id: str) -> httpx.Response:
        return json_response(200, classic_views.product(state, lookup(state.products, product_id)))

    def update_product(request: httpx.Request, product_id: str) -> httpx.Response:
        product: ApiProduct = lookup(state.products, product_id)
        body = body_of(request)
        check(body, schemas.PRODUCT_UPDATE)
        if "portal_ids" in body:
            product.portal_ids = classic_portal_ids(body["portal_ids"])
        if "name" in body:
            product.name = body["name"]
        if "description" in body:
            product.description = body["description"]
        if "labels" in body:
            product.labels = merge_labels(product.labels, body["labels"])
        if "public_labels" in body:
            product.public_labels = merge_labels(product.public_labels, body["public_labels"])
        product.updated_at = ctx.now()
        return json_response(200, classic_views.product(state, product))

    def delete_product(request: httpx.Request, product_id: str) -> httpx.Response:
        lookup(state.products, product_id)
        state.remove_product(product_id)
        return no_content()

    def version_of(product_id: str, version_id: str) -> ProductVersion:
        lookup(state.products, product_id)
        version: ProductVersion = lookup(state.product_versions, version_id)
        ensure(version.product_id == product_id, not_found())
        return version

    def create_version(request: httpx.Request, product_id: str) -> httpx.Response:
        lookup(state.products, product_id)
        body = body_of(request)
        check(body, schemas.PRODUCT_VERSION_CREATE)
        service = linked_service(body, None)
        now = ctx.now()
        version = ProductVersion(
            id=ctx.ids.uuid(),
            product_id=product_id,
            name=body["name"],
            control_plane_id=service[0] if service else None,
            service_id=service[1] if service else None,
            publish_status=body.get("publish_status", "unpublished"),
            deprecated=bool(body.get("deprecated", False)),
            labels=dict(body.get("labels") or {}),
            created_at=now,
            updated_at=now,
        )
        state.product_versions[version.id] = version
        return json_response(201, classic_views.product_version(state, version))

    def list_versions(request: httpx.Request, product_id: str) -> httpx.Response:
        lookup(state.products, product_id)
        fields: Fields[ProductVersion] = {"id": lambda v: v.id, "name": lambda v: v.name}
        body = page(
            request,
            state.versions_of(product_id),
            fields,
            lambda v: classic_views.product_version(state, v),
            ("name", "created_at", "updated_at"),
        )
        return json_response(200, body)

    def get_version(request: httpx.Request, product_id: str, version_id: str) -> httpx.Response:
        version = version_of(product_id, version_id)
        return json_response(200, classic_views.product_version(state, version))

    def update_version(request: httpx.Request, product_id: str, version_id: str) -> httpx.Response:
        version = version_of(product_id, version_id)
        body = body_of(request)
        check(body, schemas.PRODUCT_VERSION_UPDATE)
        if "gateway_service" in body:
            service = linked_service(body, version.id)
            version.control_plane_id = service[0] if service else None
            version.service_id = service[1] if service else None
        for name in ("name", "publish_status", "deprecated"):
            if name in body:
                setattr(version, name, body[name])
        if "labels" in body:
            version.labels = merge_labels(version.labels, body["labels"])
        version.updated_at = ctx.now()
        return json_response(200, classic_views.product_version(state, version))

    def delete_version(request: httpx.Request, product_id: str, version_id: str) -> httpx.Response:
        version_of(product_id, version_id)
        state.remove_product_version(version_id)
        return no_content()

    router.add("POST", "/v2/api-products", ROUTES[0], create_product)
    router.add("GET", "/v2/api-products", ROUTES[1], list_products)
    one = "/v2/api-products/{product_id}"
    router.add("GET", one, ROUTES[2], get_product)
    router.add("PATCH", one, ROUTES[3], update_product)
    router.add("DELETE", one, ROUTES[4], delete_product)
    versions = one + "/product-versions"
    router.add("POST", versions, ROUTES[5], create_version)
    router.add("GET", versions, ROUTES[6], list_versions)
    router.add("GET", versions + "/{version_id}", ROUTES[7], get_version)
    router.add("PATCH", versions + "/{version_id}", ROUTES[8], update_version)
    router.add("DELETE", versions + "/{version_id}", ROUTES[9], delete_version)
