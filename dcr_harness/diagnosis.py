"""Failures in the how-to's words: which section of the setup is wrong, and how to fix it."""

from __future__ import annotations

from typing import NoReturn

from dcr_harness.errors import VendorError


class SetupError(AssertionError):
    """The setup under test does not do what a how-to section says it should."""

    def __init__(self, section: str, problem: str, fix: str) -> None:
        self.section = section
        self.problem = problem
        self.fix = fix
        super().__init__(f"[how-to: {section}] {problem}\nFix: {fix}")


def fail(section: str, problem: str, fix: str) -> NoReturn:
    raise SetupError(section, problem, fix)


def check(condition: object, section: str, problem: str, fix: str) -> None:
    if not condition:
        fail(section, problem, fix)


def token_refusal(error: VendorError, server: str, scopes: tuple[str, ...]) -> SetupError:
    """What Okta's refusal of a client-credentials token request says about the setup."""
    answer = f"Okta answered {error.status} {error.code}: {error.summary}"
    wanted = ", ".join(scopes) or "(none)"
    summary = error.summary or ""
    if error.code == "access_denied" and error.status == 401:
        return SetupError(
            "Access policy",
            f"authorization server {server} has no access policy rule that lets this client use "
            f"client credentials ({answer})",
            f"in Okta, Security > API > {server} > Access Policies: add a policy assigned to all "
            "clients, with a rule for the Client Credentials grant and the scopes "
            f"{wanted} (or any scopes)",
        )
    if error.code == "access_denied":
        return SetupError(
            "Access policy",
            f"the access policy rule of {server} does not grant the scopes {wanted} ({answer})",
            f"add {wanted} to the rule's scopes in Security > API > {server} > Access Policies",
        )
    if error.code == "invalid_scope" and "openid" in summary:
        return SetupError(
            "Auth strategy",
            "the auth strategy requests the openid scope (the default when no scope is set), "
            f"which Okta refuses with client credentials ({answer})",
            "set the auth strategy's scopes to the custom scopes created in Okta's "
            "Add scopes step, without openid",
        )
    if error.code == "invalid_scope" and "default scopes" in summary:
        return SetupError(
            "Auth strategy",
            f"no scope was requested and {server} has no default scope ({answer})",
            "set the auth strategy's scopes to the custom scopes created in Okta",
        )
    if error.code == "invalid_scope":
        return SetupError(
            "Add scopes",
            f"authorization server {server} does not define every scope of {wanted} ({answer})",
            f"add the missing scopes in Security > API > {server} > Scopes, or remove them "
            "from the auth strategy",
        )
    if error.code == "consent_required":
        return SetupError(
            "Add scopes",
            f"a scope of {wanted} requires user consent, which client credentials cannot give "
            f"({answer})",
            "set the scope's consent to Implicit (User consent: not required) in Okta",
        )
    if error.code == "invalid_client":
        return SetupError(
            "Create an application with DCR",
            f"Okta does not accept the application's client ID and secret ({answer})",
            "use the client ID and secret the Dev Portal showed when the application was "
            "created, or regenerate the secret in the Dev Portal",
        )
    return SetupError(
        "Make a successful request",
        f"Okta refused the token request ({answer})",
        "check the authorization server's scopes, access policy and the client's grant types",
    )
