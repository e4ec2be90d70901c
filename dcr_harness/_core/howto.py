"""Settings the how-to derives from others, in one place."""

from __future__ import annotations

from urllib.parse import urlsplit

from dcr_harness._core.config import HarnessConfig


def provider_issuer(config: HarnessConfig) -> str:
    """The DCR provider's issuer: the configured one, or the Okta authorization server's."""
    return config.konnect.issuer or config.okta.issuer


def is_okta_authorization_server_issuer(issuer: str) -> bool:
    """``https://<org>/oauth2/<server id>``: the only form that has Okta's protocol endpoints
    for a custom authorization server."""
    parts = [p for p in urlsplit(issuer).path.split("/") if p]
    return len(parts) == 2 and parts[0] == "oauth2" and parts[1] != "v1"
