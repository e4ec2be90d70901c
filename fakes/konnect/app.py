"""FakeKonnect: the regional admin API and one Dev Portal, as sync ``httpx`` handlers.

``handle_admin`` serves ``/v2/...`` and ``/v3/...`` behind ``Authorization: Bearer <PAT>``;
``handle_portal`` serves ``/api/v3/...`` of the one seeded portal behind the
``portalaccesstoken`` cookie. Typed errors become problem+json in ``fakes.konnect.errors`` only.
Outgoing DCR calls go through the injected ``http`` client and are recorded in ``dcr_calls``.
One lock serialises requests: served, the admin API and the Dev Portal run on server threads
of their own.

The PAT check runs before routing, so a request without a valid PAT is 401 on any path and
does not consume a queued fault.

Choices:
- ``api_url`` on ``*.api.konghq.com`` must be a region the admin specs list as a server (``us``,
  ``eu``, ``au``, ``me``, ``in``, ``sg``); ``global`` (identity only) and others are refused at
  construction. Any other host (a loopback server, a test host) is accepted as given.
- Roles are modelled coarsely: a PAT seeded with ``viewer=True`` may read (GET) and gets 403
  problem+json on every write; every other PAT may do all of the DCR work.
- ``handle`` tells the portal from the admin API by host AND port, so both can be served on
  127.0.0.1. Served over plain http (``fakes.kit.server``), the only difference from https is the
  portal cookies' ``Secure`` attribute (``fakes.konnect.portal_auth``); the portal's
  ``default_domain`` is the portal URL's host without the port (the spec's ``hostname`` format).
"""

from __future__ import annotations

import re
import threading

import httpx

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.faults import Fault, FaultPlan
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.records import Bounded
from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.konnect import (
    api_builder,
    applications,
    catalog,
    classic_portals,
    control_planes,
    portal_apps,
    portal_auth,
    portal_classic,
    portal_credentials,
    products,
    providers,
    strategies,
)
from dcr_harness.fakes.konnect.context import Context
from dcr_harness.fakes.konnect.dcr import OktaDcr
from dcr_harness.fakes.konnect.errors import (
    PROBLEM_JSON,
    KonnectError,
    forbidden,
    method_not_allowed,
    not_found,
    problem_response,
    unauthorized,
)
from dcr_harness.fakes.konnect.portal_auth import mail
from dcr_harness.fakes.konnect.schemas import STATUSES
from dcr_harness.fakes.konnect.state import (
    Api,
    ApiProduct,
    ControlPlane,
    Developer,
    KonnectState,
    Portal,
    ProductVersion,
)

ADMIN_ROUTES: tuple[str, ...] = (
    providers.ROUTES
    + strategies.ROUTES
    + catalog.ROUTES
    + api_builder.ROUTES
    + control_planes.ROUTES
    + applications.ROUTES
    + products.ROUTES
    + classic_portals.ROUTES
)
PORTAL_ROUTES: tuple[str, ...] = (
    portal_auth.ROUTES
    + portal_apps.ROUTES
    + portal_credentials.ROUTES
    + portal_auth.CLASSIC_ROUTES
    + portal_classic.ROUTES
    + portal_credentials.CLASSIC_ROUTES
)
ROUTES: tuple[str, ...] = ADMIN_ROUTES + PORTAL_ROUTES
PAT_PREFIXES = ("kpat_", "spat_")
REGIONS = ("us", "eu", "au", "me", "in", "sg")  # the admin specs' servers; sg is opt-in
_KONNECT_API = "api.konghq.com"
_READS = ("GET", "HEAD")
# admin paths naming a portal of one generation: the other generation's portals are 404 there
_PORTAL_OF_GENERATION = (
    (re.compile(r"^/v3/portals/([^/]+)"), "v3"),
    (re.compile(r"^/v3/apis/[^/]+/publications/([^/]+)"), "v3"),
    (re.compile(r"^/v2/portals/([^/]+)"), "v2"),
)


