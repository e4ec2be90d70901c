"""An app's client secrets (``/api/v1/apps/{id}/credentials/secrets``), the rotation Okta
documents: a second secret authenticates beside the first; a deactivated one no longer does;
only an inactive one can be deleted, and never the last active one. At most two per app
(Okta's help pages). Every answer passes the contract checks of ``contract``."""

from __future__ import annotations

import httpx

from tests.fakes.okta.conftest import Registered
from tests.fakes.okta.grant import token

SECRETS = "/api/v1/apps/{}/credentials/secrets"


def test_a_second_secret_authenticates_beside_the_first_until_deactivated(
    api: httpx.Client, http: httpx.Client, ready: Registered
) -> None:
    secrets = SECRETS.format(ready.client_id)
    made = api.post(secrets, json={})
    assert made.status_code == 201, made.text
    second = made.json()
    assert second["status"] == "ACTIVE" and len(second["client_secret"]) == 64
    listed = api.get(secrets).json()
    assert [s["id"] for s in listed] == [listed[0]["id"], second["id"]]
    assert all("......" in s["client_secret"] for s in listed), "a listed secret is shown whole"

    newer = Registered(ready.client_id, second["client_secret"])
    assert token(http, ready, scope="portal").status_code == 200
    assert token(http, newer, scope="portal").status_code == 200

    first_id = listed[0]["id"]
    assert api.post(f"{secrets}/{first_id}/lifecycle/deactivate").json()["status"] == "INACTIVE"
    refused = token(http, ready, scope="portal")
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    assert token(http, newer, scope="portal").status_code == 200


def test_at_most_two_secrets_and_only_inactive_ones_are_deleted(
    api: httpx.Client, ready: Registered
) -> None:
    secrets = SECRETS.format(ready.client_id)
    second = api.post(secrets, json={"status": "INACTIVE"}).json()
    third = api.post(secrets, json={})
    assert third.status_code == 400 and third.json()["errorCode"] == "E0000001"

    first_id = api.get(secrets).json()[0]["id"]
    active = api.delete(f"{secrets}/{first_id}")
    assert active.status_code == 400 and active.json()["errorCode"] == "E0000001"
    only = api.post(f"{secrets}/{first_id}/lifecycle/deactivate")
    assert only.status_code == 400, "the only active secret was deactivated"

    assert api.delete(f"{secrets}/{second['id']}").status_code == 204
    assert [s["id"] for s in api.get(secrets).json()] == [first_id]
    assert api.get(f"{secrets}/{second['id']}").status_code == 404


def test_a_secret_of_ones_own_choosing_is_kept_as_given(
    api: httpx.Client, http: httpx.Client, ready: Registered
) -> None:
    chosen = "my-own-secret-of-twenty-chars"
    made = api.post(SECRETS.format(ready.client_id), json={"client_secret": chosen})
    assert made.status_code == 201 and made.json()["client_secret"] == chosen
    assert token(http, Registered(ready.client_id, chosen), scope="portal").status_code == 200
