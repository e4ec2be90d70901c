"""Dev Portal v3 developer accounts: register, verify email, set password, log in, ``me``.

The v3 ``RegisterPayload`` has no password (``additionalProperties: false``). As on real
portals, a developer sets one through the email flow: register -> the portal "mails" a
verify-email token (``KonnectState.outbox``) -> ``POST /api/v3/developer/verify-email`` answers
202 with a reset token -> ``POST /api/v3/developer/reset-password`` sets the password.
``FakeKonnect.seed_developer`` shortcuts this.

Choices:
- Registering an email that already exists answers 201 and changes nothing (no account
  enumeration; the spec documents only 201/400).
- Log in: unknown email, no password yet or a wrong one -> 401 "Invalid Credentials"; a pending
  developer -> 401 "Approval Required" (the spec's examples); revoked/rejected -> 401
  "Unauthorized". The cookie ``portalaccesstoken`` is an opaque token, not a JWT.
- Served over plain http (the loopback sandbox), the cookies are not ``Secure``: see
  ``_transport_attributes``. Over https they are exactly as the spec writes them.
"""

from __future__ import annotations

import httpx

from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import schemas, serialise
from dcr_harness.fakes.konnect.context import Context, body_of, json_response, no_content
from dcr_harness.fakes.konnect.errors import KonnectError, not_found, unauthorized
from dcr_harness.fakes.konnect.state import Developer, Email, Portal
from dcr_harness.fakes.konnect.validation import check

ROUTES = (
    "portal.register",
    "portal.verify-email",
    "portal.reset-password",
    "portal.authenticate",
    "portal.logout",
    "portal.me",
)
# a classic portal's session routes (its accounts are seeded: its own sign-up flow is not served)
CLASSIC_ROUTES = ("portal-v2.authenticate", "portal-v2.logout", "portal-v2.me")
ACCESS_COOKIE = "portalaccesstoken"
REFRESH_COOKIE = "portalrefreshtoken"


def served_portal(ctx: Context) -> Portal:
    if ctx.portal_id is None or ctx.portal_id not in ctx.state.portals:
        raise not_found("No portal is served here")
    return ctx.state.portals[ctx.portal_id]


def cookies(request: httpx.Request) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in request.headers.get_list("cookie"):
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            if name:
                jar[name] = value
    return jar


def current_developer(request: httpx.Request, ctx: Context) -> Developer:
    """The developer of the request's ``portalaccesstoken`` cookie, or 401."""
    portal = served_portal(ctx)
    developer_id = ctx.state.sessions.get(cookies(request).get(ACCESS_COOKIE, ""))
    developer = ctx.state.developers.get(developer_id or "")
    if developer is None or developer.portal_id != portal.id or developer.status != "approved":
        raise unauthorized()
    return developer


def _transport_attributes(request: httpx.Request) -> str:
    """Real portals are https-only and mark the cookies ``Secure; SameSite=None``. A fake served
    over plain http on 127.0.0.1 leaves ``Secure`` out (no client would send the cookie back)
    and says ``SameSite=Lax`` (browsers refuse ``None`` without ``Secure``)."""
    if request.url.scheme == "https":
        return "HttpOnly; Secure; SameSite=None"
    return "HttpOnly; SameSite=Lax"


def mail(ctx: Context, to: str, kind: str) -> Email:
    message = Email(to=to, kind=kind, token=ctx.ids.uuid())
    ctx.state.outbox.append(message)
    ctx.state.pending_tokens[message.token] = message
    return message


