"""Why the data plane refused an application's request: the harness replays, step by step, what
Kong does (issuer, auth method, Basic decoding, token exchange, credential claim, registration)
and names the first how-to step that breaks it."""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable
from dataclasses import dataclass

from dcr_harness._core.attempt import attempt
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import VendorError
from dcr_harness._core.howto import is_okta_authorization_server_issuer
from dcr_harness._core.models import AuthStrategy, Discovery, GatewayAnswer, PortalApplication
from dcr_harness._core.tokens import TokenInvalid, unverified_claims, verify_access_token
from dcr_harness._diagnosis.checks import SetupError, claim_problem, okta_read, token_refusal


@dataclass(frozen=True)
class RefusalExplainer:
    config: HarnessConfig
    okta_oauth: OktaAuthorizationServer
    okta_admin: OktaManagement
    konnect: KonnectAdmin
    dev_portal: DevPortal | None = None
    now: Callable[[], float] = time.time

    def token_refusal(self, error: VendorError, scopes: tuple[str, ...]) -> SetupError:
        server = self.config.okta.authorization_server
        return token_refusal(
            error,
            server,
            scopes,
            policies=lambda: okta_read(lambda: self.okta_admin.policies(server), self.config),
        )

    def token_invalid(self, exc: TokenInvalid, discovery: Discovery) -> SetupError:
        if exc.key_missing:
            return SetupError("signing-keys-missing", jwks_uri=discovery.jwks_uri, alg="RS256")
        return SetupError(
            "vendor-refused",
            what=f"Okta's access token does not verify against {discovery.issuer}",
            error=exc,
            fix="use the issuer URL of the authorization server that mints the tokens",
        )

    def explain(
        self, answer: GatewayAnswer, strategy: AuthStrategy, application: PortalApplication
    ) -> SetupError:
        method = _auth_method(answer.sent_authorization, answer.sent_cookie)
        return (
            self._issuer(strategy)
            or self._method(strategy, method)
            or self._encoding(answer.sent_authorization)
            or self._registration(answer, application)
            or self._okta(strategy, application, method)
            or SetupError(
                "vendor-refused",
                what=f"the data plane answered {answer.status} {answer.body}",
                error="every how-to step checks out",
                fix="check that the route belongs to the API published with the auth strategy",
            )
        )

    def check_issuer(self, strategy: AuthStrategy) -> None:
        """Raises the setup error when the strategy's issuer cannot work."""
        problem = self._issuer(strategy)
        if problem is not None:
            raise problem

    def _issuer(self, strategy: AuthStrategy) -> SetupError | None:
        provider_issuer = None
        if strategy.dcr_provider_id:
            provider_issuer = self.konnect.dcr_provider(strategy.dcr_provider_id).issuer
        if provider_issuer is not None and strategy.issuer != provider_issuer:
            return SetupError(
                "issuer-mismatch", strategy_issuer=strategy.issuer, provider_issuer=provider_issuer
            )
        if not is_okta_authorization_server_issuer(strategy.issuer):
            return SetupError(
                "issuer-without-oauth2", issuer=strategy.issuer, expected=self.config.okta.issuer
            )
        try:
            self.discovery(strategy.issuer)
        except SetupError as problem:
            return problem
        return None

    def discovery(self, issuer: str) -> Discovery:
        """The issuer's discovery document; an issuer that is not an authorization server's,
        or not exactly as the server names itself, is a setup error."""
        found = attempt(lambda: self.okta_oauth.discovery(issuer))
        if found.error is not None:
            raise SetupError(
                "issuer-not-authorization-server", issuer=issuer, status=found.error.status
            )
        assert found.value is not None
        if found.value.issuer != issuer:
            raise SetupError("issuer-not-canonical", actual=found.value.issuer, issuer=issuer)
        return found.value

    def _method(self, strategy: AuthStrategy, method: str | None) -> SetupError | None:
        if method is not None and method not in strategy.auth_methods:
            return SetupError(
                "auth-method-not-enabled", methods=", ".join(strategy.auth_methods), method=method
            )
        return None

    def _encoding(self, authorization: str | None) -> SetupError | None:
        if authorization is None or not authorization.lower().startswith("basic "):
            return None
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True)
        except (binascii.Error, ValueError):
            return SetupError("basic-not-base64")
        return None if b":" in decoded else SetupError("basic-not-base64")

    def _registration(
        self, answer: GatewayAnswer, application: PortalApplication
    ) -> SetupError | None:
        """A 403: the registration's status when it is not approved, as the Dev Portal says
        it; else the data plane does not know the approval."""
        if answer.status != 403:
            return None
        if self.dev_portal is not None:
            for registration in self.dev_portal.registrations(application.id):
                api = registration.api_name or registration.api_id
                problem = registration_problem(registration.status, api)
                if problem is not None:
                    return problem
        return SetupError("app-not-registered", answer=answer.body)

    def _okta(
        self, strategy: AuthStrategy, application: PortalApplication, method: str | None
    ) -> SetupError | None:
        assert application.client_id is not None and application.client_secret is not None
        server = self.config.okta.authorization_server
        discovery = self.discovery(strategy.issuer)
        scopes = strategy.scopes or ("openid",)
        granted = attempt(
            lambda: self.okta_oauth.client_credentials(
                discovery.token_endpoint,
                application.client_id or "",
                application.client_secret or "",
                scopes,
            )
        )
        if granted.error is not None:
            return self.token_refusal(granted.error, strategy.scopes)
        assert granted.value is not None
        try:
            verify_access_token(
                granted.value.raw,
                self.okta_oauth.jwks(discovery.jwks_uri),
                strategy.issuer,
                self.now(),
            )
        except TokenInvalid as exc:
            return self.token_invalid(exc, discovery)
        if method != "bearer":
            return None
        claims = unverified_claims(granted.value.raw)
        for name in strategy.credential_claim:
            if claims.get(name) != application.client_id:
                claims_found = okta_read(lambda: self.okta_admin.claims(server), self.config)
                return claim_problem(claims_found, name, server, scopes)
        return None


def _auth_method(authorization: str | None, cookie: str | None = None) -> str | None:
    if authorization is None:
        return "session" if cookie else None
    scheme = authorization.split(" ", 1)[0].lower()
    return {"basic": "client_credentials", "bearer": "bearer"}.get(scheme)


REGISTRATION_ENTRIES = {
    "pending": "registration-pending",
    "revoked": "registration-revoked",
    "rejected": "registration-rejected",
}


def registration_problem(status: str, api: str) -> SetupError | None:
    """The setup error of a registration in ``status``; None when it is approved."""
    entry = REGISTRATION_ENTRIES.get(status)
    if entry is None:
        return None
    return SetupError(entry, api=api, status=status)
