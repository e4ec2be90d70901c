"""``/v2/dcr-providers``: DCR providers of every ``provider_type``; okta verified for real.

Choices and deviations:
- ``verify`` answers 200 with ``status: failed`` rather than a 4xx (the spec's examples; research
  §2). For okta it registers a throw-away client over the outgoing client and deletes it again;
  the errors list the spec's text then the IdP's answer. Other types are not verified by the fake:
  they answer ``failed`` with a message saying so.
- DELETE of a provider that a strategy still references is 409 Conflict. The spec lists no 409
  (open question §9); a dangling ``dcr_provider`` would be worse. Delete strategies first, as
  kongctl's org reset does.
- The issuer is stored as sent (no normalisation), and nothing is checked against the IdP at
  create, as kongctl's e2e suite observes.
"""

from __future__ import annotations

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas, serialise
from dcr_harness.fakes.konnect.context import Context, body_of, json_response, lookup, no_content
from dcr_harness.fakes.konnect.dcr import DcrError
from dcr_harness.fakes.konnect.errors import conflict
from dcr_harness.fakes.konnect.listing import Fields, page
from dcr_harness.fakes.konnect.state import DcrProvider
from dcr_harness.fakes.konnect.validation import check, merge_labels

ROUTES = (
    "dcr-providers.create",
    "dcr-providers.list",
    "dcr-providers.get",
    "dcr-providers.update",
    "dcr-providers.delete",
    "dcr-providers.verify",
)
_SORTABLE = ("created_at", "updated_at", "provider_type", "issuer", "name")
VERIFY_FAILED = "Unable to create the DCR application"


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def create(request: httpx.Request) -> httpx.Response:
        body = body_of(request)
        check(body, schemas.PROVIDER_TYPE_ONLY)
        provider_type = body["provider_type"]
        check(body, schemas.create_provider(provider_type))
        now = ctx.now()
        provider = DcrProvider(
            id=ctx.ids.uuid(),
            name=body["name"],
            display_name=body.get("display_name"),
            provider_type=provider_type,
            issuer=body["issuer"],
            dcr_config=dict(body.get("dcr_config") or {}),
            labels=dict(body.get("labels") or {}),
            created_at=now,
            updated_at=now,
        )
        state.providers[provider.id] = provider
        return json_response(201, serialise.provider(state, provider))

    def list_(request: httpx.Request) -> httpx.Response:
        fields: Fields[DcrProvider] = {
            "id": lambda p: p.id,
            "name": lambda p: p.name,
            "issuer": lambda p: p.issuer,
            "provider_type": lambda p: p.provider_type,
            "initial_client_id": lambda p: p.dcr_config.get("initial_client_id"),
            "initial_client_audience": lambda p: p.dcr_config.get("initial_client_audience"),
            "created_at": lambda p: p.created_at,
            "updated_at": lambda p: p.updated_at,
        }

        body = page(
            request,
            list(state.providers.values()),
            fields,
            lambda p: serialise.provider(state, p),
            _SORTABLE,
        )
        return json_response(200, body)

    def get(request: httpx.Request, provider_id: str) -> httpx.Response:
        provider: DcrProvider = lookup(state.providers, provider_id)
        return json_response(200, serialise.provider(state, provider))

    def update(request: httpx.Request, provider_id: str) -> httpx.Response:
        provider: DcrProvider = lookup(state.providers, provider_id)
        body = body_of(request)
        check(body, schemas.update_provider(provider.provider_type))
        for key in ("name", "display_name", "issuer"):
            if key in body:
                setattr(provider, key, body[key])
        if "labels" in body:
            provider.labels = merge_labels(provider.labels, body["labels"])
        if "dcr_config" in body:
            provider.dcr_config = {**provider.dcr_config, **body["dcr_config"]}
        provider.updated_at = ctx.now()
        return json_response(200, serialise.provider(state, provider))

    def delete(request: httpx.Request, provider_id: str) -> httpx.Response:
        provider: DcrProvider = lookup(state.providers, provider_id)
        users = state.strategies_using_provider(provider.id)
        if users:
            names = ", ".join(s.name for s in users)
            raise conflict(f"DCR provider is used by application auth strategies: {names}")
        del state.providers[provider.id]
        return no_content()

    def verify(request: httpx.Request, provider_id: str) -> httpx.Response:
        provider: DcrProvider = lookup(state.providers, provider_id)
        if provider.provider_type != "okta":
            reason = f"the fake verifies only okta providers, not {provider.provider_type}"
            return json_response(200, {"status": "failed", "errors": [VERIFY_FAILED, reason]})
        try:
            client = ctx.dcr.register(provider, f"konnect-dcr-verify-{ctx.ids.uuid()[:8]}")
            ctx.dcr.delete(provider, client.client_id)
        except DcrError as error:
            return json_response(
                200, {"status": "failed", "errors": [VERIFY_FAILED, error.summary]}
            )
        return json_response(200, {"status": "success", "errors": []})

    base = "/v2/dcr-providers"
    router.add("POST", base, ROUTES[0], create)
    router.add("GET", base, ROUTES[1], list_)
    router.add("GET", base + "/{provider_id}", ROUTES[2], get)
    router.add("PATCH", base + "/{provider_id}", ROUTES[3], update)
    router.add("DELETE", base + "/{provider_id}", ROUTES[4], delete)
    router.add("POST", base + "/{provider_id}/verify", ROUTES[5], verify)
