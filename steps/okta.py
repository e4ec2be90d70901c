"""Steps for the how-to's Okta sections: Issuer URL, Create a token, Add scopes, Add claim, and
the access policy the how-to omits."""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from dcr_harness.attempt import Attempt, attempt
from dcr_harness.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness.config import HarnessConfig
from dcr_harness.diagnosis import check, fail, token_refusal
from dcr_harness.models import AccessToken, Discovery, OktaClient
from dcr_harness.tokens import TokenInvalid, unverified_claims, verify_access_token

WRONG_API_TOKEN = "00wrongApiTokenThatOktaNeverIssued0000000"


@given("the issuer URL of the authorization server from the setup", target_fixture="issuer")
def _(harness_config: HarnessConfig) -> str:
    return harness_config.okta.issuer


@when("I read the authorization server's discovery document", target_fixture="discovery")
def _(okta_oauth: OktaAuthorizationServer, issuer: str) -> Discovery:
    found = attempt(lambda: okta_oauth.discovery(issuer))
    if found.error is not None:
        fail(
            "Issuer URL",
            f"{issuer} is not the issuer URL of an authorization server "
            f"(its discovery document answered {found.error.status})",
            "copy the issuer URL from Okta's Security > API > Authorization Servers tab",
        )
    assert found.value is not None
    return found.value


@then("the discovery document names the same issuer URL")
def _(discovery: Discovery, issuer: str) -> None:
    check(
        discovery.issuer == issuer,
        "Issuer URL",
        f"the authorization server names its issuer {discovery.issuer}, not {issuer}",
        f"use {discovery.issuer} as the issuer URL everywhere (no trailing slash)",
    )


@then("the discovery document sends dynamic client registration to the Okta org")
def _(discovery: Discovery, harness_config: HarnessConfig) -> None:
    expected = f"{harness_config.okta.org_url.rstrip('/')}/oauth2/v1/clients"
    check(
        discovery.registration_endpoint == expected,
        "Issuer URL",
        f"the registration endpoint is {discovery.registration_endpoint}, not {expected}",
        "use the issuer URL of an authorization server of the Okta org Konnect registers in",
    )


@then(parsers.parse('its key set holds an "{alg}" signing key'))
def _(okta_oauth: OktaAuthorizationServer, discovery: Discovery, alg: str) -> None:
    keys = okta_oauth.jwks(discovery.jwks_uri)["keys"]
    signing = [k for k in keys if k.get("alg") == alg and k.get("use") == "sig" and k.get("kid")]
    check(
        signing,
        "Issuer URL",
        f"the key set at {discovery.jwks_uri} has no {alg} signing key with a kid",
        "check that the authorization server is active and its signing keys are rotated in",
    )


@when("I read the authorization server with the API token", target_fixture="okta_answer")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> Attempt[object]:
    return attempt(
        lambda: okta_admin.authorization_server(harness_config.okta.authorization_server)
    )


@when("I read the authorization server with a wrong API token", target_fixture="okta_answer")
def _(okta_as: Callable[[str], OktaManagement], harness_config: HarnessConfig) -> Attempt[object]:
    server = harness_config.okta.authorization_server
    return attempt(lambda: okta_as(WRONG_API_TOKEN).authorization_server(server))


@then("Okta accepts the API token")
def _(okta_answer: Attempt[object], harness_config: HarnessConfig) -> None:
    if okta_answer.error is not None:
        fail(
            "Create a token",
            f"Okta refused the API token: {okta_answer.error}",
            "create a token in Security > API > Tokens and export it as "
            f"{harness_config.okta.api_token_env} (a token expires after 30 days unused)",
        )


@then(parsers.parse('Okta refuses the request with {status:d} and error code "{code}"'))
def _(okta_answer: Attempt[object], status: int, code: str) -> None:
    error = okta_answer.error
    assert error is not None, "Okta accepted a token it never issued"
    assert (error.status, error.code) == (status, code), f"expected {status} {code}, got {error}"


def _register(okta_dcr: OktaManagement, run_name: str) -> Attempt[OktaClient]:
    return attempt(lambda: okta_dcr.register_client(f"{run_name} okta client"))


@when("I register a client in Okta with the DCR token", target_fixture="okta_client_attempt")
def _(okta_dcr: OktaManagement, run_name: str) -> Attempt[OktaClient]:
    return _register(okta_dcr, run_name)


@given("a client registered in Okta with the DCR token", target_fixture="okta_client")
def _(okta_dcr: OktaManagement, run_name: str, harness_config: HarnessConfig) -> OktaClient:
    registered = _register(okta_dcr, run_name)
    if registered.error is not None:
        fail(
            "Create a token",
            f"Okta refused to register a client with the DCR token: {registered.error}",
            "create a token in Security > API > Tokens with an admin allowed to manage apps, "
            f"and export it as {harness_config.konnect.dcr_token_env}",
        )
    assert registered.value is not None
    return registered.value