def check_api_url(api_url: str) -> None:
    """A ``*.api.konghq.com`` URL must name a region that serves these APIs (``global`` serves
    identity only); any other host (loopback, a test host) is the fake's own choice."""
    host = httpx.URL(api_url).host
    if host != _KONNECT_API and not host.endswith("." + _KONNECT_API):
        return
    if host.removesuffix(_KONNECT_API).rstrip(".") not in REGIONS:
        raise ValueError(
            f"{host} is not a Konnect region serving DCR providers, auth strategies and "
            f"portals: use one of {', '.join(f'{r}.{_KONNECT_API}' for r in REGIONS)}"
        )


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
        check_api_url(api_url)
        self.api_url = api_url.rstrip("/")
        self.portal_url = portal_url.rstrip("/")
        self._own_ids = ids is None
        self._own_clock = clock is None
        self.ids = ids if ids is not None else IdFactory()
        self.clock = clock if clock is not None else Clock()
        self.faults = FaultPlan()
        self.requests: Bounded[httpx.Request] = Bounded()
        self.dcr_calls: Bounded[httpx.Request] = Bounded()
        self.state = KonnectState(org_id=self.ids.uuid())
        self._ctx = Context(self.state, self.ids, self.clock, OktaDcr(http, self.dcr_calls))
        self._traces = 0
        self._lock = threading.RLock()
        self._admin = Router(self.faults, self._not_found, self._method_not_allowed)
        self.sync_delay = 0.0  # seconds before a new route reaches the data plane
        for module in (
            providers,
            strategies,
            catalog,
            api_builder,
            applications,
            products,
            classic_portals,
        ):
            module.register(self._admin, self._ctx)
        control_planes.register(self._admin, self._ctx, lambda: self.sync_delay)
        self._portal = Router(self.faults, self._not_found, self._method_not_allowed)
        for portal_module in (portal_auth, portal_apps, portal_classic):
            portal_module.register(self._portal, self._ctx)

    # HTTP ----------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Either API, chosen by host and port: the portal's gets the portal, any other the
        admin (so two servers on one loopback address, one per port, are told apart)."""
        if request.url.netloc == httpx.URL(self.portal_url).netloc:
            return self.handle_portal(request)
        return self.handle_admin(request)

    def handle_admin(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            try:
                self._authorise(request)
                self._same_generation(request.url.path)
                return self._admin.dispatch(request)
            except KonnectError as error:
                return problem_response(error, self._trace("kong"))

    def handle_portal(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            try:
                self._served_generation(request.url.path)
                return self._portal.dispatch(request)
            except KonnectError as error:
                return problem_response(error, self._trace("konnect"))

    def _authorise(self, request: httpx.Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or token not in self.state.pats:
            raise unauthorized()
        if token in self.state.viewer_pats and request.method not in _READS:
            raise forbidden()

    def _same_generation(self, path: str) -> None:
        """A v3 portal is not served by the v2 admin API, nor a classic one by v3."""
        for pattern, generation in _PORTAL_OF_GENERATION:
            match = pattern.match(path)
            portal = self.state.portals.get(match.group(1)) if match else None
            if portal is not None and portal.generation != generation:
                raise not_found()

    def _served_generation(self, path: str) -> None:
        """A classic portal serves ``/api/v2`` only, a v3 portal ``/api/v3`` only."""
        portal = self.state.portals.get(self._ctx.portal_id or "")
        if (
            portal is not None
            and path.startswith("/api/v")
            and not path.startswith(f"/api/{portal.generation}/")
        ):
            raise not_found()

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

    def seed_pat(self, value: str, *, viewer: bool = False) -> None:
        """A valid token. ``viewer``: its owner holds only Viewer roles, so reads answer and
        every write (including ``verify``) is 403 "You do not have permission to perform this
        action"; otherwise it may do all the DCR work (research section 1: the five roles)."""
        if not value.startswith(PAT_PREFIXES):
            raise ValueError("Konnect access tokens start with kpat_ (personal) or spat_ (system)")
        self.state.pats.add(value)
        if viewer:
            self.state.viewer_pats.add(value)

    def seed_portal(
        self,
        name: str,
        *,
        auto_approve_developers: bool = True,
        auto_approve_applications: bool = True,
        default_application_auth_strategy_id: str | None = None,
        classic: bool = False,
    ) -> Portal:
        """The portal served on ``portal_url``: a Dev Portal (v3), or with ``classic`` a classic
        Dev Portal (v2) that publishes API product versions."""
        now = self.clock.iso()
        portal = Portal(
            id=self.ids.uuid(),
            name=name,
            display_name=name,
            domain=httpx.URL(self.portal_url).host,  # a hostname: the spec's format, no port
            created_at=now,
            updated_at=now,
            auto_approve_developers=auto_approve_developers,
            auto_approve_applications=auto_approve_applications,
            default_application_auth_strategy_id=default_application_auth_strategy_id,
            generation="v2" if classic else "v3",
        )
        self.state.portals[portal.id] = portal
        self._ctx.portal_id = portal.id
        return portal

    def seed_control_plane(self, name: str) -> ControlPlane:
        now = self.clock.iso()
        plane = ControlPlane(id=self.ids.uuid(), name=name, created_at=now, updated_at=now)
        self.state.control_planes[plane.id] = plane
        return plane

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

    def seed_product_version(self, product: str, version: str = "v1") -> ProductVersion:
        """A team's API product with one version, implemented by a Gateway Service of its own
        (not on any seeded control plane: the data plane's route to it is seeded there)."""
        now = self.clock.iso()
        owner = ApiProduct(id=self.ids.uuid(), name=product, created_at=now, updated_at=now)
        self.state.products[owner.id] = owner
        made = ProductVersion(
            id=self.ids.uuid(),
            product_id=owner.id,
            name=version,
            control_plane_id=self.ids.uuid(),
            service_id=self.ids.uuid(),
            publish_status="published",
            created_at=now,
            updated_at=now,
        )
        self.state.product_versions[made.id] = made
        return made

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
