"""Steps for the how-to's section 'Create an application with DCR', on the Dev Portal."""

from __future__ import annotations

from pytest_bdd import given, then, when

from dcr_harness._core.attempt import Attempt, attempt
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaManagement
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.models import AuthStrategy, KonnectApi, PortalApplication
from dcr_harness._core.transport import Network
from dcr_harness._diagnosis.checks import check, dcr_answer_problem, fail, okta_read
from dcr_harness._diagnosis.explain import registration_problem
from dcr_harness.steps.konnect import check_portal_generation


@given("I am signed in to the Dev Portal as a developer")
def _(
    dev_portal: DevPortal,
    konnect: KonnectAdmin,
    fresh_network: Network,
    harness_config: HarnessConfig,
) -> None:
    """Signs in to the Dev Portal as the setup's developer; a refusal from a portal of the
    other generation says so."""
    email = harness_config.konnect.developer_email
    signed_in = attempt(lambda: dev_portal.sign_in(email, fresh_network.secrets.developer_password))
    if signed_in.error is not None:
        if signed_in.error.status == 404:
            check_portal_generation(konnect, harness_config)
        fail(
            "developer-cannot-sign-in",
            email=email,
            error=signed_in.error,
            variable=harness_config.konnect.developer_password_env,
        )


def create_application(
    dev_portal: DevPortal, run_name: str, strategy: AuthStrategy, harness_config: HarnessConfig
) -> PortalApplication:
    """A Dev Portal application of the run's own with the strategy; a refusal diagnosed."""
    return _created(_create(dev_portal, run_name, strategy), harness_config)


def _create(
    dev_portal: DevPortal, run_name: str, strategy: AuthStrategy
) -> Attempt[PortalApplication]:
    return attempt(lambda: dev_portal.create_application(f"{run_name} app", strategy.id))


def _created(
    application: Attempt[PortalApplication], harness_config: HarnessConfig
) -> PortalApplication:
    if application.error is not None:
        raise dcr_answer_problem(str(application.error), harness_config.konnect.dcr_token_env)
    assert application.value is not None
    return application.value


def _register(dev_portal: DevPortal, application: PortalApplication, api: KonnectApi) -> None:
    registration = attempt(lambda: dev_portal.register(application.id, api.id))
    if registration.error is not None:
        fail(
            "vendor-refused",
            what=f"the application cannot register to {api.name}",
            error=registration.error,
            fix="publish the API to the portal with the auth strategy",
        )
    assert registration.value is not None
    problem = registration_problem(registration.value.status, api.name)
    if problem is not None:
        raise problem


@when("I create an application with that auth strategy", target_fixture="application")
@given("I created an application with that auth strategy", target_fixture="application")
def _(
    dev_portal: DevPortal, run_name: str, strategy: AuthStrategy, harness_config: HarnessConfig
) -> PortalApplication:
    """Creates a Dev Portal application with the auth strategy (removed afterwards)."""
    return _created(_create(dev_portal, run_name, strategy), harness_config)


@when(
    "I create an application with that auth strategy, registered to the API",
    target_fixture="application",
)
@given(
    "I created an application with that auth strategy, registered to the API",
    target_fixture="application",
)
def _(
    dev_portal: DevPortal,
    run_name: str,
    strategy: AuthStrategy,
    api: KonnectApi,
    harness_config: HarnessConfig,
) -> PortalApplication:
    """Creates an application with the auth strategy, registered to the API (removed afterwards)."""
    application = _created(_create(dev_portal, run_name, strategy), harness_config)
    _register(dev_portal, application, api)
    return application


@when(
    "I try to create an application with that auth strategy", target_fixture="application_attempt"
)
def _(dev_portal: DevPortal, run_name: str, strategy: AuthStrategy) -> Attempt[PortalApplication]:
    """Tries to create a Dev Portal application with the auth strategy."""
    return _create(dev_portal, run_name, strategy)


@then("I see the application's client ID and client secret")
def _(application: PortalApplication) -> None:
    """The create answer shows the client ID and the client secret."""
    check(
        application.client_id and application.client_secret,
        "vendor-refused",
        what="the Dev Portal did not show a client ID and client secret",
        error="the new application has no credentials",
        fix="create the application with the DCR auth strategy, not a key-auth one",
    )


@then("the client secret is not shown again when I read the application")
def _(dev_portal: DevPortal, application: PortalApplication) -> None:
    """Reading the application back never shows the secret again."""
    payload = dev_portal.application_payload(application.id)
    assert application.client_secret is not None
    assert "client_secret" not in payload, "the read-back carries a client_secret field"
    assert application.client_secret not in str(payload), "the read-back shows the secret"
    shown = dev_portal.client_id_of(application.id)
    assert shown == application.client_id, f"the portal now shows client ID {shown}"


@then("Okta's applications include one whose ID is the application's client ID")
def _(
    okta_admin: OktaManagement, application: PortalApplication, harness_config: HarnessConfig
) -> None:
    """Okta lists an application whose client ID is the Dev Portal's."""
    client_id = application.client_id
    assert client_id is not None
    found = attempt(lambda: okta_read(lambda: okta_admin.app(client_id), harness_config))
    check(
        found.error is None,
        "vendor-refused",
        what=f"Okta has no application {client_id}, the client ID the Dev Portal showed",
        error=found.error,
        fix="check that the DCR provider's issuer URL belongs to the Okta org you are looking at",
    )
    assert found.value is not None and found.value.status == "ACTIVE", found.value


@when("I delete the application")
def _(dev_portal: DevPortal, application: PortalApplication) -> None:
    """Deletes the application in the Dev Portal."""
    dev_portal.delete_application(application.id)


@then("Okta's applications no longer include its client ID")
def _(
    okta_admin: OktaManagement, application: PortalApplication, harness_config: HarnessConfig
) -> None:
    """Okta no longer lists the deleted application's client."""
    client_id = application.client_id
    assert client_id is not None
    found = attempt(lambda: okta_read(lambda: okta_admin.app(client_id), harness_config))
    assert found.error is not None and found.error.status == 404, (
        f"Okta still has application {application.client_id}: {found.value}"
    )


@then("the Dev Portal refuses the application and names Okta's answer")
def _(application_attempt: Attempt[PortalApplication], fresh_network: Network) -> None:
    """The Dev Portal refused the application and quotes Okta's refusal, never the token."""
    error = application_attempt.error
    assert error is not None, "the Dev Portal created an application with a DCR token Okta refuses"
    assert 400 <= error.status < 600, str(error)
    text = str(error.body)
    if "E0000047" in text:  # Okta's rate limit, relayed: not the refusal this step expects
        raise dcr_answer_problem(text, "")
    assert "E0000011" in text or "Invalid token" in text, (
        f"the refusal does not name Okta's answer: {text}"
    )
    assert fresh_network.secrets.dcr_token not in text, "the refusal shows the DCR token"


@then("I have no application and Okta has no new client")
def _(
    dev_portal: DevPortal, okta_admin: OktaManagement, run_name: str, harness_config: HarnessConfig
) -> None:
    """Nothing was left behind: no application in the portal, no client in Okta."""
    leftovers = [a.name for a in dev_portal.applications() if a.name.startswith(run_name)]
    assert not leftovers, f"the Dev Portal kept the refused application: {leftovers}"
    clients = [a.label for a in okta_read(lambda: okta_admin.apps(query=run_name), harness_config)]
    assert not clients, f"Okta has clients of the refused application: {clients}"
