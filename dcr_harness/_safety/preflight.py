"""Before a live run: is every live host there at all? One line per problem, never a traceback.

The probe uses the standard library's HTTP client: the CLI runs it before starting pytest in
the same interpreter, and httpx would import anyio, a pytest plugin, too early for pytest.
"""

from __future__ import annotations

import http.client
import os
import ssl
from urllib.parse import urlsplit

from dcr_harness._core.config import HarnessConfig

PROBE_TIMEOUT = 5.0
TLS = "TLS:"


def live_hosts(config: HarnessConfig) -> list[tuple[str, str, str]]:
    """(service, configuration key, URL) of every live target."""
    t = config.targets
    hosts: list[tuple[str, str, str]] = []
    if t.okta == "live":
        hosts.append(("Okta", "okta.org_url", config.okta.org_url))
    if t.konnect == "live":
        hosts.append(("Konnect", "konnect.api_url", config.konnect.api_url))
        hosts.append(("the Dev Portal", "konnect.portal_url", config.konnect.portal_url))
    if t.gateway == "live":
        hosts.append(("the data plane", "gateway.url", config.gateway.url))
    return hosts


def unreachable(config: HarnessConfig) -> str | None:
    """The first live host that does not answer at all, as one line naming the fix."""
    for service, key, url in live_hosts(config):
        failure = _probe(url)
        if failure is not None and failure.startswith(TLS):
            return (
                f"{service} at {url} fails TLS verification ({failure.removeprefix(TLS)}): "
                "export SSL_CERT_FILE with the CA bundle that signed its certificate (a "
                f"company proxy's, say), or check {key} in {config.source}"
            )
        if failure is not None:
            return (
                f"{service} at {url} is unreachable ({failure}): check {key} in "
                f"{config.source} and that the host is up"
            )
    return None


def _probe(url: str) -> str | None:
    """None when the host answers HTTP at all; else what went wrong, ``TLS:``-prefixed for a
    certificate that fails verification."""
    parts = urlsplit(url)
    try:
        connection = _connection(parts.scheme, parts.hostname or "", parts.port)
    except ValueError as exc:  # a port that is no number
        return type(exc).__name__
    try:
        connection.request("GET", parts.path or "/")
        connection.getresponse().close()
    except ssl.SSLCertVerificationError as exc:
        return TLS + (exc.verify_message or exc.reason or "certificate not trusted")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return type(exc).__name__
    finally:
        connection.close()
    return None


def _connection(scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
    if scheme == "https":
        context = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE"))
        return http.client.HTTPSConnection(host, port, timeout=PROBE_TIMEOUT, context=context)
    return http.client.HTTPConnection(host, port, timeout=PROBE_TIMEOUT)
