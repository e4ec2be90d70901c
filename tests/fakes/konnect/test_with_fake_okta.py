"""Fake Konnect against the project's fake Okta (skipped while that fake is not importable).

In both modes the whole chain is real: over HTTP, fake Okta, the admin API and the portal are
three HTTP servers on 127.0.0.1, and fake Konnect reaches Okta through the network with a
plain ``httpx.Client``, as it would reach a live org.
"""

from __future__ import annotations

import socket
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from dcr_harness.fakes.kit.routing import Handler
from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback
from dcr_harness.fakes.konnect import FakeKonnect
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


@pytest.mark.parametrize("mode", ["inproc", "http"])
def test_dcr_round_trip_through_fake_okta(mode: str) -> None:
    fake_okta = getattr(pytest.importorskip("dcr_harness.fakes.okta"), "FakeOkta", None)
    if fake_okta is None:
        pytest.skip("dcr_harness.fakes.okta has no FakeOkta yet")
    with ExitStack() as stack:
        if mode == "inproc":
            okta = fake_okta(org_url=OKTA)
            outgoing = httpx.Client(transport=httpx.MockTransport(okta.handle))
            konnect = FakeKonnect(http=outgoing)
        else:
            okta_sock, api_sock, portal_sock = bind_loopback(), bind_loopback(), bind_loopback()
            url = {
                s: f"http://127.0.0.1:{s.getsockname()[1]}"
                for s in (okta_sock, api_sock, portal_sock)
            }
            okta = fake_okta(org_url=url[okta_sock])
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
        assert [c.url.netloc for c in konnect.dcr_calls] == [httpx.URL(okta.org_url).netloc] * 6
