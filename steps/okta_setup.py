"""Steps that read back the Okta setup: scopes, the app.clientId claim, the access policy."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from dcr_harness.clients.okta import OktaManagement
from dcr_harness.config import HarnessConfig
from dcr_harness.diagnosis import check, fail
from dcr_harness.models import OktaClaim, OktaPolicy, OktaScope


@when("I list the scopes of the authorization server", target_fixture="okta_scopes")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaScope]:
    return okta_admin.scopes(harness_config.okta.authorization_server)


@then("every scope of the auth strategy is defined on the authorization server")
def _(okta_scopes: list[OktaScope], harness_config: HarnessConfig) -> None:
    server = harness_config.okta.authorization_server
    wanted = harness_config.konnect.auth_strategy.scopes
    check(
        wanted,
        "Auth strategy",
        "the auth strategy has no scopes, so the data plane requests openid, which Okta "
        "refuses with client credentials",
        "list the custom scopes created in Okta in the auth strategy's scopes",
    )
    defined = {s.name for s in okta_scopes}
    missing = [name for name in wanted if name not in defined]
    check(
        not missing,
        "Add scopes",
        f"authorization server {server} has no scope named {', '.join(missing)}, which the "
        "auth strategy requests",
        f"in Okta, Security > API > {server} > Scopes > Add Scope: {', '.join(missing)}; or "
        "remove it from the auth strategy's scopes",
    )


@then("none of the auth strategy's scopes requires user consent")
def _(okta_scopes: list[OktaScope], harness_config: HarnessConfig) -> None:
    wanted = set(harness_config.konnect.auth_strategy.scopes)
    needing_consent = [s.name for s in okta_scopes if s.name in wanted and s.consent == "REQUIRED"]
    check(
        not needing_consent,
        "Add scopes",
        f"the scopes {', '.join(needing_consent)} require user consent, which the client "
        "credentials grant cannot give",
        "set User consent to Implicit on those scopes (Security > API > Scopes > Edit)",
    )


@when("I list the claims of the authorization server", target_fixture="okta_claims")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaClaim]:
    return okta_admin.claims(harness_config.okta.authorization_server)


@then(
    parsers.parse(
        'the claim named as the auth strategy\'s credential claim has the value "{value}"'
    ),
    target_fixture="credential_claim",
)
def _(okta_claims: list[OktaClaim], harness_config: HarnessConfig, value: str) -> OktaClaim:
    server = harness_config.okta.authorization_server
    name = harness_config.konnect.auth_strategy.credential_claim[0]
    named = next((c for c in okta_claims if c.name == name), None)
    if named is None:
        with_value = [c.name for c in okta_claims if c.value == value and c.name != name]
        if with_value:
            fail(
                "Add claim",
                f"the claim with value {value} is named {with_value[0]!r}, but the auth "
                f"strategy's credential claim is {name!r}",
                f"rename the claim to {name!r}, or set the auth strategy's credential claim "
                f"to {with_value[0]!r}",
            )
        fail(
            "Add claim",
            f"authorization server {server} has no claim named {name!r} (the auth strategy's "
            "credential claim)",
            f"in Okta, Security > API > {server} > Claims > Add Claim: name {name!r}, value "
            f"{value}, value type Expression, include in any scope",
        )
    check(
        named.value == value,
        "Add claim",
        f"claim {name!r} of authorization server {server} has the value {named.value!r}, "
        f"not {value}",
        f"edit claim {name!r}: value {value}, value type Expression",
    )
    return named


@then("that claim is included in access tokens with the auth strategy's scopes")
def _(credential_claim: OktaClaim, harness_config: HarnessConfig) -> None:
    scopes = harness_config.konnect.auth_strategy.scopes
    check(
        credential_claim.claim_type == "RESOURCE" and credential_claim.status == "ACTIVE",
        "Add claim",
        f"claim {credential_claim.name!r} is not an active access-token claim "
        f"(type {credential_claim.claim_type}, status {credential_claim.status})",
        "edit the claim: Include in token type Access Token, and activate it",
    )
    check(
        credential_claim.included_with(scopes),
        "Add claim",
        f"claim {credential_claim.name!r} is only included with the scopes "
        f"{', '.join(credential_claim.scopes)}, none of which the auth strategy requests",
        "edit the claim: Include in Any scope",
    )


@when("I list the access policies of the authorization server", target_fixture="okta_policies")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> list[OktaPolicy]:
    return okta_admin.policies(harness_config.okta.authorization_server)


@then(parsers.parse('an active rule allows the "{grant}" grant for the auth strategy\'s scopes'))
def _(okta_policies: list[OktaPolicy], harness_config: HarnessConfig, grant: str) -> None:
    server = harness_config.okta.authorization_server
    scopes = harness_config.konnect.auth_strategy.scopes
    for_all_clients = [
        p for p in okta_policies if p.status == "ACTIVE" and "ALL_CLIENTS" in p.clients
    ]
    allowing = [r for p in for_all_clients for r in p.rules if r.allows(grant, scopes)]
    check(
        allowing,
        "Access policy",
        f"no active access policy for all clients of authorization server {server} has a rule "
        f"allowing {grant} with the scopes {', '.join(scopes)}; the how-to omits this step "
        "and a fresh Okta org refuses client credentials without it",
        f"in Okta, Security > API > {server} > Access Policies: add a policy assigned to All "
        f"clients, with a rule for the Client Credentials grant and the scopes "
        f"{', '.join(scopes)} (or any scopes)",
    )
