from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakes.kit.asgi import ServedHandler, bind_loopback
from fakes.okta import FakeOkta


@pytest.fixture
def served() -> Iterator[tuple[FakeOkta, str]]:
    sock = bind_loopback()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    okta = FakeOkta(url)
    server = ServedHandler(okta.handle, sock)
    server.start()
    try:
        yield okta, url
    finally:
        server.stop()


def test_the_same_fake_serves_over_real_http(served: tuple[FakeOkta, str]) -> None:
    okta, url = served
    okta.seed_api_token("served-token")
    okta.state.add_scope("default", "portal")
    policy = okta.state.add_policy("default", "p")
    okta.state.add_rule("default", policy.id, "r")

    with httpx.Client(base_url=url) as http:
        issuer = http.get("/oauth2/default/.well-known/oauth-authorization-server").json()["issuer"]
        created = http.post(
            "/oauth2/v1/clients",
            headers={"Authorization": "SSWS served-token"},
            json={
                "client_name": "x",
                "application_type": "service",
                "grant_types": ["client_credentials"],
            },
        ).json()
        granted = http.post(
            "/oauth2/default/v1/token",
            data={"grant_type": "client_credentials", "scope": "portal"},
            auth=(created["client_id"], created["client_secret"]),
        )

    assert issuer == f"{url}/oauth2/default"
    assert granted.status_code == 200
    assert [r.url.path for r in okta.requests][-1] == "/oauth2/default/v1/token"
