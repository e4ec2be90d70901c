"""FakeKonnect: the regional admin API and one Dev Portal, as sync ``httpx`` handlers.

``handle_admin`` serves ``/v2/...`` and ``/v3/...`` behind ``Authorization: Bearer <PAT>``;
``handle_portal`` serves ``/api/v3/...`` of the one seeded portal behind the
``portalaccesstoken`` cookie. Typed errors become problem+json in ``fakes.konnect.errors`` only.
Outgoing DCR calls go through the injected ``http`` client and are recorded in ``dcr_calls``.
One lock serialises requests, as the ASGI adapter runs handlers in worker threads.

The PAT check runs before routing, so a request without a valid PAT is 401 on any path and
does not consume a queued fault.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import urlsplit

import httpx

from fakes.kit.clock import Clock
from fakes.kit.faults import Fault, FaultPlan
from fakes.kit.ids import IdFactory
from fakes.kit.routing import Router
from fakes.konnect import (
    applications,
    catalog,
    portal_apps,
    portal_auth,
    providers,
    strategies,
)
from fakes.konnect.context import Context
from fakes.konnect.dcr import OktaDcr
from fakes.konnect.errors import (
    PROBLEM_JSON,
    KonnectError,
    method_not_allowed,
    not_found,
    problem_response,
    unauthorized,
)
from fakes.konnect.portal_auth import mail
from fakes.konnect.schemas import STATUSES
from fakes.konnect.state import Api, Developer, KonnectState, Portal

ADMIN_ROUTES: tuple[str, ...] = (
    providers.ROUTES + strategies.ROUTES + catalog.ROUTES + applications.ROUTES
)
PORTAL_ROUTES: tuple[str, ...] = portal_auth.ROUTES + portal_apps.ROUTES
ROUTES: tuple[str, ...] = ADMIN_ROUTES + PORTAL_ROUTES
PAT_PREFIXES = ("kpat_", "spat_")


def too_many_requests(retry_after: int = 1, *, portal: bool = False) -> Fault:
    """A 429 as Konnect writes it, with ``Retry-After`` in seconds, for ``konnect.faults``."""
    body = {
        "status": 429,
        "title": "Too Many Requests",
        "instance": f"{'konnect' if portal else 'kong'}:trace:1433447772874964729",
        "detail": "Too Many Requests",
    }
    return Fault(429, body, {"Content-Type": PROBLEM_JSON, "Retry-After": str(retry_after)})


class FakeKonnect:
    def __init__(
        self,
        api_url: str = "https://us.api.konghq.com",
        portal_url: str = "https://harness.us.portal.konghq.com",
        *,
        http: httpx.Client,
        ids: IdFactory | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.portal_url = portal_url.rstrip("/")
        self._own_ids = ids is None
        self._own_clock = clock is None
        self.ids = ids if ids is not None else IdFactory()
        self.clock = clock if clock is not None else Clock()
        self.faults = FaultPlan()
        self.requests: list[httpx.Request] = []
        self.dcr_calls: list[httpx.Request] = []
        self.state = KonnectState(org_id=self.ids.uuid())
        self._ctx = Context(self.state, self.ids, self.clock, OktaDcr(http, self.dcr_calls))
        self._traces = 0
        self._lock = threading.RLock()
        self._admin = Router(self.faults, self._not_found, self._method_not_allowed)
        for module in (providers, strategies, catalog, applications):
            module.register(self._admin, self._ctx)
        self._portal = Router(self.faults, self._not_found, self._method_not_allowed)
        for portal_module in (portal_auth, portal_apps):
            portal_module.register(self._portal, self._ctx)

    # HTTP ----------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Either API, chosen by host: the portal's host gets the portal, any other the admin."""
        if request.url.host == urlsplit(self.portal_url).hostname:
            return self.handle_portal(request)
        return self.handle_admin(request)

    def handle_admin(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            try:
                self._authorise(request)
                return self._admin.dispatch(request)
            except KonnectError as error:
                return problem_response(error, self._trace("kong"))

    def handle_portal(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            try:
                return self._portal.dispatch(request)
            except KonnectError as error:
                return problem_response(error, self._trace("konnect"))

    def _authorise(self, request: httpx.Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or token.strip() not in self.state.pats:
            raise unauthorized()

    def _not_found(self, request: httpx.Request) -> httpx.Response:
        raise not_found()

    def _method_not_allowed(self, request: httpx.Request) -> httpx.Response:
        raise method_not_allowed()

    def _trace(self, prefix: str) -> str:
        self._traces += 1
        return f"{prefix}:trace:{1433447772874964729 + self._traces}"

    # test and harness hooks ----------------------------------------------------------------

    def reset(self) -> None:
        """An empty org: no PATs, providers, strategies, portals, APIs, developers or apps."""
        self.state.clear()
        self.faults.clear()
        self.requests.clear()
        self.dcr_calls.clear()
        self._ctx.portal_id = None
        self._traces = 0
        if self._own_ids:
            self.ids.reset()
            self.ids.uuid()  # the org id's draw, so a reset fake repeats a fresh one's ids
        if self._own_clock:
            self.clock.reset()

    def seed_pat(self, value: str) -> None:
        if not value.startswith(PAT_PREFIXES):
            raise ValueError("Konnect access tokens start with kpat_ (personal) or spat_ (system)")
        self.state.pats.add(value)

    def seed_portal(
        self,
        name: str,
        *,
        auto_approve_developers: bool = True,
        auto_approve_applications: bool = True,
        default_application_auth_strategy_id: str | None = None,
    ) -> Portal:
        now = self.clock.iso()
        portal = Portal(
            id=self.ids.uuid(),
            name=name,
            display_name=name,
            domain=urlsplit(self.portal_url).netloc,
            created_at=now,
            updated_at=now,
            auto_approve_developers=auto_approve_developers,
            auto_approve_applications=auto_approve_applications,
            default_application_auth_strategy_id=default_application_auth_strategy_id,
        )
        self.state.portals[portal.id] = portal
        self._ctx.portal_id = portal.id
        return portal

    def seed_api(self, name: str, *, slug: str | None = None, version: str | None = None) -> Api:
        now = self.clock.iso()
        api = Api(
            id=self.ids.uuid(),
            name=name,
            slug=slug or re.sub(r"[^\w-]+", "-", name.lower()).strip("-"),
            version=version,
            service_id=self.ids.uuid(),
            control_plane_id=self.ids.uuid(),
            created_at=now,
            updated_at=now,
        )
        self.state.apis[api.id] = api
        return api

    def seed_developer(
        self,
        email: str,
        password: str,
        *,
        full_name: str = "Harness Developer",
        status: str = "approved",
    ) -> Developer:
        """A developer of the served portal who has verified the email and set a password."""
        if self._ctx.portal_id is None:
            raise RuntimeError("seed_portal first")
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        now = self.clock.iso()
        developer = Developer(
            id=self.ids.uuid(),
            portal_id=self._ctx.portal_id,
            email=email,
            full_name=full_name,
            status=status,
            created_at=now,
            updated_at=now,
            password=password,
        )
        self.state.developers[developer.id] = developer
        return developer

    def verification_token(self, email: str) -> str:
        """The latest verify-email token the portal 'mailed' to this address."""
        for message in reversed(self.state.outbox):
            if message.to.lower() == email.lower() and message.kind == "verify-email":
                return message.token
        raise LookupError(f"no verification email was sent to {email}")

    def resend_verification(self, email: str) -> str:
        return mail(self._ctx, email, "verify-email").token
