"""Fake Konnect against the project's fake Okta (skipped while that fake is not importable)."""

from __future__ import annotations

import httpx
import pytest

from fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import DCR_TOKEN, PAT, dcr_setup, login


def test_dcr_round_trip_through_fake_okta() -> None:
    fake_okta = getattr(pytest.importorskip("fakes.okta"), "FakeOkta", None)
    if fake_okta is None:
        pytest.skip("fakes.okta has no FakeOkta yet")
    okta = fake_okta(org_url="https://dcr-harness.okta.com")
    okta.seed_api_token(DCR_TOKEN)
    with httpx.Client(transport=httpx.MockTransport(okta.handle)) as outgoing:
        konnect = FakeKonnect(http=outgoing)
        konnect.seed_pat(PAT)
        admin = httpx.Client(
            transport=httpx.MockTransport(konnect.handle_admin),
            base_url=konnect.api_url,
            headers={"Authorization": f"Bearer {PAT}"},
        )
        portal = httpx.Client(
            transport=httpx.MockTransport(konnect.handle_portal), base_url=konnect.portal_url
        )
        provider_id, strategy_id, _, _ = dcr_setup(konnect, admin)
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
