"""Steps for the how-to's Konnect section: the DCR provider."""

from __future__ import annotations

import secrets

from pytest_bdd import given, parsers, then, when

from dcr_harness._core.attempt import attempt
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.howto import is_okta_authorization_server_issuer, provider_issuer
from dcr_harness._core.models import DcrProvider, Portal
from dcr_harness._core.transport import Network
from dcr_harness._diagnosis.checks import check, dcr_answer_problem, fail

_GENERATIONS = {"v3": "Dev Portal v3", "v2": "classic Dev Portal (v2)"}


def setup_portal(konnect: KonnectAdmin, harness_config: HarnessConfig) -> Portal:
    """The setup's portal; when it is only found in the other generation, that diagnosis."""
    setup = harness_config.konnect
    try:
        return konnect.portal_named(setup.portal_name)
    except LookupError:
        check_portal_generation(konnect, harness_config)
        raise


def check_portal_generation(konnect: KonnectAdmin, harness_config: HarnessConfig) -> None:
    """Fails with ``portal-generation-mismatch`` when the setup's portal exists only in the
    generation ``konnect.portal_api`` does not name."""
    setup = harness_config.konnect
    found = konnect.portal_generations_named(setup.portal_name)
    if found and setup.portal_api not in found:
        fail(
            "portal-generation-mismatch",
            name=setup.portal_name,
            actual=_GENERATIONS[found[0]],
            configured=setup.portal_api,
            wanted=found[0],
        )


def create_provider(
    konnect: KonnectAdmin,
    harness_config: HarnessConfig,
    run_name: str,
    provider_type: str,
    token: str,
) -> DcrProvider:
    created = attempt(
        lambda: konnect.create_dcr_provider(
            f"{run_name} {harness_config.konnect.provider_name}",
            provider_type,
            provider_issuer(harness_config),
            token,
        )
    )
    if created.error is not None:
        fail(
            "vendor-refused",
            what="Konnect refused the DCR provider",
            error=created.error,
            fix="send provider_type, name, issuer and dcr_config.dcr_token to /v2/dcr-providers "
            "with a PAT allowed to create DCR providers",
        )
    assert created.value is not None
    return created.value


@when(
    parsers.parse(
        'I create a DCR provider of type "{provider_type}" with the issuer URL and the DCR token'
    ),
    target_fixture="provider",
)
@given(
    parsers.parse('a DCR provider of type "{provider_type}" with the issuer URL and the DCR token'),
    target_fixture="provider",
)
def _(
    konnect: KonnectAdmin,
    fresh_network: Network,
    harness_config: HarnessConfig,
    run_name: str,
    provider_type: str,
) -> DcrProvider:
    """Creates a DCR provider with the issuer URL and the DCR token (removed afterwards)."""
    return create_provider(
        konnect, harness_config, run_name, provider_type, fresh_network.secrets.dcr_token
    )


@given(
    parsers.parse(
        'a DCR provider of type "{provider_type}" with the issuer URL '
        "and a DCR token Okta does not know"
    ),
    target_fixture="provider",
)
def _(
    konnect: KonnectAdmin, harness_config: HarnessConfig, run_name: str, provider_type: str
) -> DcrProvider:
    """Creates a DCR provider whose DCR token Okta never issued (removed afterwards)."""
    unknown_token = "00" + secrets.token_urlsafe(30)
    return create_provider(konnect, harness_config, run_name, provider_type, unknown_token)


@then(parsers.parse('the DCR provider is listed with type "{provider_type}" and the issuer URL'))
def _(
    konnect: KonnectAdmin, provider: DcrProvider, harness_config: HarnessConfig, provider_type: str
) -> None:
    """Konnect lists the DCR provider with that type and the issuer URL."""
    listed = [p for p in konnect.dcr_providers(name=provider.name) if p.id == provider.id]
    expected = (provider_type, provider_issuer(harness_config))
    found = [(p.provider_type, p.issuer) for p in listed]
    check(
        found == [expected],
        "vendor-refused",
        what=f"Konnect lists the DCR provider {provider.name!r} as {found}",
        error=f"it was created as {expected}",
        fix="check the Konnect region of the PAT and save the DCR provider again",
    )


@then("the DCR provider's issuer URL is the issuer of an Okta authorization server")
def _(
    provider: DcrProvider, okta_oauth: OktaAuthorizationServer, harness_config: HarnessConfig
) -> None:
    """The provider's issuer is https://<org>/oauth2/<server> and serves discovery."""
    check(
        is_okta_authorization_server_issuer(provider.issuer),
        "issuer-without-oauth2",
        issuer=provider.issuer,
        expected=harness_config.okta.issuer,
    )
    found = attempt(lambda: okta_oauth.discovery(provider.issuer))
    if found.error is not None:
        fail("issuer-not-authorization-server", issuer=provider.issuer, status=found.error.status)
    assert found.value is not None
    check(
        found.value.issuer == provider.issuer,
        "issuer-not-canonical",
        actual=found.value.issuer,
        issuer=provider.issuer,
    )


@when("I read the DCR provider back, alone and in the list", target_fixture="provider_texts")
def _(konnect: KonnectAdmin, provider: DcrProvider) -> list[str]:
    """Reads the DCR provider by id and in the list, keeping the raw answers."""
    return konnect.dcr_provider_texts(provider.id)


@then("no answer contains the DCR token")
def _(provider_texts: list[str], fresh_network: Network) -> None:
    """Konnect never echoes the DCR token back."""
    leaked = [text for text in provider_texts if fresh_network.secrets.dcr_token in text]
    assert not leaked, f"{len(leaked)} of {len(provider_texts)} answers contain the DCR token"


@when("I ask Konnect to verify the DCR provider", target_fixture="verification")
def _(konnect: KonnectAdmin, provider: DcrProvider) -> tuple[str, list[str]]:
    """Asks Konnect to verify the DCR provider against Okta."""
    return konnect.verify_dcr_provider(provider.id)


@then("Konnect reports that the DCR provider works")
def _(verification: tuple[str, list[str]], harness_config: HarnessConfig) -> None:
    """Konnect's verification succeeded; a failure names Okta's answer."""
    status, errors = verification
    if status != "success":
        raise dcr_answer_problem("; ".join(errors), harness_config.konnect.dcr_token_env)
