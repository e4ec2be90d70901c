"""Section 5: ``dcr-harness serve`` against the peers, endpoint by endpoint, under wrk.

Each point is one endpoint (token, JWKS, discovery, DCR registration) at one connection count
on one server, driven by wrk for the same seconds. The points are interleaved: every round runs
each endpoint and connection count on all servers back to back, in an order that rotates from
round to round, so drift in the machine's speed falls on all of them alike. Before any timing,
one request per endpoint and server must get its 2xx; wrk counts every other answer as failed.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks import peers, wrk

CLI = Path(sys.executable).with_name("dcr-harness")
OURS = "dcr-harness serve"
ENDPOINTS = ("token", "JWKS", "discovery", "DCR registration")
_SERVICE_CLIENT = {
    "client_name": "benchmark client",
    "application_type": "service",
    "response_types": ["token"],
    "grant_types": ["client_credentials"],
    "token_endpoint_auth_method": "client_secret_basic",
}
_PEER_CLIENT = {
    "client_name": "benchmark client",
    "grant_types": ["client_credentials"],
    "response_types": [],
    "redirect_uris": [],
    "token_endpoint_auth_method": "client_secret_basic",
}


@dataclass(frozen=True)
class Point:
    endpoint: str
    connections: int
    server: str


@contextmanager
def _ours() -> Iterator[dict[str, wrk.Endpoint]]:
    process = subprocess.Popen(
        [str(CLI), "serve", "--sync-delay", "0", "--okta-rate-limit", "100000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        okta = info["okta"]
        dcr = {"Authorization": f"SSWS {okta['dcr_token']}", "Content-Type": "application/json"}
        made = httpx.post(f"{okta['org_url']}/oauth2/v1/clients", headers=dcr, json=_SERVICE_CLIENT)
        made.raise_for_status()
        client = made.json()
        issuer = okta["issuer"]
        yield {
            "token": _token(f"{issuer}/v1/token", client["client_id"], client["client_secret"]),
            "JWKS": wrk.Endpoint("GET", f"{issuer}/v1/keys"),
            "discovery": wrk.Endpoint("GET", f"{issuer}/.well-known/openid-configuration"),
            "DCR registration": wrk.Endpoint(
                "POST",
                f"{okta['org_url']}/oauth2/v1/clients",
                dcr,
                json.dumps(_SERVICE_CLIENT),
            ),
        }
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _peer(name: str) -> Iterator[dict[str, wrk.Endpoint]]:
    with peers.started(name) as info:
        endpoints = {
            "token": _token(info["token"], info["client_id"], info["client_secret"]),
            "JWKS": wrk.Endpoint("GET", info["jwks"]),
            "discovery": wrk.Endpoint("GET", info["discovery"]),
        }
        if info.get("registration"):
            endpoints["DCR registration"] = wrk.Endpoint(
                "POST",
                info["registration"],
                {
                    "Authorization": info["registration_authorization"],
                    "Content-Type": "application/json",
                },
                json.dumps(_PEER_CLIENT),
            )
        yield endpoints


def _token(url: str, client_id: str, secret: str) -> wrk.Endpoint:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return wrk.Endpoint(
        "POST",
        url,
        {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
        "grant_type=client_credentials&scope=orders%3Aread",
    )


def _checked(server: str, endpoints: dict[str, wrk.Endpoint]) -> None:
    for name, endpoint in endpoints.items():
        answer = httpx.request(
            endpoint.method, endpoint.url, headers=endpoint.headers, content=endpoint.body or None
        )
        if not answer.is_success:
            raise RuntimeError(f"{server} {name}: {answer.status_code} {answer.text[:200]}")


def measure(
    connections: tuple[int, ...], seconds: float, rounds: int
) -> tuple[dict[Point, list[wrk.Load]], dict[str, str]]:
    """wrk's figures per point, one per round, and the versions of what was measured."""
    with ExitStack() as stack:
        servers: dict[str, dict[str, wrk.Endpoint]] = {OURS: stack.enter_context(_ours())}
        for name in peers.NAMES:
            servers[name] = stack.enter_context(_peer(name))
        for server, endpoints in servers.items():
            _checked(server, endpoints)
        order = list(servers)
        results: dict[Point, list[wrk.Load]] = {}
        for round_number in range(rounds):
            shift = round_number % len(order)
            rotated = order[shift:] + order[:shift]
            for endpoint in ENDPOINTS:
                for count in connections:
                    for server in rotated:
                        target = servers[server].get(endpoint)
                        if target is None:
                            continue
                        load = wrk.run(target, count, seconds)
                        results.setdefault(Point(endpoint, count, server), []).append(load)
    versions = {name: peers.version(name) for name in peers.NAMES}
    versions["node"] = peers.node_version()
    versions["wrk"] = _wrk_version()
    return results, versions


def _wrk_version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split()[1] if first and len(first[0].split()) > 1 else "unknown"


def summary(loads: list[wrk.Load]) -> dict[str, Any]:
    """The median round's rate and p99, with failures summed."""
    return {
        "rate": _median([load.requests_per_second for load in loads]),
        "p99_ms": _median([load.p99_ms for load in loads]),
        "failed": sum(load.failed for load in loads),
        "requests": sum(load.requests for load in loads),
    }


def ratio(ours: list[wrk.Load], peer: list[wrk.Load]) -> float:
    """The median of the rounds' ratios of rates: each round measured both back to back, so a
    ratio is taken within one stretch of the machine's speed."""
    return _median(
        [a.requests_per_second / b.requests_per_second for a, b in zip(ours, peer, strict=True)]
    )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
