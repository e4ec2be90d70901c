"""Steps for the how-to's section 'Make a successful request', through the data plane."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from dcr_harness._core.attempt import attempt
from dcr_harness._core.auth import basic_header, unencoded_basic_header
from dcr_harness._core.clients.gateway import DataPlane, sync_wait
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.models import (
    AccessToken,
    AuthStrategy,
    GatewayAnswer,
    KonnectApi,
    PortalApplication,
)
from dcr_harness._diagnosis.checks import SetupError
from dcr_harness._diagnosis.explain import RefusalExplainer

SECTION = "Make a successful request"


def _credentials(application: PortalApplication) -> tuple[str, str]:
    assert application.client_id is not None and application.client_secret is not None
    return application.client_id, application.client_secret


@when(
    parsers.parse('I call the registered route with a Basic header of base64 "{pair}"'),
    target_fixture="answer",
)
def _(
    data_plane: DataPlane, api: KonnectApi, application: PortalApplication, pair: str
) -> GatewayAnswer:
    """Calls the route with Basic base64(client_id:client_secret)."""
    return data_plane.call(api.route, basic_header(*_credentials(application)))


@when("I call the registered route without credentials", target_fixture="answer")
def _(data_plane: DataPlane, api: KonnectApi) -> GatewayAnswer:
    """Calls the route with no credentials."""
    return data_plane.call(api.route)


@when("I call the registered route with my client ID and a wrong secret", target_fixture="answer")
def _(data_plane: DataPlane, api: KonnectApi, application: PortalApplication) -> GatewayAnswer:
    """Calls the route with Basic credentials whose secret is wrong."""
    client_id, _secret = _credentials(application)
    wrong = basic_header(client_id, secrets.token_urlsafe(48))
    return data_plane.call(api.route, wrong)


@when(
    "I call the registered route with my client ID and secret unencoded, as the how-to shows",
    target_fixture="answer",
)
def _(data_plane: DataPlane, api: KonnectApi, application: PortalApplication) -> GatewayAnswer:
    """Calls the route with the how-to's literal 'Basic CLIENT_ID:CLIENT_SECRET' header."""
    return data_plane.call(api.route, unencoded_basic_header(*_credentials(application)))


@when("I get an access token from Okta with my client ID and secret", target_fixture="access_token")
def _(
    okta_oauth: OktaAuthorizationServer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> AccessToken:
    """Gets a client_credentials token from Okta with the application's credentials."""
    explainer.check_issuer(strategy)
    token_endpoint = explainer.discovery(strategy.issuer).token_endpoint
    granted = attempt(
        lambda: okta_oauth.client_credentials(
            token_endpoint, *_credentials(application), strategy.scopes
        )
    )
    if granted.error is not None:
        raise explainer.token_refusal(granted.error, strategy.scopes)
    assert granted.value is not None
    return granted.value


@when(
    "I call the registered route with that access token as a bearer token", target_fixture="answer"
)
def _(data_plane: DataPlane, api: KonnectApi, access_token: AccessToken) -> GatewayAnswer:
    """Calls the route with the access token as a bearer token."""
    return data_plane.call(api.route, f"Bearer {access_token.raw}")


@then("the upstream answers 200")
def _(
    answer: GatewayAnswer,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> None:
    """The data plane let the request through; a refusal is explained step by step."""
    if answer.status != 200:
        raise explainer.explain(answer, strategy, application)


@then("the upstream sees the request as coming from my application")
def _(answer: GatewayAnswer, application: PortalApplication) -> None:
    """The upstream sees X-Application-Id of the application."""
    headers: dict[str, Any] = {k.lower(): v for k, v in answer.body.get("headers", {}).items()}
    seen = headers.get("x-application-id")
    assert seen == application.id, (
        f"the upstream saw X-Application-ID {seen!r}, not {application.id}"
    )


@then(parsers.parse("the data plane refuses the request with {status:d}"))
def _(
    answer: GatewayAnswer,
    status: int,
    explainer: RefusalExplainer,
    strategy: AuthStrategy,
    application: PortalApplication,
) -> None:
    """The data plane refused with that status."""
    assert answer.status != 200, f"the data plane let the request through: {answer.body}"
    if answer.status != status:
        raise explainer.explain(answer, strategy, application)


# -- sessions: the "session" auth method -------------------------------------------------------


@given(parsers.parse('the setup\'s auth strategy allows the "{method}" auth method'))
def _(harness_config: HarnessConfig, method: str) -> None:
    """Skips the scenario, saying why, when the setup does not enable that method."""
    methods = harness_config.konnect.auth_strategy.auth_methods
    if method not in methods:
        pytest.skip(
            f"the setup's auth strategy does not enable {method!r} (auth_methods: "
            f"{', '.join(methods)})"
        )


@then("the data plane sets the auth strategy's session cookie", target_fixture="session_cookie")
def _(
    answer: GatewayAnswer,
    strategy: AuthStrategy,
    explainer: RefusalExplainer,
    application: PortalApplication,
) -> str:
    """The authorized answer sets the session cookie named by the strategy (Kong's default:
    session), HttpOnly, for every path; returns it as ``name=value``."""
    if answer.status != 200:
        raise explainer.explain(answer, strategy, application)
    name = strategy.session_cookie_name
    header = {k.lower(): v for k, v in answer.headers.items()}.get("set-cookie")
    if header is None or not header.startswith(f"{name}="):
        if "session" not in strategy.auth_methods:
            raise SetupError(
                "auth-method-not-enabled",
                methods=", ".join(strategy.auth_methods),
                method="session",
            )
        raise AssertionError(f"the data plane set no {name!r} session cookie: {header!r}")
    pair, *attributes = [part.strip() for part in header.split(";")]
    lowered = {a.lower() for a in attributes}
    assert "httponly" in lowered and "path=/" in lowered, f"cookie attributes: {attributes}"
    return pair


@when("I call the registered route with only that session cookie", target_fixture="answer")
def _(data_plane: DataPlane, api: KonnectApi, session_cookie: str) -> GatewayAnswer:
    """Calls the route with the session cookie and no Authorization header."""
    return data_plane.call(api.route, cookie=session_cookie)


@when(parsers.parse('the auth strategy no longer allows the "{method}" auth method'))
def _(
    konnect: KonnectAdmin,
    data_plane: DataPlane,
    harness_config: HarnessConfig,
    strategy: AuthStrategy,
    api: KonnectApi,
    application: PortalApplication,
    method: str,
) -> None:
    """Removes the method from the run's own strategy (never from a team's), then waits until
    the data plane applies the change: an authorized request starts no session."""
    if harness_config.konnect.reuse_existing:
        pytest.skip("konnect.reuse_existing: the team's auth strategy is never changed")
    konnect.set_auth_methods(strategy.id, [m for m in strategy.auth_methods if m != method])
    probe = basic_header(*_credentials(application))
    seconds = sync_wait(harness_config)
    applied = data_plane.wait_until(
        lambda: "set-cookie" not in {k.lower() for k in data_plane.call(api.route, probe).headers},
        seconds,
    )
    assert applied, (
        f"the data plane still starts sessions {seconds:g} s after {method!r} left the auth "
        "strategy"
    )
