"""Control planes and their Gateway Services and Routes (Kong's core entities).

The how-to's data plane serves the routes of the control plane an API is implemented on. A
route reaches the data plane ``sync_delay`` seconds after it is created, as a real control
plane/data plane sync takes a moment; a harness run waits for it, bounded.

Choices [I] (no vendor spec of the control-plane APIs is in the repository; shapes follow
Kong's Admin API and Konnect's public docs): lists answer ``{"data": [...], "offset": null}``;
a route needs an existing service of the same control plane; deleting a service that routes
still use is 400; a name is unique per control plane (409); errors are problem+json.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

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
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import ControlPlane, GatewayRoute, GatewayService
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "control-planes.list",
    "control-planes.get",
    "services.create",
    "services.list",
    "services.get",
    "services.delete",
    "routes.create",
    "routes.list",
    "routes.get",
    "routes.delete",
)


def register(router: Router, ctx: Context, sync_delay: Callable[[], float]) -> None:
    state = ctx.state

    def list_control_planes(request: httpx.Request) -> httpx.Response:
        fields: Fields[ControlPlane] = {
            "id": lambda cp: cp.id,
            "name": lambda cp: cp.name,
            "created_at": lambda cp: cp.created_at,
        }

        body = page(
            request,
            list(state.control_planes.values()),
            fields,
            serialise.control_plane,
            ("name", "created_at"),
        )
        return json_response(200, body)

    def get_control_plane(request: httpx.Request, cp_id: str) -> httpx.Response:
        return json_response(200, serialise.control_plane(lookup(state.control_planes, cp_id)))

    def create_service(request: httpx.Request, cp_id: str) -> httpx.Response:
        lookup(state.control_planes, cp_id)
        body = body_of(request)
        check(body, schemas.GATEWAY_SERVICE)
        _unique_name(state.services.values(), cp_id, body["name"])
        now = int(time.time())
        service = GatewayService(ctx.ids.uuid(), cp_id, body["name"], body["url"], now, now)
        state.services[service.id] = service
        return json_response(201, serialise.gateway_service(service))

    def list_services(request: httpx.Request, cp_id: str) -> httpx.Response:
        lookup(state.control_planes, cp_id)
        mine = [s for s in state.services.values() if s.control_plane_id == cp_id]
        return json_response(200, _kong_list([serialise.gateway_service(s) for s in mine]))

    def get_service(request: httpx.Request, cp_id: str, service_id: str) -> httpx.Response:
        return json_response(200, serialise.gateway_service(_service(cp_id, service_id)))

    def delete_service(request: httpx.Request, cp_id: str, service_id: str) -> httpx.Response:
        _service(cp_id, service_id)
        if any(r.service_id == service_id for r in state.routes.values()):
            raise invalid("id", "in_use", "an existing route refers to this service")
        del state.services[service_id]
        return no_content()

    def create_route(request: httpx.Request, cp_id: str) -> httpx.Response:
        lookup(state.control_planes, cp_id)
        body = body_of(request)
        check(body, schemas.GATEWAY_ROUTE)
        service_id = body["service"]["id"]
        found = state.services.get(service_id)
        if found is None or found.control_plane_id != cp_id:
            raise invalid(
                "service.id", "missing_reference", "no such service on this control plane"
            )
        if any(not p.startswith("/") for p in body["paths"]):
            raise invalid("paths", "pattern", "a path must start with /")
        _unique_name(state.routes.values(), cp_id, body["name"])
        now = int(time.time())
        route = GatewayRoute(
            id=ctx.ids.uuid(),
            control_plane_id=cp_id,
            name=body["name"],
            paths=list(body["paths"]),
            service_id=service_id,
            strip_path=bool(body.get("strip_path", True)),
            created_at=now,
            updated_at=now,
            synced_at=time.monotonic() + sync_delay(),
        )
        state.routes[route.id] = route
        return json_response(201, serialise.gateway_route(route))

    def list_routes(request: httpx.Request, cp_id: str) -> httpx.Response:
        lookup(state.control_planes, cp_id)
        mine = [r for r in state.routes.values() if r.control_plane_id == cp_id]
        return json_response(200, _kong_list([serialise.gateway_route(r) for r in mine]))

    def get_route(request: httpx.Request, cp_id: str, route_id: str) -> httpx.Response:
        return json_response(200, serialise.gateway_route(_route(cp_id, route_id)))

    def delete_route(request: httpx.Request, cp_id: str, route_id: str) -> httpx.Response:
        _route(cp_id, route_id)
        del state.routes[route_id]
        return no_content()

    def _service(cp_id: str, service_id: str) -> GatewayService:
        lookup(state.control_planes, cp_id)
        service: GatewayService = lookup(state.services, service_id)
        ensure(service.control_plane_id == cp_id, not_found())
        return service

    def _route(cp_id: str, route_id: str) -> GatewayRoute:
        lookup(state.control_planes, cp_id)
        route: GatewayRoute = lookup(state.routes, route_id)
        ensure(route.control_plane_id == cp_id, not_found())
        return route

    base = "/v2/control-planes"
    entities = base + "/{cp_id}/core-entities"
    router.add("GET", base, ROUTES[0], list_control_planes)
    router.add("GET", base + "/{cp_id}", ROUTES[1], get_control_plane)
    router.add("POST", entities + "/services", ROUTES[2], create_service)
    router.add("GET", entities + "/services", ROUTES[3], list_services)
    router.add("GET", entities + "/services/{service_id}", ROUTES[4], get_service)
    router.add("DELETE", entities + "/services/{service_id}", ROUTES[5], delete_service)
    router.add("POST", entities + "/routes", ROUTES[6], create_route)
    router.add("GET", entities + "/routes", ROUTES[7], list_routes)
    router.add("GET", entities + "/routes/{route_id}", ROUTES[8], get_route)
    router.add("DELETE", entities + "/routes/{route_id}", ROUTES[9], delete_route)


def _unique_name(entities: Any, cp_id: str, name: str) -> None:
    if any(e.control_plane_id == cp_id and e.name == name for e in entities):
        raise conflict(f"an entity named {name!r} exists on this control plane")


def _kong_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": items, "offset": None}
