"""Steps for the how-to's section 'Create an application with DCR': an application's life after
it is made: a Konnect admin approves, revokes or rejects its registration; the developer
regenerates its client secret, or adds a second credential and removes the first."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from pytest_bdd import given, parsers, then, when

from dcr_harness._core.attempt import Attempt, attempt
from dcr_harness._core.auth import basic_header
from dcr_harness._core.clients.gateway import DataPlane, sync_wait
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import (
    AccessToken,
    AuthStrategy,
    ClientCredentials,
    GatewayAnswer,
    KonnectApi,
    PortalApplication,
    Registration,
)
from dcr_harness._diagnosis.checks import SetupError
from dcr_harness._diagnosis.explain import RefusalExplainer, registration_problem
from dcr_harness.steps.konnect import setup_portal
from dcr_harness.steps.portal import create_application

OK, FORBIDDEN = 200, 403


@given("the Dev Portal does not approve applications automatically")
def _(konnect: KonnectAdmin, harness_config: HarnessConfig) -> None:
    """A fake Konnect's portal is set not to auto-approve; a live portal (a team's, never
    changed) must already not, or the scenario is skipped, saying why."""
    portal = setup_portal(konnect, harness_config)
    if not konnect.portal_auto_approves_applications(portal.id):
        return
    if harness_config.targets.konnect != "fake":
        pytest.skip(
            f"the portal {portal.name!r} approves applications automatically, and a run never "
            "changes a team's portal"
        )
    konnect.set_portal_auto_approve_applications(portal.id, False)


@given(
    "I created an application with that auth strategy, awaiting approval for the API",
    target_fixture="application",
)
def _(
    dev_portal: DevPortal,
    run_name: str,
    strategy: AuthStrategy,
    api: KonnectApi,
    harness_config: HarnessConfig,
) -> PortalApplication:
    """Creates an application with the auth strategy and registers it to the API, whatever
    status the registration gets (removed afterwards)."""
    application = create_application(dev_portal, run_name, strategy, harness_config)
    dev_portal.register(application.id, api.id)
    return application


def _registration(
    dev_portal: DevPortal, application: PortalApplication, api: KonnectApi
) -> Registration:
    mine = [r for r in dev_portal.registrations(application.id) if r.api_id == api.id]
    assert mine, f"the application has no registration to {api.name}"
    return mine[0]


@then(parsers.parse('my registration to the API is "{status}"'))
def _(dev_portal: DevPortal, application: PortalApplication, api: KonnectApi, status: str) -> None:
    """The Dev Portal shows the registration in that status."""
    actual = _registration(dev_portal, application, api).status
    if actual == status:
        return
    problem = registration_problem(actual, api.name)
    if problem is not None:
        raise problem
    raise AssertionError(f"the registration to {api.name} is {actual}, not {status}")


@when(parsers.parse('a Konnect admin sets my registration to "{status}"'))
def _(
    konnect: KonnectAdmin,
    dev_portal: DevPortal,
    data_plane: DataPlane,
    harness_config: HarnessConfig,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    application: PortalApplication,
    api: KonnectApi,
    status: str,
) -> None:
    """Sets the run's own registration's status in Konnect, then waits until the data plane
    applies it: an approved one is let through, any other refused with 403."""
    portal = setup_portal(konnect, harness_config)
    registration = _registration(dev_portal, application, api)
    stored = konnect.set_registration_status(portal.id, application.id, registration.id, status)
    assert stored == status, f"Konnect stored the registration as {stored}, not {status}"
    assert application.client_id is not None and application.client_secret is not None
    probe = basic_header(application.client_id, application.client_secret)

    answers: list[GatewayAnswer] = []

    def applied() -> bool:
        answers.append(data_plane.call(api.route, probe))
        expected = OK if status == "approved" else FORBIDDEN
        return answers[-1].status == expected

    seconds = sync_wait(harness_config)
    if data_plane.wait_until(applied, seconds):
        return
    last = answers[-1]
    if last.status not in (OK, FORBIDDEN):
        raise explainer.explain(last, strategy, application)
    if status == "approved":
        raise SetupError("app-not-registered", answer=last.body)
    raise AssertionError(f"the data plane still lets a {status} registration through")


# -- the client secret, regenerated from the Dev Portal ----------------------------------------


@dataclass(frozen=True)
class Rotation:
    old: ClientCredentials
    new: ClientCredentials
    added_credential: str | None = None  # the credential id, when the new secret was added


@when("I regenerate the application's client secret in the Dev Portal", target_fixture="rotation")
def _(dev_portal: DevPortal, application: PortalApplication) -> Rotation:
    """Regenerates the secret; the Dev Portal shows the new one once, for the same client."""
    assert application.client_id is not None and application.client_secret is not None
    old = ClientCredentials(application.client_id, application.client_secret)
    new = dev_portal.regenerate_secret(application.id)
    assert new.client_id == old.client_id, f"the client changed: {new.client_id}"
    assert new.client_secret != old.client_secret, "the Dev Portal showed the old secret again"
    return Rotation(old, new)


@when("I add a second credential to the application in the Dev Portal", target_fixture="rotation")
def _(dev_portal: DevPortal, application: PortalApplication, run_name: str) -> Rotation:
    """A second credential: the Dev Portal shows its secret once, for the same client. A Dev
    Portal that refuses one (a strategy without multiple credentials) skips the scenario."""
    assert application.client_id is not None and application.client_secret is not None
    old = ClientCredentials(application.client_id, application.client_secret)
    try:
        added, new = dev_portal.add_credential(application.id, f"{run_name} second")
    except VendorError as refused:
        if refused.status in (400, 403, 409):
            pytest.skip(f"the Dev Portal refuses a second credential here: {refused}")
        raise
    assert new.client_id == old.client_id, f"the credential has another client: {new.client_id}"
    assert new.client_secret != old.client_secret, "the second credential has the first's secret"
    return Rotation(old, new, added)


@when("I remove the application's first credential in the Dev Portal")
def _(dev_portal: DevPortal, application: PortalApplication, rotation: Rotation) -> None:
    """Removes the credential that is not the one just added (the list's order is not
    documented): the application's first."""
    ids = dev_portal.credential_ids(application.id)
    assert rotation.added_credential in ids, "the added credential is not listed"
    others = [i for i in ids if i != rotation.added_credential]
    assert len(others) == 1, f"the application has {len(ids)} credentials, not 2"
    dev_portal.remove_credential(application.id, others[0])