@then("Okta returns the client's ID and secret")
def _(okta_client_attempt: Attempt[OktaClient]) -> None:
    check(
        okta_client_attempt.error is None,
        "Create a token",
        f"Okta refused to register a client with the DCR token: {okta_client_attempt.error}",
        "create a token in Security > API > Tokens and use it as the DCR token",
    )
    client = okta_client_attempt.value
    assert client is not None and client.client_id and client.client_secret


def _request_token(
    okta_oauth: OktaAuthorizationServer, issuer: str, client: OktaClient, scopes: tuple[str, ...]
) -> Attempt[AccessToken]:
    token_endpoint = okta_oauth.discovery(issuer).token_endpoint
    secret = client.client_secret
    assert secret is not None
    return attempt(
        lambda: okta_oauth.client_credentials(token_endpoint, client.client_id, secret, scopes)
    )


@when(
    parsers.parse('the client requests an access token with the scope "{scope}"'),
    target_fixture="token_attempt",
)
def _(
    okta_oauth: OktaAuthorizationServer,
    harness_config: HarnessConfig,
    okta_client: OktaClient,
    scope: str,
) -> Attempt[AccessToken]:
    return _request_token(okta_oauth, harness_config.okta.issuer, okta_client, (scope,))


@when(
    "the client requests an access token with the auth strategy's scopes",
    target_fixture="token_attempt",
)
def _(
    okta_oauth: OktaAuthorizationServer, harness_config: HarnessConfig, okta_client: OktaClient
) -> Attempt[AccessToken]:
    scopes = harness_config.konnect.auth_strategy.scopes
    return _request_token(okta_oauth, harness_config.okta.issuer, okta_client, scopes)


@then(parsers.parse('Okta refuses the token request with "{error}": "{description}"'))
def _(token_attempt: Attempt[AccessToken], error: str, description: str) -> None:
    refusal = token_attempt.error
    assert refusal is not None, "Okta granted a token it should have refused"
    assert (refusal.code, refusal.summary) == (error, description), str(refusal)


def _granted(token_attempt: Attempt[AccessToken], harness_config: HarnessConfig) -> AccessToken:
    if token_attempt.error is not None:
        raise token_refusal(
            token_attempt.error,
            harness_config.okta.authorization_server,
            harness_config.konnect.auth_strategy.scopes,
        )
    assert token_attempt.value is not None
    return token_attempt.value


@then("Okta grants an access token with the auth strategy's scopes")
def _(token_attempt: Attempt[AccessToken], harness_config: HarnessConfig) -> None:
    token = _granted(token_attempt, harness_config)
    wanted = set(harness_config.konnect.auth_strategy.scopes)
    check(
        set(token.scope.split()) == wanted,
        "Access policy",
        f"Okta granted the scopes {token.scope!r} instead of {' '.join(sorted(wanted))!r}",
        "let the access policy rule grant every scope of the auth strategy",
    )


@then("the access token is signed by a key of the authorization server")
def _(
    okta_oauth: OktaAuthorizationServer,
    token_attempt: Attempt[AccessToken],
    harness_config: HarnessConfig,
) -> None:
    token = _granted(token_attempt, harness_config)
    issuer = harness_config.okta.issuer
    jwks = okta_oauth.jwks(okta_oauth.discovery(issuer).jwks_uri)
    try:
        verify_access_token(token.raw, jwks, issuer)
    except TokenInvalid as exc:
        fail(
            "Issuer URL",
            f"the access token does not verify against {issuer}: {exc}",
            "use the issuer URL of the authorization server that mints the tokens",
        )


@then("the access token's credential claim holds the client ID")
def _(
    token_attempt: Attempt[AccessToken], okta_client: OktaClient, harness_config: HarnessConfig
) -> None:
    claims = unverified_claims(_granted(token_attempt, harness_config).raw)
    for name in harness_config.konnect.auth_strategy.credential_claim:
        check(
            name in claims,
            "Add claim",
            f"the access token has no claim named {name!r}, which the auth strategy's "
            "credential claim names",
            f"add a claim {name!r} with value app.clientId, included in any scope, to "
            f"authorization server {harness_config.okta.authorization_server}",
        )
        check(
            claims[name] == okta_client.client_id,
            "Add claim",
            f"the access token's claim {name!r} holds {claims[name]!r}, not the client ID",
            f"set the value of claim {name!r} to app.clientId (value type Expression)",
        )
