"""Malformed requests to the served fakes get the vendor's 4xx, never a 500: JSON nested
beyond any parser's depth, fields of the wrong type, a DCR token that cannot travel in a
header, URLs over 64 KB and a Host header no URL can hold."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.live.conftest import Served, start_served, stop_served

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    running = start_served()
    yield running
    stop_served(running)


def test_deeply_nested_json_is_each_vendors_malformed_body(served: Served) -> None:
    info = served.info
    okta = httpx.post(
        f"{info['okta']['org_url']}/oauth2/v1/clients",
        headers={"Authorization": f"SSWS {info['okta']['dcr_token']}"},
        content=DEEP,
    )
    assert okta.status_code == 400 and okta.json()["errorCode"] == "E0000003"
    konnect = httpx.post(
        f"{info['konnect']['api_url']}/v2/dcr-providers",
        headers={"Authorization": f"Bearer {info['konnect']['pat']}"},
        content=DEEP,
    )
    assert konnect.status_code == 400
    assert konnect.headers["content-type"] == "application/problem+json"
    portal = httpx.post(
        f"{info['konnect']['portal_url']}/api/v3/developer/authenticate", content=DEEP
    )
    assert portal.status_code == 400


def test_a_list_where_okta_wants_a_string_is_invalid_client_metadata(served: Served) -> None:
    info = served.info
    answer = httpx.post(
        f"{info['okta']['org_url']}/oauth2/v1/clients",
        headers={"Authorization": f"SSWS {info['okta']['dcr_token']}"},
        json={"client_name": "x", "application_type": ["service"]},
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_client_metadata"


def test_verifying_a_provider_whose_token_is_not_ascii_fails_the_check(served: Served) -> None:
    with served.konnect() as konnect:
        provider = konnect.post(
            "/v2/dcr-providers",
            json={
                "name": "dcrh-non-ascii",
                "provider_type": "okta",
                "issuer": served.info["okta"]["issuer"],
                "dcr_config": {"dcr_token": "tökén-with-ümlauts-0000000000"},
            },
        ).json()
        try:
            verified = konnect.post(f"/v2/dcr-providers/{provider['id']}/verify")
            assert verified.status_code == 200
            assert verified.json()["status"] == "failed"
        finally:
            konnect.delete(f"/v2/dcr-providers/{provider['id']}")


def _raw(url: str, request: bytes) -> bytes:
    port = httpx.URL(url).port
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        return connection.recv(4096)


@pytest.mark.parametrize("service", ["okta", "gateway"])
def test_a_url_over_64_kb_is_414(served: Served, service: str) -> None:
    url = served.info[service]["org_url" if service == "okta" else "url"]
    answer = _raw(url, b"GET /x?" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ")


def test_a_host_header_no_url_can_hold_is_400(served: Served) -> None:
    answer = _raw(
        served.info["okta"]["org_url"],
        b"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: [::x\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 400 ")


def test_request_records_stay_bounded() -> None:
    from dcr_harness.fakes.kit.records import Bounded

    kept: Bounded[int] = Bounded(limit=100)
    for number in range(1_000):
        kept.append(number)
    assert len(kept) <= 100
    assert kept[-1] == 999 and kept == sorted(kept)
    assert Bounded() == []
