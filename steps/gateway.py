"""Steps for the how-to's section 'Make a successful request', through the data plane."""

from __future__ import annotations

import secrets
from typing import Any

from pytest_bdd import parsers, then, when

from dcr_harness.attempt import attempt
from dcr_harness.auth import basic_header, unencoded_basic_header
from dcr_harness.clients.gateway import DataPlane
from dcr_harness.clients.okta import OktaAuthorizationServer
from dcr_harness.config import HarnessConfig
from dcr_harness.diagnosis import fail, token_refusal
from dcr_harness.models import AccessToken, AuthStrategy, GatewayAnswer, PortalApplication
from dcr_harness.tokens import unverified_claims

SECTION = "Make a successful request"


def _credentials(application: PortalApplication) -> tuple[str, str]:
    assert application.client_id is not None and application.client_secret is not None
    return application.client_id, application.client_secret


@when(
    parsers.parse('I call the registered route with a Basic header of base64 "{pair}"'),
    target_fixture="answer",
)
def _(
    data_plane: DataPlane, harness_config: HarnessConfig, application: PortalApplication, pair: str
) -> GatewayAnswer:
    return data_plane.call(harness_config.gateway.route, basic_header(*_credentials(application)))


@when("I call the registered route without credentials", target_fixture="answer")
def _(data_plane: DataPlane, harness_config: HarnessConfig) -> GatewayAnswer:
    return data_plane.call(harness_config.gateway.route)


@when("I call the registered route with my client ID and a wrong secret", target_fixture="answer")
def _(
    data_plane: DataPlane, harness_config: HarnessConfig, application: PortalApplication
) -> GatewayAnswer:
    client_id, _secret = _credentials(application)
    wrong = basic_header(client_id, secrets.token_urlsafe(48))
    return data_plane.call(harness_config.gateway.route, wrong)


@when(
    "I call the registered route with my client ID and secret unencoded, as the how-to shows",
    target_fixture="answer",
)
def _(
    data_plane: DataPlane, harness_config: HarnessConfig, application: PortalApplication
) -> GatewayAnswer:
    return data_plane.call(
        harness_config.gateway.route, unencoded_basic_header(*_credentials(application))
    )


@when("I get an access token from Okta with my client ID and secret", target_fixture="access_token")
def _(
    okta_oauth: OktaAuthorizationServer,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> AccessToken:
    token_endpoint = okta_oauth.discovery(strategy.issuer).token_endpoint
    granted = attempt(
        lambda: okta_oauth.client_credentials(
            token_endpoint, *_credentials(application), strategy.scopes
        )
    )
    if granted.error is not None:
        raise token_refusal(
            granted.error, harness_config.okta.authorization_server, strategy.scopes
        )
    assert granted.value is not None
    return granted.value


@when(
    "I call the registered route with that access token as a bearer token", target_fixture="answer"
)
def _(
    data_plane: DataPlane, harness_config: HarnessConfig, access_token: AccessToken
) -> GatewayAnswer:
    return data_plane.call(harness_config.gateway.route, f"Bearer {access_token.raw}")


@then("the upstream answers 200")
def _(
    answer: GatewayAnswer,
    okta_oauth: OktaAuthorizationServer,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> None:
    if answer.status == 200:
        return
    if answer.status == 403:
        fail(
            SECTION,
            f"the data plane answered 403 {answer.body}: the application is not approved "
            "for the API",
            "approve the application's registration to the API in Konnect",
        )
    _explain_refusal(answer, okta_oauth, harness_config, strategy, application)


def _explain_refusal(
    answer: GatewayAnswer,
    okta_oauth: OktaAuthorizationServer,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> None:
    """Replays the data plane's token exchange against Okta to say which setup step is wrong."""
    token_endpoint = okta_oauth.discovery(strategy.issuer).token_endpoint
    scopes = strategy.scopes or ("openid",)
    granted = attempt(
        lambda: okta_oauth.client_credentials(token_endpoint, *_credentials(application), scopes)
    )
    if granted.error is not None:
        raise token_refusal(granted.error, harness_config.okta.authorization_server, scopes)
    assert granted.value is not None
    claims = unverified_claims(granted.value.raw)
    missing = [
        name for name in strategy.credential_claim if claims.get(name) != application.client_id
    ]
    if missing:
        fail(
            "Add claim",
            f"the data plane answered {answer.status}: Okta's access token has no claim "
            f"{missing[0]!r} holding the client ID, which the auth strategy's credential "
            "claim names",
            f"add a claim {missing[0]!r} with value app.clientId, included in any scope, to "
            f"authorization server {harness_config.okta.authorization_server}",
        )
    fail(
        SECTION,
        f"the data plane answered {answer.status} {answer.body} although Okta grants "
        "the application a token with the credential claim",
        "check that the route belongs to the API published with the auth strategy",
    )


@then("the upstream sees the request as coming from my application")
def _(answer: GatewayAnswer, application: PortalApplication) -> None:
    headers: dict[str, Any] = {k.lower(): v for k, v in answer.body.get("headers", {}).items()}
    seen = headers.get("x-application-id")
    assert seen == application.id, (
        f"the upstream saw X-Application-ID {seen!r}, not {application.id}"
    )


@then(parsers.parse("the data plane refuses the request with {status:d}"))
def _(answer: GatewayAnswer, status: int) -> None:
    assert answer.status == status, (
        f"the data plane answered {answer.status} {answer.body}, not {status}"
    )
