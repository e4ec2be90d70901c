"""Steps for the how-to's Okta sections: Issuer URL, Create a token, Add scopes, Add claim, and
the access policy the how-to omits."""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from dcr_harness._core.attempt import Attempt, attempt
from dcr_harness._core.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.models import AccessToken, Discovery, OktaClient
from dcr_harness._core.tokens import TokenInvalid, unverified_claims, verify_access_token
from dcr_harness._diagnosis.checks import (
    SetupError,
    check,
    claim_problem,
    dcr_token_refusal,
    fail,
    okta_read,
)
from dcr_harness._diagnosis.explain import RefusalExplainer

WRONG_API_TOKEN = "00wrongApiTokenThatOktaNeverIssued0000000"


@given("the issuer URL of the authorization server from the setup", target_fixture="issuer")
def _(harness_config: HarnessConfig) -> str:
    """The issuer URL the setup names (okta.org_url and okta.authorization_server)."""
    return harness_config.okta.issuer


@when("I read the authorization server's discovery document", target_fixture="discovery")
def _(okta_oauth: OktaAuthorizationServer, issuer: str) -> Discovery:
    """Reads <issuer>/.well-known/openid-configuration; fails when the issuer has none."""
    found = attempt(lambda: okta_oauth.discovery(issuer))
    if found.error is not None:
        fail("issuer-not-authorization-server", issuer=issuer, status=found.error.status)
    assert found.value is not None
    return found.value


@then("the discovery document names the same issuer URL")
def _(discovery: Discovery, issuer: str) -> None:
    """The discovery document's issuer is the configured issuer URL, character for character."""
    check(
        discovery.issuer == issuer, "issuer-not-canonical", actual=discovery.issuer, issuer=issuer
    )


@then("the discovery document sends dynamic client registration to the Okta org")
def _(discovery: Discovery, harness_config: HarnessConfig) -> None:
    """The registration endpoint is the Okta org's /oauth2/v1/clients."""
    expected = f"{harness_config.okta.org_url.rstrip('/')}/oauth2/v1/clients"
    check(
        discovery.registration_endpoint == expected,
        "vendor-refused",
        what="the authorization server sends dynamic client registration elsewhere",
        error=f"{discovery.registration_endpoint}, not {expected}",
        fix="use the issuer URL of an authorization server of the Okta org Konnect registers in",
    )


@then(parsers.parse('its key set holds an "{alg}" signing key'))
def _(okta_oauth: OktaAuthorizationServer, discovery: Discovery, alg: str) -> None:
    """The JWKS holds a signing key (use sig, with a kid) of the given algorithm."""
    keys = okta_oauth.jwks(discovery.jwks_uri)["keys"]
    signing = [k for k in keys if k.get("alg") == alg and k.get("use") == "sig" and k.get("kid")]
    check(signing, "signing-keys-missing", jwks_uri=discovery.jwks_uri, alg=alg)


@when("I read the authorization server with the API token", target_fixture="okta_answer")
def _(okta_admin: OktaManagement, harness_config: HarnessConfig) -> Attempt[object]:
    """Reads the authorization server through Okta's Management API with the API token."""
    server = harness_config.okta.authorization_server
    return attempt(lambda: okta_admin.authorization_server(server))


@when("I read the authorization server with a wrong API token", target_fixture="okta_answer")
def _(okta_as: Callable[[str], OktaManagement], harness_config: HarnessConfig) -> Attempt[object]:
    """Reads the authorization server with an API token Okta never issued."""
    server = harness_config.okta.authorization_server
    return attempt(lambda: okta_as(WRONG_API_TOKEN).authorization_server(server))


@then("Okta accepts the API token")
def _(okta_answer: Attempt[object], harness_config: HarnessConfig) -> None:
    """Okta answered the Management API call; a refusal names the token's problem."""
    if okta_answer.error is not None and okta_answer.error.status == 404:
        fail(
            "issuer-not-authorization-server",
            issuer=harness_config.okta.issuer,
            status=okta_answer.error.status,
        )
    if okta_answer.error is not None:
        fail(
            "api-token-refused",
            error=okta_answer.error,
            variable=harness_config.okta.api_token_env,
        )


@then(parsers.parse('Okta refuses the request with {status:d} and error code "{code}"'))
def _(okta_answer: Attempt[object], status: int, code: str) -> None:
    """Okta refused with that HTTP status and Okta error code (E0000...)."""
    error = okta_answer.error
    assert error is not None, "Okta accepted a token it never issued"
    assert (error.status, error.code) == (status, code), f"expected {status} {code}, got {error}"


def _register(okta_dcr: OktaManagement, run_name: str) -> Attempt[OktaClient]:
    return attempt(lambda: okta_dcr.register_client(f"{run_name} okta client"))


@when("I register a client in Okta with the DCR token", target_fixture="okta_client_attempt")
def _(okta_dcr: OktaManagement, run_name: str) -> Attempt[OktaClient]:
    """Registers a client at Okta's DCR endpoint with the DCR token, as Konnect does."""
    return _register(okta_dcr, run_name)


