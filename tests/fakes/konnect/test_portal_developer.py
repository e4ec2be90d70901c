"""Dev Portal v3 developer accounts: register, email verification, log in, me."""

from __future__ import annotations

import httpx

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.spec_compat import assert_portal_conforms


def test_register_verify_set_password_and_log_in(
    konnect: FakeKonnect, portal_http: httpx.Client
) -> None:
    konnect.seed_portal("harness")
    response = portal_http.post(
        "/api/v3/developer", json={"email": "dev@example.com", "full_name": "Dev Eloper"}
    )
    assert response.status_code == 201
    assert_portal_conforms("POST", "/api/v3/developer", response)
    verified = portal_http.post(
        "/api/v3/developer/verify-email",
        json={"token": konnect.verification_token("dev@example.com")},
    )
    assert verified.status_code == 202
    assert_portal_conforms("POST", "/api/v3/developer/verify-email", verified)
    reset = portal_http.post(
        "/api/v3/developer/reset-password",
        json={"token": verified.json()["token"], "password": "S3cret!pass"},
    )
    assert reset.status_code == 204
    assert_portal_conforms("POST", "/api/v3/developer/reset-password", reset)
    login = portal_http.post(
        "/api/v3/developer/authenticate",
        json={"username": "dev@example.com", "password": "S3cret!pass"},
    )
    assert login.status_code == 204
    assert_portal_conforms("POST", "/api/v3/developer/authenticate", login)
    assert "portalaccesstoken" in portal_http.cookies
    me = portal_http.get("/api/v3/developer/me")
    assert_portal_conforms("GET", "/api/v3/developer/me", me)
    assert me.json()["email"] == "dev@example.com"


def test_register_refuses_a_password_field(konnect: FakeKonnect, portal_http: httpx.Client) -> None:
    konnect.seed_portal("harness")
    response = portal_http.post(
        "/api/v3/developer",
        json={"email": "dev@example.com", "full_name": "Dev", "password": "x"},
    )
    assert response.status_code == 400
    assert_portal_conforms("POST", "/api/v3/developer", response)
    assert response.json()["invalid_parameters"][0]["rule"] == "unknown_property"


def test_pending_developer_gets_approval_required(
    konnect: FakeKonnect, portal_http: httpx.Client
) -> None:
    konnect.seed_portal("harness", auto_approve_developers=False)
    konnect.seed_developer("dev@example.com", "pw", status="pending")
    response = portal_http.post(
        "/api/v3/developer/authenticate", json={"username": "dev@example.com", "password": "pw"}
    )
    assert response.status_code == 401
    assert_portal_conforms("POST", "/api/v3/developer/authenticate", response)
    body = response.json()
    assert body["title"] == "Approval Required"
    assert body["detail"] == "Your account is pending approval for access."
    assert body["instance"].startswith("konnect:trace:")


def test_wrong_password_is_invalid_credentials(
    konnect: FakeKonnect, portal_http: httpx.Client
) -> None:
    konnect.seed_portal("harness")
    konnect.seed_developer("dev@example.com", "pw")
    response = portal_http.post(
        "/api/v3/developer/authenticate", json={"username": "dev@example.com", "password": "nope"}
    )
    assert response.status_code == 401
    assert_portal_conforms("POST", "/api/v3/developer/authenticate", response)
    assert response.json()["title"] == "Invalid Credentials"


def test_portal_calls_need_the_cookie(konnect: FakeKonnect, portal_http: httpx.Client) -> None:
    konnect.seed_portal("harness")
    for path in (
        "/api/v3/developer/me",
        "/api/v3/applications",
        "/api/v3/application-auth-strategies",
    ):
        response = portal_http.get(path)
        assert response.status_code == 401, path
        assert_portal_conforms("GET", path, response)
    forged = portal_http.get("/api/v3/applications", headers={"Cookie": "portalaccesstoken=forged"})
    assert forged.status_code == 401


def test_revoked_developer_loses_the_session(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    portal = konnect.seed_portal("harness")
    developer = konnect.seed_developer("dev@example.com", "pw")
    portal_http.post(
        "/api/v3/developer/authenticate", json={"username": "dev@example.com", "password": "pw"}
    )
    assert portal_http.get("/api/v3/developer/me").status_code == 200
    admin.patch(f"/v3/portals/{portal.id}/developers/{developer.id}", json={"status": "revoked"})
    assert portal_http.get("/api/v3/developer/me").status_code == 401


def test_no_portal_seeded_is_404(portal_http: httpx.Client) -> None:
    response = portal_http.post("/api/v3/developer", json={"email": "a@b.co", "full_name": "A"})
    assert response.status_code == 404
