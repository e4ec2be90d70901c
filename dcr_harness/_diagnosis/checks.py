"""Failures in the how-to's words: which catalog entry the setup matches, with the facts found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import OktaClaim, OktaPolicy
from dcr_harness._diagnosis.catalog import CATALOG, Misconfiguration

T = TypeVar("T")


class SetupError(AssertionError):
    """The setup under test does not do what a how-to section says it should."""

    def __init__(self, entry_id: str, *, evidence: str | None = None, **facts: object) -> None:
        self.entry: Misconfiguration = CATALOG[entry_id]
        self.problem = self.entry.diagnosis.format(**facts)
        if evidence:
            self.problem += f" ({evidence})"
        self.fix = self.entry.fix.format(**facts)
        super().__init__(
            f"[how-to: {self.entry.section}] {self.problem}\n"
            f"Fix: {self.fix}\n"
            f"(diagnosis {self.entry.id})"
        )

    @property
    def section(self) -> str:
        return self.entry.section


def fail(entry_id: str, **facts: Any) -> NoReturn:
    raise SetupError(entry_id, **facts)


def check(condition: object, entry_id: str, **facts: Any) -> None:
    if not condition:
        fail(entry_id, **facts)


def token_refusal(
    error: VendorError,
    server: str,
    scopes: tuple[str, ...],
    policies: Callable[[], list[OktaPolicy]] | None = None,
) -> SetupError:
    """What Okta's refusal of a client-credentials token request says about the setup; the
    scopes are the auth strategy's (empty when it has none). ``policies`` reads the
    authorization server's access policies, to tell a missing rule from one that misses a
    scope (Okta answers both with the same error)."""
    answer = f"Okta answered {error.status} {error.code}: {error.summary}"
    summary = error.summary or ""
    wanted = ", ".join(scopes) or "(none)"
    if error.code == "access_denied" and error.status == 401:
        if policies is not None and _has_client_credentials_rule(policies()):
            return SetupError("rule-misses-scope", evidence=answer, server=server, scopes=wanted)
        return SetupError("no-access-policy", evidence=answer, server=server, scopes=wanted)
    if error.code == "access_denied":
        return SetupError("rule-misses-scope", evidence=answer, server=server, scopes=wanted)
    if error.code == "invalid_scope" and "openid" in summary:
        entry = "strategy-openid-scope" if scopes else "strategy-no-scopes"
        return SetupError(entry, evidence=answer)
    if error.code == "invalid_scope" and "default scopes" in summary:
        return SetupError("strategy-no-scopes", evidence=answer)
    if error.code == "invalid_scope":
        return SetupError("scope-undefined", evidence=answer, server=server, missing=wanted)
    if error.code == "consent_required":
        return SetupError("scope-consent-required", evidence=answer, server=server, scopes=wanted)
    if error.code == "invalid_client":
        return SetupError("client-credentials-refused", error=answer)
    return SetupError(
        "vendor-refused",
        what="Okta refused the token request",
        error=answer,
        fix="check the authorization server's scopes and access policy",
    )


def _has_client_credentials_rule(policies: list[OktaPolicy]) -> bool:
    return any(
        rule.status == "ACTIVE" and "client_credentials" in rule.grant_types
        for policy in policies
        if policy.status == "ACTIVE" and "ALL_CLIENTS" in policy.clients
        for rule in policy.rules
    )


def okta_read(action: Callable[[], T], config: HarnessConfig) -> T:
    """A Management API read with the API token; Okta's refusals name their setup step."""
    try:
        return action()
    except VendorError as exc:
        if exc.status == 401:
            raise SetupError(
                "api-token-refused", error=exc, variable=config.okta.api_token_env
            ) from None
        if exc.status == 404 and "/authorizationServers/" in exc.path:
            raise SetupError(
                "issuer-not-authorization-server", issuer=config.okta.issuer, status=404
            ) from None
        raise


RATE_LIMIT_CODES = ("E0000047", "429")


def rate_limited(error: VendorError) -> SetupError:
    """A 429 is the tenant's load, never the setup's fault."""
    return SetupError("rate-limited", service=error.service, method=error.method, path=error.path)


def pat_refused(error: VendorError, variable: str) -> SetupError:
    return SetupError(
        "konnect-pat-refused",
        variable=variable,
        status=error.status,
        method=error.method,
        path=error.path,
    )


def dcr_token_refusal(error: VendorError, variable: str) -> SetupError:
    """Okta's refusal of a DCR call made with the DCR token (by the harness or by Konnect)."""
    if error.status == 429:
        return rate_limited(error)
    text = f"{error.code} {error.summary}"
    if error.status == 403 or "E0000006" in text:
        return SetupError("dcr-token-lacks-permission", error=error)
    return SetupError("dcr-token-refused", error=error, variable=variable)


def dcr_answer_problem(answer: str, variable: str) -> SetupError:
    """Okta's refusal of the DCR token as Konnect relays it (verify errors, an application
    creation refused)."""
    if "E0000047" in answer or "Too Many Requests" in answer:
        return SetupError(
            "rate-limited", service="Okta", method="POST", path="/oauth2/v1/clients (via Konnect)"
        )
    if "E0000006" in answer:
        return SetupError("dcr-token-lacks-permission", error=answer)
    if "E0000011" in answer or "Invalid token" in answer:
        return SetupError("dcr-token-refused", error=answer, variable=variable)
    return SetupError(
        "vendor-refused",
        what="Konnect could not register a client at Okta",
        error=answer,
        fix="check the DCR provider's issuer URL and DCR token",
    )


def claim_problem(
    claims: list[OktaClaim], name: str, server: str, scopes: tuple[str, ...]
) -> SetupError | None:
    """Why the authorization server's claims do not put the client ID under ``name`` in access
    tokens requested with ``scopes``; None when they do."""
    named = next((c for c in claims if c.name == name), None)
    if named is None:
        holding = [c.name for c in claims if c.value == "app.clientId" and not c.system]
        if holding:
            return SetupError("claim-misnamed", actual=holding[0], name=name)
        return SetupError("claim-missing", name=name, server=server)
    if named.value != "app.clientId":
        return SetupError("claim-wrong-value", name=name, server=server, value=named.value)
    if not (
        named.claim_type == "RESOURCE" and named.status == "ACTIVE" and named.included_with(scopes)
    ):
        return SetupError(
            "claim-not-in-access-token",
            name=name,
            claim_type=named.claim_type,
            status=named.status,
            scopes=", ".join(named.scopes) or "any",
        )
    return None
