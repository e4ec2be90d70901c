"""Dynamic Client Registration: ``/oauth2/v1/clients`` (SSWS-authenticated, checked by ``app``).

Validation follows SPEC-O's grant-type table by application type; only the ``client_name``
text is documented (SPEC-O example), the others are worded alike [I]. An unknown client id
answers 404 E0000007 as the current spec says (legacy docs showed 401 ``invalid_client``).
"""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.app_views import client_json
from dcr_harness.fakes.okta.directory import SECRET_METHODS
from dcr_harness.fakes.okta.models import OAuthClient
from dcr_harness.fakes.okta.state import OktaState
from dcr_harness.fakes.okta.web import (
    json_object,
    json_response,
    list_response,
    no_content,
    paginate_table,
    query,
)

ROUTES = (
    "dcr.list",
    "dcr.create",
    "dcr.get",
    "dcr.replace",
    "dcr.delete",
    "dcr.new_secret",
)

_OIE_GRANTS = (
    "urn:okta:params:oauth:grant-type:otp",
    "urn:okta:params:oauth:grant-type:oob",
    "http://auth0.com/oauth/grant-type/mfa-otp",
    "http://auth0.com/oauth/grant-type/mfa-oob",
)
_SAML = "urn:ietf:params:oauth:grant-type:saml2-bearer"
GRANTS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "browser": ("authorization_code", "implicit", _SAML, *_OIE_GRANTS),
    "native": ("authorization_code", "implicit", "password", "refresh_token", _SAML, *_OIE_GRANTS),
    "service": ("client_credentials", _SAML, *_OIE_GRANTS),
    "web": (
        "authorization_code",
        "implicit",
        "refresh_token",
        "client_credentials",
        _SAML,
        *_OIE_GRANTS,
    ),
}
AUTH_METHODS = (
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "none",
)
RESPONSE_TYPES = ("code", "token", "id_token", "none")
METADATA_FIELDS = (
    "client_uri",
    "logo_uri",
    "policy_uri",
    "tos_uri",
    "jwks_uri",
    "jwks",
    "initiate_login_uri",
    "post_logout_redirect_uris",
    "frontchannel_logout_uri",
    "frontchannel_logout_session_required",
    "request_object_signing_alg",
    "id_token_encrypted_response_alg",
)
READ_ONLY_ON_REPLACE = ("client_secret_expires_at", "client_id_issued_at")


class ClientRegistration:
    def __init__(self, state: OktaState) -> None:
        self.state = state

    def routes(self) -> list[tuple[str, str, str, Any]]:
        base = "/oauth2/v1/clients"
        return [
            ("GET", base, "dcr.list", self.list),
            ("POST", base, "dcr.create", self.create),
            ("GET", base + "/{client_id}", "dcr.get", self.get),
            ("PUT", base + "/{client_id}", "dcr.replace", self.replace),
            ("DELETE", base + "/{client_id}", "dcr.delete", self.delete),
            ("POST", base + "/{client_id}/lifecycle/newSecret", "dcr.new_secret", self.new_secret),
        ]

    def list(self, request: httpx.Request) -> httpx.Response:
        prefix = (query(request, "q") or "").lower()
        page, links = paginate_table(
            request,
            self.state.clients,
            lambda c: c.client_name.lower().startswith(prefix),
            lambda c: c.client_id,
            default_limit=20,
        )
        return list_response([client_json(c, with_secret=False) for c in page], links)

    def create(self, request: httpx.Request) -> httpx.Response:
        fields = validate(json_object(request))
        client = self.state.register_client(**fields)
        return json_response(201, client_json(client, with_secret=True))

    def get(self, request: httpx.Request, client_id: str) -> httpx.Response:
        return json_response(200, client_json(self.state.client(client_id), with_secret=False))

    def replace(self, request: httpx.Request, client_id: str) -> httpx.Response:
        client = self.state.client(client_id)
        body = json_object(request)
        for name in READ_ONLY_ON_REPLACE:
            if name in body:
                raise errors.invalid_client_metadata(name, "The field is read-only.")
        apply(client, validate(body))
        if client.token_endpoint_auth_method not in SECRET_METHODS:
            client.secrets.clear()
        elif client.client_secret is None:
            self.state.new_client_secret(client_id)
        client.last_updated = self.state.clock.iso()
        return json_response(200, client_json(client, with_secret=True))

    def delete(self, request: httpx.Request, client_id: str) -> httpx.Response:
        self.state.remove_client(client_id)
        return no_content()

    def new_secret(self, request: httpx.Request, client_id: str) -> httpx.Response:
        client = self.state.new_client_secret(client_id)
        return json_response(200, client_json(client, with_secret=True))


def validate(body: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``register_client``, or ``invalid_client_metadata``."""
    name = body.get("client_name")
    if not isinstance(name, str) or not name.strip():
        raise errors.invalid_client_metadata("client_name", "The field can't be left blank.")
    app_type = body.get("application_type") or "web"
    if not isinstance(app_type, str) or app_type not in GRANTS_BY_TYPE:
        raise errors.invalid_client_metadata("application_type", f"Invalid value '{app_type}'.")
    method = body.get("token_endpoint_auth_method") or "client_secret_basic"
    if not isinstance(method, str) or method not in AUTH_METHODS:
        raise errors.invalid_client_metadata(
            "token_endpoint_auth_method", f"Invalid value '{method}'."
        )
    grants = _string_list(body, "grant_types") or ["authorization_code"]
    for grant in grants:
        if grant not in GRANTS_BY_TYPE[app_type]:
            raise errors.invalid_client_metadata(
                "grant_types",
                f"The grant type '{grant}' is not allowed for application type '{app_type}'.",
            )
    if app_type in ("web", "native") and "authorization_code" not in grants:
        raise errors.invalid_client_metadata(
            "grant_types", f"Application type '{app_type}' must include 'authorization_code'."
        )
    responses = _string_list(body, "response_types")
    for response_type in responses:
        if response_type not in RESPONSE_TYPES:
            raise errors.invalid_client_metadata(
                "response_types", f"Invalid value '{response_type}'."
            )
    redirect_uris = _string_list(body, "redirect_uris")
    redirectless = {"client_credentials", "password"} & set(grants)
    if not redirect_uris and not redirectless:
        raise errors.invalid_client_metadata("redirect_uris", "The field can't be left blank.")
    if not responses:
        responses = ["code"] if "authorization_code" in grants else []
        responses = responses or (["token"] if app_type == "service" else [])
    return {
        "client_name": name,
        "application_type": app_type,
        "grant_types": grants,
        "response_types": responses,
        "redirect_uris": redirect_uris,
        "token_endpoint_auth_method": method,
        "metadata": {k: body[k] for k in METADATA_FIELDS if k in body},
    }


def apply(client: OAuthClient, fields: dict[str, Any]) -> None:
    client.client_name = fields["client_name"]
    client.application_type = fields["application_type"]
    client.grant_types = fields["grant_types"]
    client.response_types = fields["response_types"]
    client.redirect_uris = fields["redirect_uris"]
    client.token_endpoint_auth_method = fields["token_endpoint_auth_method"]
    client.metadata = fields["metadata"]


def _string_list(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise errors.invalid_client_metadata(name, "The field must be an array of strings.")
    return list(value)
