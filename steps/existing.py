"""With ``konnect.reuse_existing``, the DCR provider and auth strategy are the tenant's own:
they are found by name and checked against the setup instead of being created."""

from __future__ import annotations

from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.howto import is_okta_authorization_server_issuer
from dcr_harness._core.models import AuthStrategy
from dcr_harness._diagnosis.checks import check, fail


def existing_strategy(konnect: KonnectAdmin, config: HarnessConfig) -> AuthStrategy:
    setup = config.konnect.auth_strategy
    found = konnect.auth_strategies(name=setup.name)
    if not found:
        fail(
            "vendor-refused",
            what=f"Konnect has no auth strategy named {setup.name!r}",
            error="konnect.reuse_existing is true",
            fix="create it (Dev Portal > Application Auth > New Auth Strategy) or fix "
            "konnect.auth_strategy.name",
        )
    strategy = found[0]
    check(
        strategy.strategy_type == "openid_connect" and strategy.dcr_provider_id,
        "vendor-refused",
        what=f"auth strategy {setup.name!r} is {strategy.strategy_type} without a DCR provider",
        error="it cannot register applications in Okta",
        fix="choose Auth Type DCR and select the Okta DCR provider",
    )
    assert strategy.dcr_provider_id is not None
    provider = konnect.dcr_provider(strategy.dcr_provider_id)
    check(
        is_okta_authorization_server_issuer(provider.issuer),
        "issuer-without-oauth2",
        issuer=provider.issuer,
        expected=config.okta.issuer,
    )
    check(
        strategy.issuer == provider.issuer,
        "issuer-mismatch",
        strategy_issuer=strategy.issuer,
        provider_issuer=provider.issuer,
    )
    expected = (setup.scopes, setup.credential_claim, setup.auth_methods)
    actual = (strategy.scopes, strategy.credential_claim, strategy.auth_methods)
    check(
        actual == expected,
        "vendor-refused",
        what=f"auth strategy {setup.name!r} has scopes, credential claim and auth methods {actual}",
        error=f"the setup says {expected}",
        fix="edit the auth strategy, or the configuration, so that they agree",
    )
    return strategy