@given("a client registered in Okta with the DCR token", target_fixture="okta_client")
def _(okta_dcr: OktaManagement, run_name: str, harness_config: HarnessConfig) -> OktaClient:
    """A client registered at Okta's DCR endpoint with the DCR token (removed afterwards)."""
    registered = _register(okta_dcr, run_name)
    if registered.error is not None:
        raise dcr_token_refusal(registered.error, harness_config.konnect.dcr_token_env)
    assert registered.value is not None
    return registered.value


@then("Okta returns the client's ID and secret")
def _(okta_client_attempt: Attempt[OktaClient], harness_config: HarnessConfig) -> None:
    """Okta's DCR answer carries a client ID and secret; a refusal names the DCR token's problem."""
    if okta_client_attempt.error is not None:
        raise dcr_token_refusal(okta_client_attempt.error, harness_config.konnect.dcr_token_env)
    client = okta_client_attempt.value
    assert client is not None and client.client_id and client.client_secret


def _request_token(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    client: OktaClient,
    scopes: tuple[str, ...],
) -> Attempt[AccessToken]:
    token_endpoint = explainer.discovery(explainer.config.okta.issuer).token_endpoint
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
    explainer: RefusalExplainer,
    okta_client: OktaClient,
    scope: str,
) -> Attempt[AccessToken]:
    """Requests a client_credentials token for that scope with the client's ID and secret."""
    return _request_token(okta_oauth, explainer, okta_client, (scope,))


@when(
    "the client requests an access token with the auth strategy's scopes",
    target_fixture="token_attempt",
)
def _(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    harness_config: HarnessConfig,
    okta_client: OktaClient,
) -> Attempt[AccessToken]:
    """Requests a client_credentials token for the auth strategy's scopes."""
    scopes = harness_config.konnect.auth_strategy.scopes
    return _request_token(okta_oauth, explainer, okta_client, scopes)


@then(parsers.parse('Okta refuses the token request with "{error}": "{description}"'))
def _(
    token_attempt: Attempt[AccessToken],
    error: str,
    description: str,
    explainer: RefusalExplainer,
) -> None:
    """Okta's token endpoint refused with that OAuth error and description."""
    refusal = token_attempt.error
    assert refusal is not None, "Okta granted a token it should have refused"
    if (refusal.code, refusal.summary) != (error, description):
        raise explainer.token_refusal(refusal, explainer.config.konnect.auth_strategy.scopes)


def _granted(token_attempt: Attempt[AccessToken], explainer: RefusalExplainer) -> AccessToken:
    if token_attempt.error is not None:
        scopes = explainer.config.konnect.auth_strategy.scopes
        raise explainer.token_refusal(token_attempt.error, scopes)
    assert token_attempt.value is not None
    return token_attempt.value


@then("Okta grants an access token with the auth strategy's scopes")
def _(
    token_attempt: Attempt[AccessToken], harness_config: HarnessConfig, explainer: RefusalExplainer
) -> None:
    """Okta issued a token carrying every scope of the auth strategy."""
    token = _granted(token_attempt, explainer)
    wanted = set(harness_config.konnect.auth_strategy.scopes)
    check(
        set(token.scope.split()) == wanted,
        "rule-misses-scope",
        server=harness_config.okta.authorization_server,
        scopes=" ".join(sorted(wanted)),
    )


@then("the access token is signed by a key of the authorization server")
def _(
    okta_oauth: OktaAuthorizationServer,
    token_attempt: Attempt[AccessToken],
    harness_config: HarnessConfig,
    explainer: RefusalExplainer,
) -> None:
    """The token verifies against the authorization server's JWKS, with its issuer."""
    token = _granted(token_attempt, explainer)
    issuer = harness_config.okta.issuer
    discovery = explainer.discovery(issuer)
    try:
        verify_access_token(token.raw, okta_oauth.jwks(discovery.jwks_uri), issuer, explainer.now())
    except TokenInvalid as exc:
        raise explainer.token_invalid(exc, discovery) from None


@then("the access token's credential claim holds the client ID")
def _(
    okta_admin: OktaManagement,
    token_attempt: Attempt[AccessToken],
    okta_client: OktaClient,
    harness_config: HarnessConfig,
    explainer: RefusalExplainer,
) -> None:
    """The auth strategy's credential claim is in the token and holds the client ID."""
    claims = unverified_claims(_granted(token_attempt, explainer).raw)
    strategy = harness_config.konnect.auth_strategy
    server = harness_config.okta.authorization_server
    for name in strategy.credential_claim:
        if claims.get(name) == okta_client.client_id:
            continue
        claims_found = okta_read(lambda: okta_admin.claims(server), harness_config)
        problem = claim_problem(claims_found, name, server, strategy.scopes)
        raise problem or SetupError(
            "vendor-refused",
            what=f"the access token's claim {name!r} holds {claims.get(name)!r}",
            error="Okta's claim settings look right",
            fix="check the claim's conditions in Okta",
        )
