"""Steps for the how-to's Konnect section: the auth strategy, and the API's publication."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pytest_bdd import given, parsers, then, when

from dcr_harness._core.attempt import Attempt, attempt
from dcr_harness._core.clients.gateway import DataPlane, sync_wait
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import AuthStrategy, DcrProvider, KonnectApi, Portal
from dcr_harness._core.transport import Network
from dcr_harness._diagnosis.checks import check, fail
from dcr_harness.steps.existing import existing_strategy
from dcr_harness.steps.konnect import create_provider, setup_portal


def _strategy(
    konnect: KonnectAdmin,
    harness_config: HarnessConfig,
    name: str,
    provider: DcrProvider,
    strategy_type: str | None = None,
) -> Attempt[AuthStrategy]:
    setup = harness_config.konnect.auth_strategy
    openid_connect = {
        "issuer": setup.issuer or provider.issuer,
        "credential_claim": list(setup.credential_claim),
        "scopes": list(setup.scopes),
        "auth_methods": list(setup.auth_methods),
    }
    if setup.session_cookie_name is not None:
        openid_connect["session_cookie_name"] = setup.session_cookie_name
    return attempt(
        lambda: konnect.create_auth_strategy(
            name,
            setup.display_name,
            strategy_type or setup.strategy_type,
            openid_connect,
            provider.id,
        )
    )


def _invalid_parameters(error: VendorError) -> list[dict[str, Any]]:
    body = error.body if isinstance(error.body, dict) else {}
    return [p for p in body.get("invalid_parameters", []) if isinstance(p, dict)]


def _created(strategy: Attempt[AuthStrategy]) -> AuthStrategy:
    error = strategy.error
    if error is not None:
        refused = [p for p in _invalid_parameters(error) if p.get("field") == "strategy_type"]
        if refused:
            fail("strategy-type-okta", strategy_type=refused[0].get("reason", ""), error=error)
        fail(
            "vendor-refused",
            what="Konnect refused the auth strategy",
            error=error,
            fix='use strategy_type "openid_connect" with configs["openid-connect"] (issuer, '
            "scopes, credential_claim, auth_methods) and the DCR provider's id",
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
    """Creates two auth strategies sharing the DCR provider (removed afterwards)."""
    return [
        _created(_strategy(konnect, harness_config, f"{run_name} {name}", provider))
        for name in (first, second)
    ]


@then("both auth strategies use that DCR provider")
def _(konnect: KonnectAdmin, strategies: list[AuthStrategy], provider: DcrProvider) -> None:
    """Each auth strategy read back names the DCR provider."""
    for strategy in strategies:
        read_back = konnect.auth_strategy(strategy.id)
        assert read_back.dcr_provider_id == provider.id, (
            f"auth strategy {strategy.name!r} uses DCR provider {read_back.dcr_provider_id}, "
            f"not {provider.id}"
        )


@when("I create the auth strategy from the setup with that DCR provider", target_fixture="strategy")
@given("the auth strategy from the setup with that DCR provider", target_fixture="strategy")
def _(
    konnect: KonnectAdmin, harness_config: HarnessConfig, run_name: str, provider: DcrProvider
) -> AuthStrategy:
    """Creates the setup's auth strategy with the DCR provider (removed afterwards)."""
    name = f"{run_name} {harness_config.konnect.auth_strategy.name}"
    return _created(_strategy(konnect, harness_config, name, provider))


