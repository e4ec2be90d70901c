"""The misconfigurations people make with this integration, as data.

Each entry names the how-to section it breaks, the symptom a user sees, the diagnosis and the
fix. Diagnoses and fixes are templates filled with the facts a step found. ``category`` says
whose fault a failure is: ``setup`` (the configuration under test), ``product`` (a vendor
answered unexpectedly) or ``harness`` (network, timeouts, the harness's own configuration).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Misconfiguration:
    id: str
    section: str
    symptom: str
    diagnosis: str
    fix: str
    category: str = "setup"


ISSUER = "Issuer URL"
TOKEN = "Create a token"
SCOPES = "Add scopes"
CLAIM = "Add claim"
POLICY = "Access policy"
PROVIDER = "Configure the Dev Portal: DCR provider"
STRATEGY = "Configure the Dev Portal: auth strategy"
APPLICATION = "Create an application with DCR"
REQUEST = "Make a successful request"
ANY_STEP = "any step"

_ENTRIES = [
    Misconfiguration(
        "issuer-not-authorization-server",
        ISSUER,
        "the issuer URL has no discovery document",
        "{issuer} is not the issuer URL of an authorization server (its discovery document "
        "answered {status})",
        "copy the issuer URL from Okta's Security > API > Authorization Servers tab; it looks "
        "like https://<org>.okta.com/oauth2/default",
    ),
    Misconfiguration(
        "issuer-not-canonical",
        ISSUER,
        "tokens are refused because their iss differs from the configured issuer",
        "the authorization server names its issuer {actual}, not {issuer}",
        "use {actual} as the issuer URL everywhere (exactly, without a trailing slash)",
    ),
    Misconfiguration(
        "issuer-without-oauth2",
        PROVIDER,
        "applications are created, but every request through the data plane fails",
        "the DCR provider's issuer {issuer} lacks the /oauth2/<server> path of an Okta "
        "authorization server (the how-to's example shows https://my-issuer.okta.com/default)",
        "set the DCR provider's issuer to the authorization server's issuer URL, e.g. {expected}",
    ),
    Misconfiguration(
        "signing-keys-missing",
        ISSUER,
        "the data plane cannot verify any token",
        "the key set at {jwks_uri} has no {alg} signing key with a kid",
        "activate the authorization server and let Okta rotate its signing keys in",
        category="product",
    ),
    Misconfiguration(
        "api-token-refused",
        TOKEN,
        "every Okta Management API call answers 401 E0000011",
        "Okta refused the API token: {error}",
        "create a token in Security > API > Tokens and export it as {variable} (a token "
        "expires after 30 days unused and dies with its admin)",
    ),
    Misconfiguration(
        "dcr-token-refused",
        TOKEN,
        "creating an application in the Dev Portal fails; the DCR provider's verify fails",
        "Okta refuses the DCR token (wrong, revoked, or expired after 30 days unused): {error}",
        "create a new token in Okta (Security > API > Tokens), set it as the DCR provider's "
        "DCR token (PATCH dcr_config.dcr_token) and export it as {variable}",
    ),
    Misconfiguration(
        "dcr-token-lacks-permission",
        TOKEN,
        "Okta answers 403 E0000006 when Konnect registers a client",
        "the admin who created the DCR token may not manage applications: {error}",
        "create the DCR token as an admin with the Application Administrator (or Super "
        "Administrator) role",
    ),
    Misconfiguration(
        "scope-undefined",
        SCOPES,
        "the data plane answers 401; Okta says a scope is not configured",
        "authorization server {server} has no scope named {missing}, which the auth strategy "
        "requests",
        "in Okta, Security > API > {server} > Scopes > Add Scope: {missing}; or remove it from "
        "the auth strategy's scopes",
    ),
    Misconfiguration(
        "scope-consent-required",
        SCOPES,
        "the data plane answers 401; Okta answers consent_required",
        "the scopes {scopes} require user consent, which the client credentials grant cannot give",
        "set User consent to Implicit on those scopes (Security > API > {server} > Scopes)",
    ),
    Misconfiguration(
        "strategy-openid-scope",
        STRATEGY,
        "the data plane answers 401; Okta says it cannot grant openid with client credentials",
        "the auth strategy requests the openid scope, which Okta refuses with client credentials",
        "remove openid from the auth strategy's scopes and list the custom scopes created in Okta",
    ),
    Misconfiguration(
        "strategy-no-scopes",
        STRATEGY,
        "the data plane answers 401; Okta says it cannot grant openid with client credentials",
        "the auth strategy has no scopes, so the data plane requests openid (the default), "
        "which Okta refuses with client credentials",
        "list the custom scopes created in Okta in the auth strategy's scopes",
    ),
    Misconfiguration(
        "claim-missing",
        CLAIM,
        "Basic requests work but bearer tokens are refused with 401",
        "authorization server {server} has no claim named {name!r} (the auth strategy's "
        "credential claim), so tokens cannot be mapped to their application",
        "in Okta, Security > API > {server} > Claims > Add Claim: name {name!r}, value "
        "app.clientId, value type Expression, include in any scope",
    ),
    Misconfiguration(
        "claim-misnamed",
        CLAIM,
        "bearer tokens are refused with 401 although a claim holds the client ID",
        "the claim with value app.clientId is named {actual!r}, but the auth strategy's "
        "credential claim is {name!r}",
        "rename the claim to {name!r}, or set the auth strategy's credential claim to {actual!r}",
    ),
    Misconfiguration(
        "claim-wrong-value",
        CLAIM,
        "bearer tokens are refused with 401",
        "claim {name!r} of authorization server {server} has the value {value!r}, not app.clientId",
        "edit claim {name!r}: value app.clientId, value type Expression",
    ),
    Misconfiguration(
        "claim-not-in-access-token",
        CLAIM,
        "bearer tokens are refused with 401",
        "claim {name!r} is not an active access-token claim (type {claim_type}, status "
        "{status}) or is only included with the scopes {scopes}",
        "edit the claim: include in token type Access Token, in Any scope, and activate it",
    ),
    Misconfiguration(
        "no-access-policy",
        POLICY,
        "every token request answers 401 access_denied: Policy evaluation failed",
        "no active access policy for all clients of authorization server {server} has a rule "
        "allowing client credentials; the how-to omits this step and a fresh Okta org refuses "
        "client credentials without it",
        "in Okta, Security > API > {server} > Access Policies: add a policy assigned to All "
        "clients, with a rule for the Client Credentials grant and the scopes {scopes} (or any "
        "scopes)",
    ),
    Misconfiguration(
        "rule-misses-scope",
        POLICY,
        "token requests answer access_denied although a client-credentials rule exists",
        "the access policy rule for client credentials on {server} does not grant the scopes "
        "{scopes}",
        "add {scopes} to the rule's scopes (or choose Any scopes) in Security > API > {server} "
        "> Access Policies",
    ),
    Misconfiguration(
        "strategy-type-okta",
        STRATEGY,
        "Konnect answers 400 to the how-to's auth strategy example",
        "Konnect refused strategy_type {strategy_type!r}: only key_auth and openid_connect "
        "exist ({error})",
        'use "strategy_type": "openid_connect" with "dcr_provider_id" (the how-to\'s API '
        'example shows "okta")',
    ),
    Misconfiguration(
        "issuer-mismatch",
        STRATEGY,
        "tokens from Okta are refused because the strategy trusts another issuer",
        "the auth strategy's issuer {strategy_issuer!r} differs from the DCR provider's "
        "{provider_issuer!r}",
        "use the DCR provider's issuer URL in the auth strategy (the UI prepopulates it; the "
        "how-to's API example shows an Auth0 issuer)",
    ),
    Misconfiguration(
        "auth-method-not-enabled",
        STRATEGY,
        "the data plane answers 401 to a request the strategy does not allow",
        "the auth strategy's auth methods {methods} do not include {method}, the way this "
        "request authenticates",
        "add {method} to the auth strategy's Auth Methods",
    ),
    Misconfiguration(
        "strategy-not-published",
        STRATEGY,
        "the Dev Portal offers no auth strategy for the API",
        "{api} is not published to {portal} with the auth strategy {strategy!r}",
        "publish {api} to the portal with the auth strategy {strategy!r}",
    ),
    Misconfiguration(
        "control-plane-missing",
        REQUEST,
        "Konnect has no control plane of that name",
        "Konnect has no control plane named {name!r}, where the run would add its own Gateway "
        "Service and Route",
        "set konnect.control_plane to the name of the control plane your data plane at "
        "gateway.url belongs to",
    ),
    Misconfiguration(
        "route-not-synced",
        REQUEST,
        "the data plane never serves a route just added on the control plane",
        "the data plane at {url} still answers 404 for {route} {seconds:g}s after it was added "
        "on control plane {control_plane!r}",
        "check that the data plane at gateway.url is connected to control plane "
        "{control_plane!r}, or raise gateway.sync_seconds",
    ),
    Misconfiguration(
        "portal-generation-mismatch",
        APPLICATION,
        "the Dev Portal is of the other generation than the setup says",
        "the portal {name!r} is a {actual}, and the setup says konnect.portal_api: {configured}",
        "set konnect.portal_api to {wanted} in the setup file",
    ),
    Misconfiguration(
        "developer-cannot-sign-in",
        APPLICATION,
        "the Dev Portal refuses the developer's sign-in",
        "the developer {email} cannot sign in to the Dev Portal: {error}",
        "register and approve the developer in the portal, and export its password as {variable}",
    ),
    Misconfiguration(
        "registration-pending",
        APPLICATION,
        "the data plane answers 403 You cannot consume this service",
        "the application's registration to {api} is {status}, and only approved "
        "registrations may call the API",
        "approve the registration in Konnect (Dev Portal > Access and approvals), or publish "
        "the API with auto-approve",
    ),
    Misconfiguration(
        "registration-revoked",
        APPLICATION,
        "the data plane answers 403 You cannot consume this service",
        "a Konnect admin revoked the application's registration to {api}, and a revoked "
        "registration lets no request through",
        "approve the registration again in Konnect (Dev Portal > Access and approvals > "
        "Applications), if the application may call {api}",
    ),
    Misconfiguration(
        "registration-rejected",
        APPLICATION,
        "the data plane answers 403 You cannot consume this service",
        "a Konnect admin rejected the application's registration to {api}, and a rejected "
        "registration lets no request through",
        "approve the registration in Konnect (Dev Portal > Access and approvals > "
        "Applications), or delete the application and register a new one",
    ),
    Misconfiguration(
        "secret-not-rotated",
        APPLICATION,
        "Okta refuses the secret the Dev Portal just regenerated",
        "Konnect showed a new client secret for {client_id}, but Okta does not know it: the "
        "rotation did not reach Okta",
        "check that the DCR token may still manage the client in Okta (Security > API > Tokens) "
        "and regenerate the secret again",
    ),
    Misconfiguration(
        "app-not-registered",
        APPLICATION,
        "the data plane answers 403 You cannot consume this service",
        "the application is known to the data plane but is not approved for the API ({answer})",
        "register the application to the API in the Dev Portal and approve the registration",
    ),
    Misconfiguration(
        "basic-not-base64",
        REQUEST,
        "the data plane answers 401 to the how-to's curl command",
        "the Authorization header carries client_id:client_secret without base64 (as the "
        "how-to shows), which the data plane cannot decode",
        'send "Authorization: Basic " + base64("<client_id>:<client_secret>") (curl -u '
        "<client_id>:<client_secret>)",
    ),
    Misconfiguration(
        "client-credentials-refused",
        APPLICATION,
        "Okta answers invalid_client to the application's client ID and secret",
        "Okta does not accept the application's client ID and secret ({error})",
        "use the client ID and secret the Dev Portal showed when the application was created, "
        "or regenerate the secret in the Dev Portal",
    ),
    Misconfiguration(
        "konnect-pat-refused",
        PROVIDER,
        "Konnect answers 401 or 403 to the admin API",
        "Konnect refuses the personal access token in {variable} ({status} to {method} {path}): "
        "it is unknown, expired, or lacks the rights the how-to's Konnect steps need",
        "create a personal access token in Konnect with rights on DCR providers, auth "
        "strategies, APIs and the portal, and export it as {variable}",
    ),
    Misconfiguration(
        "rate-limited",
        ANY_STEP,
        "a vendor answers 429 Too Many Requests",
        "{service} kept answering 429 Too Many Requests to {method} {path} after the harness "
        "waited for its rate limit to reset",
        "run fewer pipelines at once against this tenant, wait for the limit to reset, or "
        "raise rate_limit_wait in the setup file",
        category="harness",
    ),
    Misconfiguration(
        "vendor-refused",
        REQUEST,
        "a vendor refused a request the how-to describes",
        "{what}: {error}",
        "{fix}",
        category="product",
    ),
]

CATALOG: dict[str, Misconfiguration] = {entry.id: entry for entry in _ENTRIES}
