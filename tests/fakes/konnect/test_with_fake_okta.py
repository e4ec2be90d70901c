"""Fake Konnect against the project's fake Okta (skipped while that fake is not importable).

In both modes the whole chain is real: over HTTP, fake Okta, the admin API and the portal are
three HTTP servers on 127.0.0.1, and fake Konnect reaches Okta through the network with a
plain ``httpx.Client``, as it would reach a live org.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dcr_harness.fakes.kit.routing import Handler
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from dcr_harness.fakes.konnect import FakeKonnect
from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.konnect import spec_hook
from tests.fakes.konnect.helpers import (
    DCR_TOKEN,
    OKTA,
    PAT,
    create_provider,
    create_strategy,
    login,
    publish,
)
from tests.fakes.konnect.serving import tls


def serve(stack: ExitStack, handler: Handler, sock: socket.socket) -> None:
    server = ServedHandler(handler, sock)
    server.start()
    stack.callback(server.stop)


def client(mode: str, handler: Handler, base_url: str, **kwargs: Any) -> httpx.Client:
    """Every response validated against the specs, as the fixtures' clients are."""
    if mode == "inproc":
        kwargs["transport"] = httpx.MockTransport(handler)
    else:
        kwargs["verify"] = tls()
    hooks = {"response": [spec_hook.validate]}
    return httpx.Client(base_url=base_url, event_hooks=hooks, **kwargs)


@dataclass
class Wired:
    okta: FakeOkta
    konnect: FakeKonnect
    admin: httpx.Client
    portal: httpx.Client
    provider_id: str
    strategy_id: str


@contextmanager
def wired(mode: str) -> Iterator[Wired]:
    """Fake Konnect with the how-to's DCR provider, strategy and publication, reaching fake
    Okta in-process or over HTTP."""
    with ExitStack() as stack:
        if mode == "inproc":
            okta = FakeOkta(org_url=OKTA)
            outgoing = httpx.Client(transport=httpx.MockTransport(okta.handle))
            konnect = FakeKonnect(http=outgoing)
        else:
            okta_sock, api_sock, portal_sock = bind_loopback(), bind_loopback(), bind_loopback()
            url = {
                s: f"http://127.0.0.1:{s.getsockname()[1]}"
                for s in (okta_sock, api_sock, portal_sock)
            }
            okta = FakeOkta(org_url=url[okta_sock])
            outgoing = httpx.Client(verify=tls())
            konnect = FakeKonnect(url[api_sock], url[portal_sock], http=outgoing)
            serve(stack, okta.handle, okta_sock)
            serve(stack, konnect.handle, api_sock)
            serve(stack, konnect.handle, portal_sock)
        stack.callback(outgoing.close)
        okta.seed_api_token(DCR_TOKEN)
        konnect.seed_pat(PAT)
        auth = {"Authorization": f"Bearer {PAT}"}
        admin = stack.enter_context(
            client(mode, konnect.handle_admin, konnect.api_url, headers=auth)
        )
        portal = stack.enter_context(client(mode, konnect.handle_portal, konnect.portal_url))
        provider_id = create_provider(admin, issuer=f"{okta.org_url}/oauth2/default")["id"]
        strategy_id = create_strategy(admin, provider_id)["id"]
        published = konnect.seed_portal("harness")
        publish(admin, konnect.seed_api("Orders API").id, published.id, strategy_id)
        yield Wired(okta, konnect, admin, portal, provider_id, strategy_id)


@pytest.mark.parametrize("mode", ["inproc", "http"])
def test_dcr_round_trip_through_fake_okta(mode: str) -> None:
    with wired(mode) as w:
        okta, konnect, admin, portal = w.okta, w.konnect, w.admin, w.portal
        provider_id, strategy_id = w.provider_id, w.strategy_id
        verify = admin.post(f"/v2/dcr-providers/{provider_id}/verify").json()
        assert verify == {"status": "success", "errors": []}
        login(konnect, portal)
        app = portal.post(
            "/api/v3/applications", json={"name": "a", "auth_strategy_id": strategy_id}
        )
        assert app.status_code == 201 and app.json()["client_secret"]
        rotated = portal.post(f"/api/v3/applications/{app.json()['id']}/regenerate-secret")
        assert rotated.status_code == 201
        assert rotated.json()["client_secret"] != app.json()["client_secret"]
        assert portal.delete(f"/api/v3/applications/{app.json()['id']}").status_code == 204
        admin.patch(
            f"/v2/dcr-providers/{provider_id}",
            json={"dcr_config": {"dcr_token": "wrong-dcr-token-1234"}},
        )
        refused = portal.post(
            "/api/v3/applications", json={"name": "b", "auth_strategy_id": strategy_id}
        )
        assert refused.status_code == 400 and "E0000011" in refused.json()["detail"]
        assert "wrong-dcr-token-1234" not in refused.text
        # create, verify, the credentials before a regenerate, newSecret, delete, the refusal
        assert [c.url.netloc for c in konnect.dcr_calls] == [httpx.URL(okta.org_url).netloc] * 7


def _token_status(okta: FakeOkta, client_id: str, secret: str) -> tuple[int, str]:
    with httpx.Client(transport=httpx.MockTransport(okta.handle), base_url=okta.org_url) as http:
        answer = http.post(
            "/oauth2/default/v1/token",
            data={"grant_type": "client_credentials", "scope": "orders:read"},
            auth=(client_id, secret),
        )
    return answer.status_code, str(answer.json().get("error", ""))


def _okta_done(okta: FakeOkta) -> None:
    """The how-to's Okta steps: the scope and a rule allowing client_credentials."""
    okta.state.add_scope("default", "orders:read")
    policy = okta.state.add_policy("default", "Dev Portal")
    okta.state.add_rule("default", policy.id, "client credentials")


@pytest.mark.parametrize("mode", ["inproc", "http"])
def test_a_second_credential_is_a_second_okta_secret_until_removed(mode: str) -> None:
    with wired(mode) as w:
        _okta_done(w.okta)
        login(w.konnect, w.portal)
        made = w.portal.post(
            "/api/v3/applications", json={"name": "two keys", "auth_strategy_id": w.strategy_id}
        ).json()
        credentials = f"/api/v3/applications/{made['id']}/credentials"
        first = w.portal.get(credentials).json()["data"]
        assert [c["client_id"] for c in first] == [made["client_id"]]

        second = w.portal.post(credentials, json={"display_name": "rotation"})
        assert second.status_code == 201, second.text
        added = second.json()
        assert added["type"] == "client_secret" and added["client_secret"]
        listed = w.portal.get(credentials).json()["data"]
        assert [c["display_name"] for c in listed] == [None, "rotation"]
        assert "client_secret" not in listed[1]
        client_id = made["client_id"]
        assert _token_status(w.okta, client_id, made["client_secret"]) == (200, "")
        assert _token_status(w.okta, client_id, added["client_secret"]) == (200, "")

        refused = w.portal.post(f"/api/v3/applications/{made['id']}/regenerate-secret")
        assert refused.status_code == 409
        beyond = w.portal.post(credentials, json={})
        assert beyond.status_code == 400 and "E0000001" in beyond.json()["detail"]

        removed = w.portal.delete(f"{credentials}/{first[0]['id']}")
        assert removed.status_code == 204
        assert _token_status(w.okta, client_id, made["client_secret"]) == (401, "invalid_client")
        assert _token_status(w.okta, client_id, added["client_secret"]) == (200, "")
        last = w.portal.delete(f"{credentials}/{added['id']}")
        assert last.status_code == 409
