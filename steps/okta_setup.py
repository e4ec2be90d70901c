"""Steps that read back the Okta setup: scopes, the app.clientId claim, the access policy."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from dcr_harness._core.clients.okta import OktaManagement
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.models import OktaClaim, OktaPolicy, OktaScope
from dcr_harness._diagnosis.checks import check, claim_problem, fail, okta_read


@when("I list the scopes of the authorization server", target_fixture="okta_scopes")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaScope]:
    """Lists the authorization server's scopes with the API token."""
    server = harness_config.okta.authorization_server
    return okta_read(lambda: okta_admin.scopes(server), harness_config)


@then("every scope of the auth strategy is defined on the authorization server")
def _(okta_scopes: list[OktaScope], harness_config: HarnessConfig) -> None:
    """Each scope the auth strategy asks for exists on the authorization server."""
    server = harness_config.okta.authorization_server
    wanted = harness_config.konnect.auth_strategy.scopes
    check(wanted, "strategy-no-scopes")
    check("openid" not in wanted, "strategy-openid-scope")
    defined = {s.name for s in okta_scopes}
    missing = [name for name in wanted if name not in defined]
    check(not missing, "scope-undefined", server=server, missing=", ".join(missing))


@then("none of the auth strategy's scopes requires user consent")
def _(okta_scopes: list[OktaScope], harness_config: HarnessConfig) -> None:
    """No scope of the auth strategy requires consent, which client_credentials cannot give."""
    wanted = set(harness_config.konnect.auth_strategy.scopes)
    needing_consent = [s.name for s in okta_scopes if s.name in wanted and s.consent == "REQUIRED"]
    check(
        not needing_consent,
        "scope-consent-required",
        scopes=", ".join(needing_consent),
        server=harness_config.okta.authorization_server,
    )


@when("I list the claims of the authorization server", target_fixture="okta_claims")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaClaim]:
    """Lists the authorization server's claims with the API token."""
    server = harness_config.okta.authorization_server
    return okta_read(lambda: okta_admin.claims(server), harness_config)


@then(
    parsers.parse(
        'the claim named as the auth strategy\'s credential claim has the value "{value}"'
    )
)
def _(okta_claims: list[OktaClaim], harness_config: HarnessConfig, value: str) -> None:
    """A claim named as the credential claim exists, with that value expression."""
    assert value == "app.clientId", "the how-to's claim value is app.clientId"
    server = harness_config.okta.authorization_server
    name = harness_config.konnect.auth_strategy.credential_claim[0]
    named = next((c for c in okta_claims if c.name == name), None)
    problem = claim_problem(okta_claims, name, server, ())
    if problem is not None and (named is None or named.value != value):
        raise problem


@then("that claim is included in access tokens with the auth strategy's scopes")
def _(okta_claims: list[OktaClaim], harness_config: HarnessConfig) -> None:
    """The claim goes into access tokens (not only ID tokens) for the auth strategy's scopes."""
    server = harness_config.okta.authorization_server
    strategy = harness_config.konnect.auth_strategy
    problem = claim_problem(okta_claims, strategy.credential_claim[0], server, strategy.scopes)
    if problem is not None:
        raise problem


@when("I list the access policies of the authorization server", target_fixture="okta_policies")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaPolicy]:
    """Lists the authorization server's access policies and their rules with the API token."""
    server = harness_config.okta.authorization_server
    return okta_read(lambda: okta_admin.policies(server), harness_config)


@then(parsers.parse('an active rule allows the "{grant}" grant for the auth strategy\'s scopes'))
def _(okta_policies: list[OktaPolicy], harness_config: HarnessConfig, grant: str) -> None:
    """An active policy rule allows that grant type for the auth strategy's scopes."""
    server = harness_config.okta.authorization_server
    scopes = harness_config.konnect.auth_strategy.scopes
    for_all_clients = [
        p for p in okta_policies if p.status == "ACTIVE" and "ALL_CLIENTS" in p.clients
    ]
    allowing = [r for p in for_all_clients for r in p.rules if r.allows(grant, scopes)]
    if allowing:
        return
    rules_for_grant = [r for p in for_all_clients for r in p.rules if grant in r.grant_types]
    check(
        not rules_for_grant,
        "rule-misses-scope",
        server=server,
        scopes=", ".join(scopes),
    )
    fail("no-access-policy", server=server, scopes=", ".join(scopes))