@given("the auth strategy from the setup, with its DCR provider", target_fixture="strategy")
def _(
    konnect: KonnectAdmin, fresh_network: Network, harness_config: HarnessConfig, run_name: str
) -> AuthStrategy:
    """The setup's DCR provider and auth strategy, created or (reuse_existing) found by name."""
    if harness_config.konnect.reuse_existing:
        return existing_strategy(konnect, harness_config)
    provider = create_provider(
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
    """Tries to create the setup's auth strategy with that strategy_type."""
    name = f"{run_name} {harness_config.konnect.auth_strategy.name}"
    return _strategy(konnect, harness_config, name, provider, strategy_type)


@then(parsers.parse('the auth strategy is of type "{strategy_type}" and uses that DCR provider'))
def _(
    konnect: KonnectAdmin, strategy: AuthStrategy, provider: DcrProvider, strategy_type: str
) -> None:
    """The auth strategy read back has that strategy_type and the DCR provider."""
    read_back = konnect.auth_strategy(strategy.id)
    assert read_back.strategy_type == strategy_type, read_back
    assert read_back.dcr_provider_id == provider.id, read_back


@then("the auth strategy's issuer URL is the DCR provider's")
def _(strategy: AuthStrategy, provider: DcrProvider) -> None:
    """The auth strategy's issuer is the DCR provider's issuer URL."""
    check(
        strategy.issuer == provider.issuer,
        "issuer-mismatch",
        strategy_issuer=strategy.issuer,
        provider_issuer=provider.issuer,
    )


@then("the auth strategy's scopes, credential claim and auth methods are those of the setup")
def _(konnect: KonnectAdmin, strategy: AuthStrategy, harness_config: HarnessConfig) -> None:
    """Scopes, credential claim and auth methods read back match the setup."""
    setup = harness_config.konnect.auth_strategy
    read_back = konnect.auth_strategy(strategy.id)
    expected = (setup.scopes, setup.credential_claim, setup.auth_methods)
    actual = (read_back.scopes, read_back.credential_claim, read_back.auth_methods)
    assert actual == expected, f"Konnect stored {actual}, the setup says {expected}"


@then(parsers.parse('Konnect refuses "{field}" and names the choices "{choices}"'))
def _(strategy_attempt: Attempt[AuthStrategy], field: str, choices: str) -> None:
    """Konnect answered 400 naming that field and its allowed choices."""
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
    "an API routed by the data plane is published to the Dev Portal with that auth strategy",
    target_fixture="api",
)
def _(
    konnect: KonnectAdmin,
    data_plane: DataPlane,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    run_name: str,
) -> KonnectApi:
    """An API of the run's own (Service and Route on the control plane), published with the
    auth strategy and served; with reuse_existing, the setup's API, already published with it."""
    setup = harness_config.konnect
    portal = setup_portal(konnect, harness_config)
    if setup.reuse_existing and strategy.name == setup.auth_strategy.name:
        return _existing_publication(konnect, harness_config, portal, strategy)
    return _own_api(
        konnect, data_plane, harness_config, strategy, run_name, setup.auto_approve_registrations
    )


@given(
    "an API routed by the data plane is published to the Dev Portal with that auth strategy, "
    "approving registrations by hand",
    target_fixture="api",
)
def _(
    konnect: KonnectAdmin,
    data_plane: DataPlane,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    run_name: str,
) -> KonnectApi:
    """An API of the run's own, published with the auth strategy and auto-approve off, so a
    Konnect admin decides each registration (even with reuse_existing: a team's publication
    is never changed)."""
    return _own_api(konnect, data_plane, harness_config, strategy, run_name, auto_approve=False)


def _own_api(
    konnect: KonnectAdmin,
    data_plane: DataPlane,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    run_name: str,
    auto_approve: bool,
) -> KonnectApi:
    setup = harness_config.konnect
    portal = setup_portal(konnect, harness_config)
    try:
        plane = konnect.control_plane_named(setup.control_plane)
    except LookupError:
        fail("control-plane-missing", name=setup.control_plane)
    gateway = harness_config.gateway
    api = konnect.create_own_api(run_name, f"/{run_name}", plane, gateway.upstream_url)
    konnect.publish_api(api.id, portal.id, strategy.id, auto_approve=auto_approve)
    seconds = sync_wait(harness_config)
    check(
        data_plane.wait_for_route(api.route, seconds),
        "route-not-synced",
        url=gateway.url,
        route=api.route,
        seconds=seconds,
        control_plane=setup.control_plane,
    )
    return api


def _existing_publication(
    konnect: KonnectAdmin, harness_config: HarnessConfig, portal: Portal, strategy: AuthStrategy
) -> KonnectApi:
    """The team's API, only read: it must already be published with the team's strategy."""
    api = konnect.api_named(harness_config.konnect.api_name)
    published = konnect.publication(api.id, portal.id) or {}
    check(
        strategy.id in (published.get("auth_strategy_ids") or []),
        "strategy-not-published",
        api=api.name,
        portal=portal.name,
        strategy=strategy.name,
    )
    return replace(api, route=harness_config.gateway.route)
