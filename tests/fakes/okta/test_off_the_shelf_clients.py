"""Off-the-shelf clients talk to the fake served over plain http on 127.0.0.1: the standard
library's ``urllib`` (discovery, DCR, the token endpoint, Link-header pagination), PyJWT's
``PyJWKClient`` (a generic OIDC token verifier: it fetches the JWKS from the discovered
``jwks_uri`` and picks the key by ``kid``), and ``curl``.

Only over HTTP, by nature. Okta's own verifiers need https (``okta-jwt-verifier`` for Python
has no switch; ``@okta/jwt-verifier`` needs ``testing.disableHttpsCheck``). Okta's Python SDK
has its own tests, ``test_okta_sdk.py``.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import API_TOKEN, NOW, Target, fresh

SSWS = {"Authorization": f"SSWS {API_TOKEN}"}


@pytest.fixture
def okta(served_target: Target) -> Iterator[FakeOkta]:
    """The served fake, fresh, on the wall clock (so ``exp`` and ``iat`` verify for real),
    with the how-to's setup: a ``portal`` scope, the ``app.clientId`` claim, a rule."""
    fake = served_target.okta
    fake.clock.reset()
    fake.clock.advance(time.time() - NOW)
    fresh(fake, keep_clock=True)
    fake.state.add_scope("default", "portal")
    fake.state.add_claim("default", "kong_client_id", "app.clientId")
    policy = fake.state.add_policy("default", "Dev Portal")
    fake.state.add_rule("default", policy.id, "client credentials")
    yield fake
    fake.clock.reset()


def call(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, Any, Any]:
    """``urllib`` request: (status, JSON body or None, headers); HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), error.headers


def register(org: str) -> dict[str, Any]:
    body = {
        "client_name": "Dev Portal app",
        "application_type": "service",
        "grant_types": ["client_credentials"],
    }
    headers = {**SSWS, "Content-Type": "application/json", "Accept": "application/json"}
    status, created, _ = call(
        f"{org}/oauth2/v1/clients", data=json.dumps(body).encode(), headers=headers
    )
    assert status == 201
    return dict(created)


def basic(client: dict[str, Any], secret: str | None = None) -> dict[str, str]:
    pair = f"{client['client_id']}:{secret or client['client_secret']}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def mint(token_endpoint: str, client: dict[str, Any]) -> str:
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "portal"})
    status, body, headers = call(token_endpoint, data=form.encode(), headers=basic(client))
    assert status == 200, body
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    return str(body["access_token"])


def test_discovery_token_and_verification_with_stock_clients(okta: FakeOkta) -> None:
    org = okta.org_url
    assert org.startswith("http://127.0.0.1:")
    client = register(org)
    status, discovery, _ = call(f"{org}/oauth2/default/.well-known/openid-configuration")
    assert status == 200

    access_token = mint(discovery["token_endpoint"], client)

    key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(access_token)
    claims = jwt.decode(
        access_token,
        key,
        algorithms=["RS256"],
        audience="api://default",
        issuer=discovery["issuer"],
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )
    assert discovery["issuer"] == f"{org}/oauth2/default"
    assert claims["cid"] == claims["sub"] == claims["kong_client_id"] == client["client_id"]
    assert claims["scp"] == ["portal"]


def test_previous_key_verifies_until_retired(okta: FakeOkta) -> None:
    org = okta.org_url
    client = register(org)
    token_endpoint = f"{org}/oauth2/default/v1/token"
    before = mint(token_endpoint, client)
    status, _, _ = call(
        f"{org}/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate",
        data=b'{"use": "sig"}',
        headers={**SSWS, "Content-Type": "application/json"},
    )
    assert status == 200
    after = mint(token_endpoint, client)
    verifier = jwt.PyJWKClient(f"{org}/oauth2/default/v1/keys", cache_jwk_set=False)

    for token in (before, after):
        jwt.decode(
            token,
            verifier.get_signing_key_from_jwt(token),
            algorithms=["RS256"],
            audience="api://default",
        )
    okta.state.retire_keys("default")

    with pytest.raises(jwt.PyJWKClientError, match="Unable to find a signing key"):
        verifier.get_signing_key_from_jwt(before)
    assert (
        verifier.get_signing_key_from_jwt(after).key_id == jwt.get_unverified_header(after)["kid"]
    )


def test_errors_and_link_pagination_over_urllib(okta: FakeOkta) -> None:
    org = okta.org_url
    clients = [register(org) for _ in range(3)]

    url: str | None = f"{org}/oauth2/v1/clients?limit=2"
    seen: list[str] = []
    while url:
        status, page, headers = call(url, headers=SSWS)
        assert status == 200
        seen += [c["client_id"] for c in page]
        links = headers.get_all("Link")
        assert any(link.endswith('rel="self"') for link in links)
        url = next((lnk[1 : lnk.index(">")] for lnk in links if 'rel="next"' in lnk), None)
    assert seen == [c["client_id"] for c in clients]

    form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "portal"})
    status, body, headers = call(
        f"{org}/oauth2/default/v1/token", data=form.encode(), headers=basic(clients[0], "wrong")
    )
    assert status == 401
    assert body["error"] == "invalid_client"
    assert headers["X-Okta-Request-Id"] and headers["Date"].endswith("GMT")
    status, body, headers = call(f"{org}/api/v1/authorizationServers")
    assert (status, body["errorCode"]) == (403, "E0000005")
    assert len(headers.get_all("Date")) == 1


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_gets_a_token(okta: FakeOkta) -> None:
    client = register(okta.org_url)
    result = subprocess.run(
        [
            "curl",
            "--silent",
            "--show-error",
            "--user",
            f"{client['client_id']}:{client['client_secret']}",
            "--data",
            "grant_type=client_credentials&scope=portal",
            f"{okta.org_url}/oauth2/default/v1/token",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    body = json.loads(result.stdout)
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
