"""Before a live run: is every live host there at all? One line per problem, never a traceback."""

from __future__ import annotations

import httpx

from dcr_harness.config import HarnessConfig

PROBE_TIMEOUT = httpx.Timeout(5.0)


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
        try:
            httpx.get(url, timeout=PROBE_TIMEOUT)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return (
                f"{service} at {url} is unreachable ({type(exc).__name__}): check {key} in "
                f"{config.source} and that the host is up"
            )
    return None
