"""Admin v3: creating and deleting APIs, and linking an API to the Gateway Service that
implements it (the API Catalog spec).

Choices [I]:
- Deleting an API removes its publications and its implementation with it.
- An API has at most one implementation: a second is 409, as the spec's
  ``ApiImplementationConflict`` says. A service that is not on that control plane is 400
  ``missing_reference``.
"""

from __future__ import annotations

import re

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas, serialise
from dcr_harness.fakes.konnect.context import (
    Context,
    body_of,
    ensure,
    json_response,
    lookup,
    no_content,
)
from dcr_harness.fakes.konnect.errors import conflict, invalid, not_found
from dcr_harness.fakes.konnect.state import Api, Implementation
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "apis.create",
    "apis.delete",
    "implementations.create",
    "implementations.get",
    "implementations.delete",
)
_SLUG = re.compile(r"^[\w-]+$")


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def create_api(request: httpx.Request) -> httpx.Response:
        body = body_of(request)
        check(body, schemas.API_CREATE)
        slug = body.get("slug") or re.sub(r"[^\w-]+", "-", body["name"].lower()).strip("-")
        if not _SLUG.match(slug):
            raise invalid("slug", "pattern", "slug must match ^[\\w-]+$")
        version = body.get("version")
        if any(a.name == body["name"] and a.version == version for a in state.apis.values()):
            raise conflict(f"an API named {body['name']!r} with this version exists")
        now = ctx.now()
        api = Api(
            id=ctx.ids.uuid(),
            name=body["name"],
            slug=slug,
            version=body.get("version"),
            description=body.get("description"),
            labels=dict(body.get("labels") or {}),
            service_id="",
            control_plane_id="",
            created_at=now,
            updated_at=now,
        )
        state.apis[api.id] = api
        return json_response(201, serialise.api(state, api))

    def delete_api(request: httpx.Request, api_id: str) -> httpx.Response:
        lookup(state.apis, api_id)
        state.remove_api(api_id)
        return no_content()

    def create_implementation(request: httpx.Request, api_id: str) -> httpx.Response:
        lookup(state.apis, api_id)
        body = body_of(request)
        check(body, schemas.IMPLEMENTATION)
        service = body["service"]
        found = state.services.get(service["id"])
        if found is None or found.control_plane_id != service["control_plane_id"]:
            raise invalid(
                "service.id", "missing_reference", "no such service on that control plane"
            )
        if state.implementation_of_api(api_id) is not None:
            raise conflict("the API already has an implementation")
        now = ctx.now()
        implementation = Implementation(
            id=ctx.ids.uuid(),
            api_id=api_id,
            control_plane_id=found.control_plane_id,
            service_id=found.id,
            created_at=now,
            updated_at=now,
        )
        state.implementations[implementation.id] = implementation
        return json_response(201, serialise.implementation(implementation))

    def get_implementation(
        request: httpx.Request, api_id: str, implementation_id: str
    ) -> httpx.Response:
        implementation = _implementation(api_id, implementation_id)
        return json_response(200, serialise.implementation(implementation))

    def delete_implementation(
        request: httpx.Request, api_id: str, implementation_id: str
    ) -> httpx.Response:
        _implementation(api_id, implementation_id)
        del state.implementations[implementation_id]
        return no_content()

    def _implementation(api_id: str, implementation_id: str) -> Implementation:
        lookup(state.apis, api_id)
        implementation: Implementation = lookup(state.implementations, implementation_id)
        ensure(implementation.api_id == api_id, not_found())
        return implementation

    router.add("POST", "/v3/apis", ROUTES[0], create_api)
    router.add("DELETE", "/v3/apis/{api_id}", ROUTES[1], delete_api)
    router.add("POST", "/v3/apis/{api_id}/implementations", ROUTES[2], create_implementation)
    one = "/v3/apis/{api_id}/implementations/{implementation_id}"
    router.add("GET", one, ROUTES[3], get_implementation)
    router.add("DELETE", one, ROUTES[4], delete_implementation)
