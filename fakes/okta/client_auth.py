"""Client authentication at the token, introspect and revoke endpoints: ``client_secret_basic``
and ``client_secret_post``. JWT assertions (``client_secret_jwt``, ``private_key_jwt``) are not
implemented: a ``client_assertion`` fails with the generic ``invalid_client`` text."""

from __future__ import annotations

import base64
import binascii
import hmac
from urllib.parse import unquote_plus

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.directory import Directory
from dcr_harness.fakes.okta.models import OAuthClient


def authenticate_client(
    directory: Directory, request: httpx.Request, body: dict[str, str]
) -> OAuthClient:
    """The authenticated client, or the OAuth error Okta answers (checked in this order: query
    credentials, multiple credentials, header form, missing credentials, client id, method,
    secret)."""
    params = request.url.params
    if "client_secret" in params or "client_assertion" in params:
        raise errors.oauth_error(errors.CLIENT_CREDENTIALS_IN_QUERY)
    header = request.headers.get("Authorization")
    in_body = "client_secret" in body or "client_assertion" in body
    if header is not None and in_body:
        raise errors.oauth_error(errors.MULTIPLE_CLIENT_CREDENTIALS)
    if header is not None:
        client_id, basic_secret = _basic_credentials(header)
        secret: str | None = basic_secret
        method = "client_secret_basic"
    elif "client_assertion" in body:
        raise errors.oauth_error(errors.INVALID_CLIENT)
    elif body.get("client_id"):
        client_id, secret = body["client_id"], body.get("client_secret")
        method = "client_secret_post" if secret is not None else "none"
    else:
        raise errors.oauth_error(errors.MISSING_CLIENT_CREDENTIALS)
    client = directory.clients.get(client_id)
    if client is None or client.status != "ACTIVE":
        raise errors.oauth_error(errors.INVALID_CLIENT_ID)
    if client.token_endpoint_auth_method != method:
        raise errors.oauth_error(errors.INVALID_CLIENT)
    if method != "none" and not any(_same(value, secret) for value in client.active_secrets()):
        raise errors.oauth_error(errors.INVALID_CLIENT_SECRET)
    return client


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        raise errors.oauth_error(errors.INVALID_BASIC_AUTH)
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise errors.oauth_error(errors.INVALID_BASIC_AUTH) from exc
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id:
        raise errors.oauth_error(errors.INVALID_BASIC_AUTH)
    return unquote_plus(client_id), unquote_plus(secret)


def _same(expected: str | None, given: str | None) -> bool:
    if expected is None or given is None:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
