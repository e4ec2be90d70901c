"""Platform behaviour of the admin API: PAT auth, problem+json errors, faults, reset."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.konnect import ROUTES, FakeKonnect, too_many_requests
from dcr_harness.fakes.konnect.app import REGIONS
from tests.fakes.konnect.helpers import PAT, create_provider
from tests.fakes.konnect.okta_stub import OktaStub
from tests.fakes.konnect.serving import ServedKonnect
from tests.spec_check import assert_conforms, load_spec

SPEC = "konnect-auth-strategies"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer kpat_unknown"},
        {"Authorization": PAT},  # the old how-to's header: no "Bearer "
        {"Authorization": "Bearer $KPAT"},
    ],
)
def test_missing_or_unknown_pat_is_401_problem_json(
    served: ServedKonnect, konnect: FakeKonnect, headers: dict[str, str]
) -> None:
    client = served.client("admin")
    response = client.get("/v2/dcr-providers", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Unauthorized" and body["detail"] == "Unauthorized"
    assert body["instance"].startswith("kong:trace:")
    assert_conforms(SPEC, "GET", "/dcr-providers", response)


def test_seed_pat_takes_only_konnect_token_prefixes(konnect: FakeKonnect) -> None:
    konnect.seed_pat("spat_system0123")
    with pytest.raises(ValueError, match="kpat_"):
        konnect.seed_pat("not-a-pat")


def test_system_account_token_is_accepted(konnect: FakeKonnect, admin: httpx.Client) -> None:
    konnect.seed_pat("spat_system0123")
    response = admin.get("/v2/dcr-providers", headers={"Authorization": "Bearer spat_system0123"})
    assert response.status_code == 200


def test_unknown_path_and_id_are_404(admin: httpx.Client) -> None:
    assert admin.get("/v2/nothing-here").status_code == 404
    response = admin.get("/v2/dcr-providers/4b7d1b1e-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not Found"
    assert_conforms(SPEC, "GET", "/dcr-providers/{dcrProviderId}", response)


def test_body_that_is_not_json_is_400(admin: httpx.Client) -> None:
    # The old how-to's dcr-providers --data misses its closing brace.
    response = admin.post(
        "/v2/dcr-providers",
        content=b'{"name":"x","provider_type":"okta","issuer":"https://a.okta.com","dcr_config":{"dcr_token":"t"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert_conforms(SPEC, "POST", "/dcr-providers", response)


def test_fault_plan_answers_429_with_retry_after(konnect: FakeKonnect, admin: httpx.Client) -> None:
    assert "dcr-providers.create" in ROUTES
    konnect.faults.add("dcr-providers.create", too_many_requests(retry_after=3))
    response = admin.post("/v2/dcr-providers", json={})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Too Many Requests"
    assert admin.post("/v2/dcr-providers", json={}).status_code == 400


def test_fault_plan_can_drop_the_connection(
    served: ServedKonnect, konnect: FakeKonnect, admin: httpx.Client
) -> None:
    """In-process the transport raises ``ConnectError``; served, the server closes the
    connection without an answer, which httpx reports as ``RemoteProtocolError`` (both are
    ``TransportError``, as ``dcr_harness.fakes.kit.server`` documents)."""
    konnect.faults.add("dcr-providers.list", Fault(connection_error=True))
    expected = httpx.RemoteProtocolError if served.over_http else httpx.ConnectError
    with pytest.raises(expected):
        admin.get("/v2/dcr-providers")
    assert admin.get("/v2/dcr-providers").status_code == 200


def test_requests_are_recorded_and_reset_empties_the_org(
    konnect: FakeKonnect, admin: httpx.Client
) -> None:
    create_provider(admin)
    konnect.seed_portal("harness")
    konnect.faults.add("dcr-providers.list", Fault(status=500))
    assert [r.method for r in konnect.requests] == ["POST"]
    konnect.reset()
    assert konnect.requests == [] and konnect.state.providers == {}
    assert admin.get("/v2/dcr-providers").status_code == 401  # PATs are gone too
    konnect.seed_pat(PAT)
    listing = admin.get("/v2/dcr-providers")
    assert listing.status_code == 200 and listing.json()["data"] == []


def test_handle_dispatches_by_host(served: ServedKonnect, konnect: FakeKonnect) -> None:
    """Over HTTP both servers share 127.0.0.1 and serve ``handle``: the port tells them apart."""
    konnect.seed_portal("harness")
    client = served.client("any")
    admin = client.get(
        f"{konnect.api_url}/v2/dcr-providers", headers={"Authorization": f"Bearer {PAT}"}
    )
    assert admin.status_code == 200
    portal = client.get(f"{konnect.portal_url}/api/v3/developer/me")
    assert portal.status_code == 401 and portal.json()["instance"].startswith("konnect:trace:")


def test_every_region_of_the_spec_is_served_and_others_are_refused() -> None:
    """In-process only: regional hosts are real DNS names, which a loopback server cannot be."""
    servers = [httpx.URL(s["url"]) for s in load_spec(SPEC).raw_schema["servers"]]
    assert {url.host.split(".")[0] for url in servers} == set(REGIONS)
    with httpx.Client(transport=httpx.MockTransport(OktaStub().handle)) as outgoing:
        for url in servers:
            fake = FakeKonnect(f"https://{url.host}", http=outgoing)
            fake.seed_pat(PAT)
            with httpx.Client(transport=httpx.MockTransport(fake.handle)) as client:
                response = client.get(
                    f"{url}/dcr-providers", headers={"Authorization": f"Bearer {PAT}"}
                )
            assert response.status_code == 200, url
            assert_conforms(SPEC, "GET", "/dcr-providers", response)
        for host in ("global.api.konghq.com", "ap.api.konghq.com", "api.konghq.com"):
            with pytest.raises(ValueError, match="not a Konnect region"):
                FakeKonnect(f"https://{host}", http=outgoing)
