from __future__ import annotations

import httpx

from dcr_harness.fakes.okta import FakeOkta
from tests.spec_check import assert_conforms, assert_management_error_in_catalogue

M = "okta-management"
SERVERS = "/api/v1/authorizationServers"
SERVER = SERVERS + "/{authServerId}"


def test_fresh_org_has_the_default_server(org: str, api: httpx.Client) -> None:
    response = api.get(SERVERS)

    assert response.status_code == 200
    assert_conforms(M, "GET", SERVERS, response)
    (server,) = response.json()
    assert server["id"] == "default"
    assert server["audiences"] == ["api://default"]
    assert server["issuer"] == f"{org}/oauth2/default"
    assert server["issuerMode"] == "ORG_URL"
    assert server["status"] == "ACTIVE"
    assert len(server["credentials"]["signing"]["kid"]) == 43


def test_create_get_replace_delete(org: str, api: httpx.Client) -> None:
    created = api.post(
        SERVERS,
        json={"name": "Dev Portal", "description": "DCR", "audiences": ["api://portal"]},
    )
    assert created.status_code == 201
    assert_conforms(M, "POST", SERVERS, created)
    server_id = created.json()["id"]
    assert created.json()["issuer"] == f"{org}/oauth2/{server_id}"

    fetched = api.get(f"{SERVERS}/{server_id}")
    assert_conforms(M, "GET", SERVER, fetched)
    assert fetched.json()["name"] == "Dev Portal"

    replaced = api.put(
        f"{SERVERS}/{server_id}", json={"name": "Renamed", "audiences": ["api://renamed"]}
    )
    assert replaced.status_code == 200
    assert_conforms(M, "PUT", SERVER, replaced)
    assert replaced.json()["audiences"] == ["api://renamed"]

    deleted = api.delete(f"{SERVERS}/{server_id}")
    assert deleted.status_code == 204
    assert_conforms(M, "DELETE", SERVER, deleted)
    gone = api.get(f"{SERVERS}/{server_id}")
    assert gone.status_code == 404
    assert_conforms(M, "GET", SERVER, gone)
    assert_management_error_in_catalogue(gone)


def test_create_validation(api: httpx.Client) -> None:
    for body in ({"audiences": ["api://x"]}, {"name": "x", "audiences": ["a", "b"]}, {"name": "x"}):
        response = api.post(SERVERS, json=body)
        assert response.status_code == 400
        assert_conforms(M, "POST", SERVERS, response)
        assert_management_error_in_catalogue(response)
        assert response.json()["errorCauses"]


def test_query_filters_by_name_or_audience(okta: FakeOkta, api: httpx.Client) -> None:
    okta.state.add_authorization_server("Dev Portal", ["api://portal"])
    assert [s["name"] for s in api.get(SERVERS, params={"q": "portal"}).json()] == ["Dev Portal"]
    assert len(api.get(SERVERS, params={"q": "api://"}).json()) == 2


def test_lifecycle(api: httpx.Client, http: httpx.Client) -> None:
    deactivated = api.post(f"{SERVERS}/default/lifecycle/deactivate")
    assert deactivated.status_code == 204
    assert_conforms(M, "POST", SERVER + "/lifecycle/deactivate", deactivated)
    assert api.get(f"{SERVERS}/default").json()["status"] == "INACTIVE"
    assert http.get("/oauth2/default/v1/keys").status_code == 404

    activated = api.post(f"{SERVERS}/default/lifecycle/activate")
    assert activated.status_code == 204
    assert_conforms(M, "POST", SERVER + "/lifecycle/activate", activated)
    assert http.get("/oauth2/default/v1/keys").status_code == 200


def test_key_rotation_through_the_api(api: httpx.Client, http: httpx.Client) -> None:
    before = api.get(f"{SERVERS}/default/credentials/keys")
    assert_conforms(M, "GET", SERVER + "/credentials/keys", before)
    old_kid = before.json()[0]["kid"]

    rotated = api.post(f"{SERVERS}/default/credentials/lifecycle/keyRotate", json={"use": "sig"})

    assert rotated.status_code == 200
    assert_conforms(M, "POST", SERVER + "/credentials/lifecycle/keyRotate", rotated)
    assert [k["status"] for k in rotated.json()] == ["ACTIVE", "EXPIRED"]
    assert rotated.json()[1]["kid"] == old_kid
    assert api.get(f"{SERVERS}/default").json()["credentials"]["signing"]["kid"] != old_kid
    assert len(http.get("/oauth2/default/v1/keys").json()["keys"]) == 2
    one = api.get(f"{SERVERS}/default/credentials/keys/{old_kid}")
    assert_conforms(M, "GET", SERVER + "/credentials/keys/{keyId}", one)
    bad = api.post(f"{SERVERS}/default/credentials/lifecycle/keyRotate", json={"use": "enc"})
    assert bad.status_code == 400
