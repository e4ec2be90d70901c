"""Steps for the how-to's Konnect sections: the DCR provider and the auth strategy."""

from __future__ import annotations

import secrets

from pytest_bdd import given, parsers, then, when

from dcr_harness.attempt import Attempt, attempt
from dcr_harness.clients.konnect import KonnectAdmin
from dcr_harness.config import HarnessConfig
from dcr_harness.diagnosis import check, fail
from dcr_harness.models import AuthStrategy, DcrProvider, KonnectApi
from dcr_harness.transport import Network
from steps.existing import existing_strategy


def _create_provider(
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
            harness_config.okta.issuer,
            token,
        )
    )
    if created.error is not None:
        fail(
            "Configure the Dev Portal: DCR provider",
            f"Konnect refused the DCR provider: {created.error}",
            "send provider_type, name, issuer and dcr_config.dcr_token to /v2/dcr-providers "
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
    return _create_provider(
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
    unknown_token = "00" + secrets.token_urlsafe(30)
    return _create_provider(konnect, harness_config, run_name, provider_type, unknown_token)


@then(parsers.parse('the DCR provider is listed with type "{provider_type}" and the issuer URL'))
def _(
    konnect: KonnectAdmin, provider: DcrProvider, harness_config: HarnessConfig, provider_type: str
) -> None:
    listed = [p for p in konnect.dcr_providers(name=provider.name) if p.id == provider.id]
    check(
        listed,
        "Configure the Dev Portal: DCR provider",
        f"the DCR provider {provider.name!r} is not in Konnect's list of DCR providers",
        "save the DCR provider again and check the Konnect region of the PAT",
    )
    check(
        (listed[0].provider_type, listed[0].issuer) == (provider_type, harness_config.okta.issuer),
        "Configure the Dev Portal: DCR provider",
        f"the DCR provider has type {listed[0].provider_type!r} and issuer {listed[0].issuer!r}",
        f"select Okta as the provider type and enter the issuer URL {harness_config.okta.issuer}",
    )


@when("I read the DCR provider back, alone and in the list", target_fixture="provider_texts")
def _(konnect: KonnectAdmin, provider: DcrProvider) -> list[str]:
    return konnect.dcr_provider_texts(provider.id)


@then("no answer contains the DCR token")
def _(provider_texts: list[str], fresh_network: Network) -> None:
    leaked = [text for text in provider_texts if fresh_network.secrets.dcr_token in text]
    assert not leaked, f"{len(leaked)} of {len(provider_texts)} answers contain the DCR token"


def _strategy(
    konnect: KonnectAdmin,
    harness_config: HarnessConfig,
    name: str,
    provider: DcrProvider,
    strategy_type: str = "openid_connect",
) -> Attempt[AuthStrategy]:
    setup = harness_config.konnect.auth_strategy
    openid_connect = {
        "issuer": provider.issuer,
        "credential_claim": list(setup.credential_claim),
        "scopes": list(setup.scopes),
        "auth_methods": list(setup.auth_methods),
    }
    return attempt(
        lambda: konnect.create_auth_strategy(
            name, setup.display_name, strategy_type, openid_connect, provider.id
        )
    )


def _created(strategy: Attempt[AuthStrategy]) -> AuthStrategy:
    if strategy.error is not None:
        fail(
            "Configure the Dev Portal: auth strategy",
            f"Konnect refused the auth strategy: {strategy.error}",
            'use strategy_type "openid_connect" with configs["openid-connect"] (issuer, scopes, '
            "credential_claim, auth_methods) and the DCR provider's id as dcr_provider_id",
        )
    assert strategy.value is not None
    return strategy.value


@when(
    parsers.parse('I create the auth strategies "{first}" and "{second}" with that DCR provider'),
    target_fixture="strategies",
)
def _(
    konnect: KonnectAdmin,
    harness_config: HarnessConfig,
    run_name: str,
    provider: DcrProvider,
    first: str,
    second: str,
) -> list[AuthStrategy]:
    return [
        _created(_strategy(konnect, harness_config, f"{run_name} {name}", provider))
        for name in (first, second)
    ]


@then("both auth strategies use that DCR provider")
def _(konnect: KonnectAdmin, strategies: list[AuthStrategy], provider: DcrProvider) -> None:
    for strategy in strategies:
        read_back = konnect.auth_strategy(strategy.id)
        assert read_back.dcr_provider_id == provider.id, (
            f"auth strategy {strategy.name!r} uses DCR provider {read_back.dcr_provider_id}, "
            f"not {provider.id}"
        )


@when("I ask Konnect to verify the DCR provider", target_fixture="verification")
def _(konnect: KonnectAdmin, provider: DcrProvider) -> tuple[str, list[str]]:
    return konnect.verify_dcr_provider(provider.id)


@then("Konnect reports that the DCR provider works")
def _(verification: tuple[str, list[str]], harness_config: HarnessConfig) -> None:
    status, errors = verification
    check(
        status == "success",
        "Create a token",
        f"Konnect could not register a client in Okta with the DCR token: {'; '.join(errors)}",
        "create a new token in Okta (Security > API > Tokens), then update the DCR "
        f"provider's DCR token (and {harness_config.konnect.dcr_token_env})",
    )


@when("I create the auth strategy from the setup with that DCR provider", target_fixture="strategy")
@given("the auth strategy from the setup with that DCR provider", target_fixture="strategy")
def _(
    konnect: KonnectAdmin, harness_config: HarnessConfig, run_name: str, provider: DcrProvider
) -> AuthStrategy:
    name = f"{run_name} {harness_config.konnect.auth_strategy.name}"
    return _created(_strategy(konnect, harness_config, name, provider))


@given("the auth strategy from the setup, with its DCR provider", target_fixture="strategy")
def _(
    konnect: KonnectAdmin, fresh_network: Network, harness_config: HarnessConfig, run_name: str
) -> AuthStrategy:
    if harness_config.konnect.reuse_existing:
        return existing_strategy(konnect, harness_config)
    provider = _create_provider(
        konnect, harness_config, run_name, "okta", fresh_network.secrets.dcr_token
    )
    name = f"{run_name} {harness_config.konnect.auth_strategy.name}"
    return _created(_strategy(konnect, harness_config, name, provider))


@when(
    parsers.parse('I create the auth strategy from the setup with strategy type "{strategy_type}"'),
    target_fixture="strategy_attempt",
)
def _(
    konnect: KonnectAdmin,
    harness_config: HarnessConfig,
    run_name: str,
    provider: DcrProvider,
    strategy_type: str,
) -> Attempt[AuthStrategy]:
    name = f"{run_name} {harness_config.konnect.auth_strategy.name}"
    return _strategy(konnect, harness_config, name, provider, strategy_type)


@then(parsers.parse('the auth strategy is of type "{strategy_type}" and uses that DCR provider'))
def _(
    konnect: KonnectAdmin, strategy: AuthStrategy, provider: DcrProvider, strategy_type: str
) -> None:
    read_back = konnect.auth_strategy(strategy.id)
    assert read_back.strategy_type == strategy_type, read_back
    assert read_back.dcr_provider_id == provider.id, read_back


@then("the auth strategy's issuer URL is the DCR provider's")
def _(strategy: AuthStrategy, provider: DcrProvider) -> None:
    check(
        strategy.issuer == provider.issuer,
        "Configure the Dev Portal: auth strategy",
        f"the auth strategy's issuer {strategy.issuer!r} differs from the DCR provider's "
        f"{provider.issuer!r}",
        "use the DCR provider's issuer URL in the auth strategy (the UI prepopulates it)",
    )


@then("the auth strategy's scopes, credential claim and auth methods are those of the setup")
def _(konnect: KonnectAdmin, strategy: AuthStrategy, harness_config: HarnessConfig) -> None:
    setup = harness_config.konnect.auth_strategy
    read_back = konnect.auth_strategy(strategy.id)
    expected = (setup.scopes, setup.credential_claim, setup.auth_methods)
    actual = (read_back.scopes, read_back.credential_claim, read_back.auth_methods)
    assert actual == expected, f"Konnect stored {actual}, the setup says {expected}"


@then(parsers.parse('Konnect refuses "{field}" and names the choices "{choices}"'))
def _(strategy_attempt: Attempt[AuthStrategy], field: str, choices: str) -> None:
    error = strategy_attempt.error
    assert error is not None, (
        f"Konnect accepted the strategy type the how-to shows: {strategy_attempt.value}"
    )
    assert error.status == 400, str(error)
    problems = [p for p in error.body.get("invalid_parameters", []) if p.get("field") == field]
    assert problems, f"Konnect's 400 does not name {field}: {error.body}"
    assert problems[0].get("rule") == "enum", problems[0]
    assert ", ".join(problems[0].get("choices", [])) == choices, problems[0]


@given(
    "the API from the setup is published to the Dev Portal with that auth strategy",
    target_fixture="api",
)
def _(konnect: KonnectAdmin, harness_config: HarnessConfig, strategy: AuthStrategy) -> KonnectApi:
    api = konnect.api_named(harness_config.konnect.api_name)
    portal = konnect.portal_named(harness_config.konnect.portal_name)
    if not harness_config.konnect.reuse_existing:
        konnect.publish_api(api.id, portal.id, strategy.id)
        return api
    published = konnect.publication(api.id, portal.id) or {}
    check(
        strategy.id in (published.get("auth_strategy_ids") or []),
        "Configure the Dev Portal: auth strategy",
        f"{api.name} is not published to {portal.name} with the auth strategy {strategy.name!r}",
        f"publish {api.name} to the portal with the auth strategy {strategy.name!r}",
    )
    return api
