"""With ``konnect.reuse_existing``, the DCR provider and auth strategy are the tenant's own:
they are found by name and checked against the setup instead of being created."""

from __future__ import annotations

from dcr_harness.clients.konnect import KonnectAdmin
from dcr_harness.config import HarnessConfig
from dcr_harness.diagnosis import check, fail
from dcr_harness.models import AuthStrategy

PROVIDER = "Configure the Dev Portal: DCR provider"
STRATEGY = "Configure the Dev Portal: auth strategy"


def existing_strategy(konnect: KonnectAdmin, config: HarnessConfig) -> AuthStrategy:
    setup = config.konnect.auth_strategy
    found = konnect.auth_strategies(name=setup.name)
    if not found:
        fail(
            STRATEGY,
            f"Konnect has no auth strategy named {setup.name!r}",
            "create it (Dev Portal > Application Auth > New Auth Strategy) or fix "
            "konnect.auth_strategy.name",
        )
    strategy = found[0]
    check(
        strategy.strategy_type == "openid_connect" and strategy.dcr_provider_id,
        STRATEGY,
        f"auth strategy {setup.name!r} is {strategy.strategy_type} without a DCR provider",
        "choose Auth Type DCR and select the Okta DCR provider",
    )
    assert strategy.dcr_provider_id is not None
    provider = konnect.dcr_provider(strategy.dcr_provider_id)
    check(
        provider.provider_type == "okta" and provider.issuer == config.okta.issuer,
        PROVIDER,
        f"DCR provider {provider.name!r} has type {provider.provider_type!r} and issuer "
        f"{provider.issuer!r}",
        f"use provider type Okta and the issuer URL {config.okta.issuer}",
    )
    expected = (setup.scopes, setup.credential_claim, setup.auth_methods)
    actual = (strategy.scopes, strategy.credential_claim, strategy.auth_methods)
    check(
        actual == expected,
        STRATEGY,
        f"auth strategy {setup.name!r} has scopes, credential claim and auth methods {actual}, "
        f"the setup says {expected}",
        "edit the auth strategy, or the configuration, so that they agree",
    )
    return strategy