def register(router: Router, ctx: Context) -> None:
    state = ctx.state

    def register_developer(request: httpx.Request) -> httpx.Response:
        portal = served_portal(ctx)
        body = body_of(request)
        check(body, schemas.REGISTER)
        if state.developer_by_email(portal.id, body["email"]) is None:
            now = ctx.now()
            developer = Developer(
                id=ctx.ids.uuid(),
                portal_id=portal.id,
                email=body["email"],
                full_name=body["full_name"],
                status="approved" if portal.auto_approve_developers else "pending",
                created_at=now,
                updated_at=now,
            )
            state.developers[developer.id] = developer
            mail(ctx, developer.email, "verify-email")
        return httpx.Response(201)

    def verify_email(request: httpx.Request) -> httpx.Response:
        served_portal(ctx)
        body = body_of(request)
        check(body, schemas.VERIFY_EMAIL)
        message = state.pending_tokens.get(body["token"])
        if message is None or message.kind != "verify-email":
            raise not_found("Token not found")
        del state.pending_tokens[message.token]
        reset = mail(ctx, message.to, "reset-password")
        return json_response(202, {"email": message.to, "token": reset.token})

    def reset_password(request: httpx.Request) -> httpx.Response:
        portal = served_portal(ctx)
        body = body_of(request)
        check(body, schemas.RESET_PASSWORD)
        message = state.pending_tokens.get(body["token"])
        developer = state.developer_by_email(portal.id, message.to) if message else None
        if message is None or message.kind != "reset-password" or developer is None:
            raise not_found("Token not found")
        del state.pending_tokens[message.token]
        developer.password = body["password"]
        developer.updated_at = ctx.now()
        return no_content()

    def authenticate(request: httpx.Request) -> httpx.Response:
        return signed_in(request, "v3")

    def authenticate_classic(request: httpx.Request) -> httpx.Response:
        return signed_in(request, "v2")

    def signed_in(request: httpx.Request, generation: str) -> httpx.Response:
        portal = served_portal(ctx)
        body = body_of(request)
        check(body, schemas.AUTHENTICATE)
        developer = state.developer_by_email(portal.id, body["username"])
        if (
            developer is None
            or developer.password is None
            or developer.password != body["password"]
        ):
            raise unauthorized(
                "Invalid Credentials", "You have entered an invalid email or password."
            )
        if developer.status == "pending":
            raise unauthorized("Approval Required", "Your account is pending approval for access.")
        if developer.status != "approved":
            raise KonnectError(
                401, "Unauthorized", "Your account does not have access to this portal."
            )
        token = ctx.ids.token()
        state.sessions[token] = developer.id
        attributes = f"Domain={request.url.host}; {_transport_attributes(request)}"
        headers = [
            ("Set-Cookie", f"{ACCESS_COOKIE}={token}; Path=/; {attributes}"),
            (
                "Set-Cookie",
                f"{REFRESH_COOKIE}={ctx.ids.token()}; "
                f"Path=/api/{generation}/developer/refresh; {attributes}",
            ),
        ]
        return httpx.Response(204, headers=headers)

    def logout(request: httpx.Request) -> httpx.Response:
        state.sessions.pop(cookies(request).get(ACCESS_COOKIE, ""), None)
        expired = f"Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; {_transport_attributes(request)}"
        return httpx.Response(204, headers=[("Set-Cookie", f"{ACCESS_COOKIE}=; {expired}")])

    def me(request: httpx.Request) -> httpx.Response:
        return json_response(200, serialise.me(current_developer(request, ctx)))

    router.add("POST", "/api/v3/developer", ROUTES[0], register_developer)
    router.add("POST", "/api/v3/developer/verify-email", ROUTES[1], verify_email)
    router.add("POST", "/api/v3/developer/reset-password", ROUTES[2], reset_password)
    router.add("POST", "/api/v3/developer/authenticate", ROUTES[3], authenticate)
    router.add("POST", "/api/v3/developer/logout", ROUTES[4], logout)
    router.add("GET", "/api/v3/developer/me", ROUTES[5], me)
    router.add("POST", "/api/v2/developer/authenticate", CLASSIC_ROUTES[0], authenticate_classic)
    router.add("POST", "/api/v2/developer/logout", CLASSIC_ROUTES[1], logout)
    router.add("GET", "/api/v2/developer/me", CLASSIC_ROUTES[2], me)
