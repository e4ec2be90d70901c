"""The setup under test, as every report records it: targets, setup source, the services'
URLs (never a secret), the run id, and the versions of the harness and what it runs on."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from dcr_harness._core.config import HarnessConfig

PACKAGES = (
    "dcr-harness",
    "pytest",
    "pytest-bdd",
    "httpx",
    "respx",
    "allure-pytest-bdd",
    "pytest-html",
)


def setup_record(config: HarnessConfig, run_id: str) -> dict[str, str]:
    """Name → value, in the order reports show them."""
    t = config.targets
    record = {
        "targets": f"okta={t.okta} konnect={t.konnect} gateway={t.gateway}",
        "setup": config.source,
        "okta.issuer": config.okta.issuer,
        "konnect.api_url": config.konnect.api_url,
        "konnect.portal_url": config.konnect.portal_url,
        "gateway.url": config.gateway.url,
        "run_id": run_id,
        "python": platform.python_version(),
    }
    for package in PACKAGES:
        record[package] = _version(package)
    return record


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def header_lines(record: dict[str, str]) -> list[str]:
    """The terminal header: what is tested, then what it runs on."""
    versions = ", ".join(f"{name} {record[name]}" for name in ("python", *PACKAGES))
    return [
        f"dcr-harness: {record['targets']} (setup: {record['setup']}) run id {record['run_id']}",
        f"  okta {record['okta.issuer']}  konnect {record['konnect.api_url']}  "
        f"portal {record['konnect.portal_url']}  gateway {record['gateway.url']}",
        f"  {versions}",
    ]
