"""``FakeOkta``: one Okta org over HTTP. Builds the URL table, checks SSWS on the Management
surface, adds Okta's common headers, records every request, and renders every typed error in
one place (``errors.render``).

Deliberate deviations from real Okta are listed together in the package docstring
(``dcr_harness.fakes.okta``).
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import httpx

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.faults import FaultPlan
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.kit.prepared import Prepared, RequestFactory
from dcr_harness.fakes.kit.records import RequestLog
from dcr_harness.fakes.kit.routing import Router
from dcr_harness.fakes.okta import apps, dcr, errors, management, oauth, policies
from dcr_harness.fakes.okta.documents import Documents, prepared
from dcr_harness.fakes.okta.models import ApiToken
from dcr_harness.fakes.okta.ratelimit import RateLimiter
from dcr_harness.fakes.okta.state import OktaState

ROUTES: tuple[str, ...] = (
    *oauth.ROUTES,
    *dcr.ROUTES,
    *management.ROUTES,
    *policies.ROUTES,
    *apps.ROUTES,
)
"""Every route name, for ``okta.faults.add(name, Fault(...))``."""

Endpoint = Callable[..., httpx.Response]


class FakeOkta:
    def __init__(
        self,
        org_url: str = "https://dcr-harness.okta.com",
        *,
        ids: IdFactory | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.org_url = org_url.rstrip("/")
        self.clock = clock or Clock()
        self.ids = ids or IdFactory()
        self.state = OktaState(self.org_url, self.ids, self.clock)
        self.faults = FaultPlan()
        self.requests = RequestLog()
        self.rate_limit = RateLimiter(self.clock)
        self._request_ids = IdFactory(seed=0x0C7A)
        self._dated: tuple[int, str] = (-1, "")
        self._router = Router(self.faults, self._not_found, self._method_not_allowed)
        self._documents = Documents(self.state, self._router.resolve)
        self._install()

    def reset(self) -> None:
        """Back to a fresh org (see ``OktaState.reset``); faults, rate limit and log cleared."""
        self.state.reset()
        self.faults.clear()
        self.requests.clear()
        self.rate_limit.reset()
        self._request_ids.reset()
        self._documents.clear()

    def seed_api_token(self, value: str, name: str = "DCR token") -> ApiToken:
        """An API token with this secret value, as if an admin created it in the console."""
        return self.state.seed_api_token(value, name)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The whole Okta HTTP surface of this org's host."""
        request.read()
        self.requests.append(request)
        request_id = self._request_ids.request_id(length=27)
        headers: dict[str, str] = {}
        try:
            if _is_management(request.url.path):
                headers.update(self.rate_limit.take())
            response = self._router.dispatch(request)
        except errors.OktaError as error:
            response = errors.render(error, self._request_ids.request_id("oae", 22))
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        response.headers["X-Okta-Request-Id"] = request_id
        response.headers["Date"] = self._date()
        self._documents.remember(request, response)
        return response

    def shortcut(self, method: str, target: str, make_request: RequestFactory) -> Prepared | None:
        """A discovery document or key set answered again as ``handle`` answered it, without
        building ``httpx`` objects (``fakes.okta.documents``); the request is logged as its
        factory. None for anything else."""
        kept = self._documents.replayable(target) if method == "GET" else None
        if kept is None or self.faults.pending(kept.route):
            return None
        self.requests.log_later(make_request)
        request_id = self._request_ids.request_id(length=27)
        return prepared(kept, request_id, self._date())

    def _date(self) -> str:
        """The ``Date`` header of an answer now: formatted once per second of the clock."""
        second = int(self.clock.now())
        if second != self._dated[0]:
            self._dated = (second, formatdate(second, usegmt=True))
        return self._dated[1]

    def _install(self) -> None:
        for method, template, name, endpoint in oauth.ProtocolEndpoints(self.state).routes():
            self._router.add(method, template, name, endpoint)
        protected = (
            dcr.ClientRegistration(self.state).routes()
            + management.AuthorizationServers(self.state).routes()
            + policies.AccessPolicies(self.state).routes()
            + apps.Apps(self.state).routes()
        )
        for method, template, name, endpoint in protected:
            self._router.add(method, template, name, self._ssws(endpoint))

    def _ssws(self, endpoint: Endpoint) -> Endpoint:
        def guarded(request: httpx.Request, **params: Any) -> httpx.Response:
            header = request.headers.get("Authorization", "")
            scheme, _, value = header.partition(" ")
            if scheme == "Bearer" and value.strip():
                raise errors.invalid_token()
            # [I] Okta's own SDK sends "SSWS<token>" with no space (it concatenates prefix and
            # token), and its recordings against real orgs succeed: both forms are accepted.
            value = header.removeprefix("SSWS") if header.startswith("SSWS") else ""
            if not value.strip():
                raise errors.invalid_session()
            token = self.state.authenticate_api_token(value.strip())
            if token is None:
                raise errors.invalid_token()
            if token.read_only and request.method != "GET":
                raise errors.access_denied()
            return endpoint(request, **params)

        return guarded

    def _not_found(self, request: httpx.Request) -> httpx.Response:
        raise errors.path_not_found()

    def _method_not_allowed(self, request: httpx.Request) -> httpx.Response:
        raise errors.method_not_allowed()


def _is_management(path: str) -> bool:
    return path.startswith(("/api/v1/", "/oauth2/v1/clients"))
