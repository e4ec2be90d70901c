"""Test-only pytest plugin: ``--misconfig NAME`` breaks the fakes after every reset, the way a
real setup goes wrong where no configuration key can express it (a revoked token, a scope
switched to consent, a secret rotated behind the portal's back)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from dcr_harness._core.auth import unencoded_basic_header
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.transport import Network
from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.konnect.dcr import DcrClient, OktaDcr
from dcr_harness.fakes.world import FakeWorld

Mutation = Callable[[FakeWorld, pytest.MonkeyPatch], None]
MONTH = 31 * 24 * 3600


def _token(world: FakeWorld, name: str) -> Any:
    return next(t for t in world.okta.state.api_tokens.values() if t.name == name)


def _default(world: FakeWorld) -> Any:
    return world.okta.state.server(world.config.okta.authorization_server)


def revoke_dcr_token(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.okta.state.revoke_api_token(_token(world, "DCR token").id)


def expire_dcr_token(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    _token(world, "DCR token").last_used -= MONTH


def forget_dcr_token(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    del world.okta.state.api_tokens[_token(world, "DCR token").id]


def read_only_dcr_token(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.okta.state.restrict_api_token(_token(world, "DCR token").id)


def revoke_api_token(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.okta.state.revoke_api_token(_token(world, "dcr-harness").id)


def require_consent(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    for scope in _default(world).scopes.values():
        if scope.name in world.config.konnect.auth_strategy.scopes:
            scope.consent = "REQUIRED"


def claim_in_id_token_only(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    for claim in _default(world).claims.values():
        if claim.value == "app.clientId" and not claim.system:
            claim.claim_type = "IDENTITY"


def stop_auto_approving(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    for portal in world.konnect.state.portals.values():
        portal.auto_approve_applications = False


def forget_registrations(world: FakeWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data plane never received the application's approved registration."""
    state = world.konnect.state
    original = state.application_by_client_id

    def unregistered(client_id: str) -> Any:
        app = original(client_id)
        return None if app is None else dataclasses.replace(app, approved_api_ids=frozenset())

    monkeypatch.setattr(state, "application_by_client_id", unregistered)


def send_the_howtos_header(world: FakeWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dcr_harness.steps.gateway.basic_header", unencoded_basic_header)


def rotate_secrets_in_okta(world: FakeWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone regenerates every new client's secret in Okta: the portal's copy goes stale."""
    state = world.okta.state
    original = state.register_client

    def register_then_rotate(*args: Any, **kwargs: Any) -> Any:
        client = original(*args, **kwargs)
        shown = dataclasses.replace(client, secrets=list(client.secrets))
        state.new_client_secret(client.client_id)
        return shown

    monkeypatch.setattr(state, "register_client", register_then_rotate)


def empty_key_set(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.okta.faults.add("as.keys", Fault(200, {"keys": []}), times=1000)


def konnect_down(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    body = {
        "status": 500,
        "title": "Internal Server Error",
        "instance": "kong:trace:1",
        "detail": "Internal Server Error",
    }
    world.konnect.faults.add("dcr-providers.create", Fault(500, body), times=1000)


def developer_pending(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    for developer in world.konnect.state.developers.values():
        developer.status = "pending"


def unpublish(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.konnect.state.publications.clear()


def rename_control_plane(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    for plane in world.konnect.state.control_planes.values():
        plane.name = f"{plane.name}-elsewhere"


def classic_portal(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    """The team's portal is a classic one, while the setup keeps the default v3."""
    for portal in world.konnect.state.portals.values():
        portal.generation = "v2"


def never_sync(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    """A data plane that belongs to another control plane never receives the run's route."""
    world.konnect.sync_delay = 3600.0


def exhaust_okta_rate_limit(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    """Other pipelines used up the org's Management API limit for the next hour."""
    world.okta.rate_limit.configure(limit=0, window=3600)


def tighten_okta_rate_limit(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    """One Management API call a second: every scenario outruns it."""
    world.okta.rate_limit.configure(limit=1, window=1)


def revoke_pat(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.konnect.state.pats.clear()


def deactivate_server(world: FakeWorld, _: pytest.MonkeyPatch) -> None:
    world.okta.state.set_server_status(world.config.okta.authorization_server, "INACTIVE")


def admin_decides(status: str) -> Mutation:
    """A Konnect admin sets each new registration to ``status`` right after it is made (the
    developer saw it approved)."""

    def mutate(world: FakeWorld, monkeypatch: pytest.MonkeyPatch) -> None:
        original = DevPortal.register

        def register_then_decide(self: DevPortal, application_id: str, api_id: str) -> Any:
            made = original(self, application_id, api_id)
            for registration in world.konnect.state.registrations.values():
                if registration.application_id == application_id:
                    registration.status = status
            return made

        monkeypatch.setattr(DevPortal, "register", register_then_decide)

    return mutate


def lose_the_rotation(world: FakeWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """Konnect shows a regenerated secret that never reached Okta."""

    def made_up(self: OktaDcr, provider: Any, client_id: str) -> DcrClient:
        return DcrClient(client_id, "never-sent-to-okta-" + client_id)

    monkeypatch.setattr(OktaDcr, "new_secret", made_up)


MUTATIONS: dict[str, Mutation] = {
    "rotation-lost": lose_the_rotation,
    "admin-revokes": admin_decides("revoked"),
    "admin-rejects": admin_decides("rejected"),
    "server-inactive": deactivate_server,
    "unpublished": unpublish,
    "pat-revoked": revoke_pat,
    "okta-rate-limit-tight": tighten_okta_rate_limit,
    "okta-rate-limit-exhausted": exhaust_okta_rate_limit,
    "control-plane-renamed": rename_control_plane,
    "portal-is-classic": classic_portal,
    "data-plane-elsewhere": never_sync,
    "dcr-token-revoked": revoke_dcr_token,
    "dcr-token-expired": expire_dcr_token,
    "dcr-token-unknown": forget_dcr_token,
    "dcr-token-read-only": read_only_dcr_token,
    "api-token-revoked": revoke_api_token,
    "scope-consent-required": require_consent,
    "claim-id-token-only": claim_in_id_token_only,
    "no-auto-approval": stop_auto_approving,
    "registrations-not-pushed": forget_registrations,
    "howto-basic-header": send_the_howtos_header,
    "secret-rotated-in-okta": rotate_secrets_in_okta,
    "empty-key-set": empty_key_set,
    "konnect-down": konnect_down,
    "developer-pending": developer_pending,
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--misconfig", choices=sorted(MUTATIONS), default=None)


@pytest.fixture(autouse=True)
def _misconfigured(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    name = request.config.getoption("--misconfig")
    if name is None:
        return
    network: Network = request.getfixturevalue("fresh_network")
    assert network.world is not None
    MUTATIONS[name](network.world, monkeypatch)
