"""``/v2/application-auth-strategies``: key_auth and openid_connect strategies.

DCR is ``openid_connect`` plus a ``dcr_provider_id``.

Choices and deviations:
- An unknown ``dcr_provider_id`` is 400 with ``rule: missing_reference`` on ``dcr_provider_id``.
- ``dcr_provider_id`` on a key_auth strategy is an ``unknown_property`` (the key_auth schema
  has none).
- PATCH merges a partial ``configs["openid-connect"]`` (or ``key-auth``) into the stored one key by
  key; sending the other config kind is 400 ``invalid``. Unknown keys inside
  ``configs["openid-connect"]`` are plugin config: stored and read back as sent.
- PUT replaces the whole strategy with the create body and answers 201 (the spec). For an
  unknown id it answers 404, which the spec does not list for PUT (no upsert is documented).
- DELETE while a publication uses the strategy is 409 (the spec).
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas, serialise
from dcr_harness.fakes.konnect.context import Context, body_of, json_response, lookup, no_content
from dcr_harness.fakes.konnect.errors import conflict, invalid
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import KEY_AUTH_KEY, OIDC_KEY, AuthStrategy
from dcr_harness.fakes.konnect.validation import check, merge_labels

ROUTES = (
    "auth-strategies.create",
    "auth-strategies.list",
    "auth-strategies.get",
    "auth-strategies.replace",
    "auth-strategies.update",
    "auth-strategies.delete",
)
_SORTABLE = (
    "created_at",
    "updated_at",
    "strategy_type",
    "name",
    "display_name",
    "dcr_provider_id",
    "dcr_provider_name",
    "dcr_provider_type",
)


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def provider_ref(body: dict[str, Any]) -> str | None:
        provider_id = body.get("dcr_provider_id")
        if provider_id is not None and provider_id not in state.providers:
            raise invalid(
                "dcr_provider_id", "missing_reference", f"DCR provider {provider_id} does not exist"
            )
        return provider_id if isinstance(provider_id, str) else None

    def from_create_body(body: dict[str, Any]) -> dict[str, Any]:
        check(body, schemas.STRATEGY_TYPE_ONLY)
        check(body, schemas.create_strategy(body["strategy_type"]))
        return {
            "name": body["name"],
            "display_name": body["display_name"],
            "strategy_type": body["strategy_type"],
            "configs": {key: dict(value) for key, value in body["configs"].items()},
            "dcr_provider_id": provider_ref(body),
            "labels": dict(body.get("labels") or {}),
            "principals": body.get("principals"),
        }

    def create(request: httpx.Request) -> httpx.Response:
        fields = from_create_body(body_of(request))
        now = ctx.now()
        strategy = AuthStrategy(id=ctx.ids.uuid(), created_at=now, updated_at=now, **fields)
        state.strategies[strategy.id] = strategy
        return json_response(201, serialise.strategy(state, strategy))

    def list_(request: httpx.Request) -> httpx.Response:
        def provider(s: AuthStrategy, field: str) -> str | None:
            found = state.providers.get(s.dcr_provider_id or "")
            return getattr(found, field) if found is not None else None

        fields: Fields[AuthStrategy] = {
            "name": lambda s: s.name,
            "display_name": lambda s: s.display_name,
            "strategy_type": lambda s: s.strategy_type,
            "dcr_provider_id": lambda s: s.dcr_provider_id,
            "dcr_provider_name": lambda s: provider(s, "name"),
            "dcr_provider_type": lambda s: provider(s, "provider_type"),
            "created_at": lambda s: s.created_at,
            "updated_at": lambda s: s.updated_at,
        }

        body = page(
            request,
            list(state.strategies.values()),
            fields,
            lambda s: serialise.strategy(state, s),
            _SORTABLE,
        )
        return json_response(200, body)

    def get(request: httpx.Request, strategy_id: str) -> httpx.Response:
        strategy: AuthStrategy = lookup(state.strategies, strategy_id)
        return json_response(200, serialise.strategy(state, strategy))

    def replace(request: httpx.Request, strategy_id: str) -> httpx.Response:
        strategy: AuthStrategy = lookup(state.strategies, strategy_id)
        for key, value in from_create_body(body_of(request)).items():
            setattr(strategy, key, value)
        strategy.updated_at = ctx.now()
        return json_response(201, serialise.strategy(state, strategy))

    def update(request: httpx.Request, strategy_id: str) -> httpx.Response:
        strategy: AuthStrategy = lookup(state.strategies, strategy_id)
        body = body_of(request)
        check(body, schemas.update_strategy(strategy.strategy_type))
        if "dcr_provider_id" in body:
            if strategy.strategy_type != "openid_connect":
                raise invalid(
                    "dcr_provider_id",
                    "invalid",
                    "only openid_connect strategies use a DCR provider",
                )
            strategy.dcr_provider_id = provider_ref(body)
        if "configs" in body:
            own = OIDC_KEY if strategy.strategy_type == "openid_connect" else KEY_AUTH_KEY
            for key, partial in body["configs"].items():
                if key != own:
                    raise invalid(
                        f"configs.{key}",
                        "invalid",
                        f"a {strategy.strategy_type} strategy takes configs.{own}",
                    )
                merged = {**strategy.configs.get(own, {}), **partial}
                strategy.configs[own] = {
                    k: v for k, v in merged.items() if not (k == "ttl" and v is None)
                }
        for key in ("name", "display_name", "principals"):
            if key in body:
                setattr(strategy, key, body[key])
        if "labels" in body:
            strategy.labels = merge_labels(strategy.labels, body["labels"])
        strategy.updated_at = ctx.now()
        return json_response(200, serialise.strategy(state, strategy))

    def delete(request: httpx.Request, strategy_id: str) -> httpx.Response:
        strategy: AuthStrategy = lookup(state.strategies, strategy_id)
        if state.strategy_in_use(strategy.id):
            raise conflict("Auth strategy is in use by one or more published APIs")
        del state.strategies[strategy.id]
        return no_content()

    base = "/v2/application-auth-strategies"
    router.add("POST", base, ROUTES[0], create)
    router.add("GET", base, ROUTES[1], list_)
    router.add("GET", base + "/{strategy_id}", ROUTES[2], get)
    router.add("PUT", base + "/{strategy_id}", ROUTES[3], replace)
    router.add("PATCH", base + "/{strategy_id}", ROUTES[4], update)
    router.add("DELETE", base + "/{strategy_id}", ROUTES[5], delete)
