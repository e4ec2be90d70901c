"""The upstream side: the request Kong forwards, and an echo service that answers it.

Kong forwards the client's request with the route prefix stripped, ``Host`` set to the
upstream (``preserve_host`` off), the ``X-Forwarded-*`` family, ``X-Kong-Request-Id`` (Kong 3.5+
``headers_upstream``), and what the plugins set: the openid-connect plugin puts the access token
in ``Authorization: Bearer <token>`` (its ``upstream_access_token_header`` default, so a Basic
client-credentials header is replaced by the token Kong minted), KAA adds ``X-Application-*``.
"""

from __future__ import annotations

import httpx

from dcr_harness.fakes.gateway.control_plane import DataPlaneApplication
from dcr_harness.fakes.gateway.errors import KONG_VERSION
from dcr_harness.fakes.gateway.state import Route

UPSTREAM_HOST = "upstream.harness.test"


def application_headers(app: DataPlaneApplication) -> dict[str, str]:
    """KAA's ``apply_application_context``: one header per field the context has."""
    headers = {
        "X-Application-ID": app.application_id,
        "X-Application-Developer-ID": app.developer_id,
        "X-Application-Portal-ID": app.portal_id,
        "X-Application-Org-ID": app.org_id,
    }
    return {name: value for name, value in headers.items() if value}


def forward(
    request: httpx.Request,
    route: Route,
    request_id: str,
    *,
    set_headers: dict[str, str],
    drop_headers: tuple[str, ...] = (),
    drop_query: tuple[str, ...] = (),
) -> httpx.Request:
    headers = httpx.Headers(request.headers)
    for name in ("host", "content-length", "transfer-encoding", "connection", *drop_headers):
        headers.pop(name, None)
    path = request.url.path
    headers.update(
        {
            "Host": UPSTREAM_HOST,
            "X-Forwarded-Proto": request.url.scheme,
            "X-Forwarded-Host": request.url.host,
            "X-Forwarded-Port": str(
                request.url.port or (443 if request.url.scheme == "https" else 80)
            ),
            "X-Forwarded-Path": path,
            "X-Kong-Request-Id": request_id,
        }
    )
    if route.strip_path:
        headers["X-Forwarded-Prefix"] = route.path
    headers.update(set_headers)
    params = httpx.QueryParams(request.url.query)
    for name in drop_query:
        params = params.remove(name)
    url = httpx.URL(f"http://{UPSTREAM_HOST}{route.upstream_path(path)}", params=params)
    return httpx.Request(request.method, url, headers=headers, content=request.content)


def echo(request: httpx.Request) -> httpx.Response:
    """The upstream service: 200 JSON describing exactly what it received."""
    body = {
        "method": request.method,
        "path": request.url.path,
        "query": request.url.query.decode("ascii"),
        "headers": dict(request.headers.items()),
    }
    return httpx.Response(200, json=body)


def proxied(response: httpx.Response, request_id: str) -> httpx.Response:
    """The upstream's answer as the client sees it through Kong."""
    headers = httpx.Headers(response.headers)
    headers["Via"] = f"1.1 kong/{KONG_VERSION}"
    headers["X-Kong-Request-Id"] = request_id
    return httpx.Response(response.status_code, headers=headers, content=response.content)