@then("Okta still grants an access token for the old secret")
def _(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    rotation: Rotation,
) -> None:
    """Adding a credential left the first one working."""
    granted = _token(okta_oauth, explainer, strategy, rotation.old)
    if granted.error is not None:
        raise explainer.token_refusal(granted.error, strategy.scopes)


def _token(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    credentials: ClientCredentials,
) -> Attempt[AccessToken]:
    """A client_credentials token request at the strategy's issuer, with these credentials."""
    endpoint = explainer.discovery(strategy.issuer).token_endpoint
    return attempt(
        lambda: okta_oauth.client_credentials(
            endpoint, credentials.client_id, credentials.client_secret, strategy.scopes
        )
    )


@then("Okta grants an access token for the new secret")
def _(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    rotation: Rotation,
) -> None:
    """The new secret gets a client_credentials token at Okta's token endpoint."""
    explainer.check_issuer(strategy)
    granted = _token(okta_oauth, explainer, strategy, rotation.new)
    if granted.error is not None:
        if "invalid_client" in str(granted.error.body):
            raise SetupError("secret-not-rotated", client_id=rotation.new.client_id)
        raise explainer.token_refusal(granted.error, strategy.scopes)


@then("Okta refuses the old secret at its token endpoint")
def _(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    rotation: Rotation,
) -> None:
    """The old secret no longer authenticates the client: 401 invalid_client."""
    refused = _token(okta_oauth, explainer, strategy, rotation.old)
    assert refused.error is not None, "Okta still grants tokens for the old secret"
    assert refused.error.status == 401, str(refused.error)
    assert "invalid_client" in str(refused.error.body), refused.error.body


@when("I call the registered route with the new secret", target_fixture="answer")
def _(data_plane: DataPlane, api: KonnectApi, rotation: Rotation) -> GatewayAnswer:
    """Calls the route with Basic base64(client_id:new secret)."""
    return data_plane.call(
        api.route, basic_header(rotation.new.client_id, rotation.new.client_secret)
    )


@then("the upstream answers 200 to the new secret")
def _(
    answer: GatewayAnswer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    application: PortalApplication,
    rotation: Rotation,
) -> None:
    """The data plane let the request with the new secret through; a refusal is explained
    with the application's new credentials."""
    if answer.status != OK:
        rotated = replace(application, client_secret=rotation.new.client_secret)
        raise explainer.explain(answer, strategy, rotated)
