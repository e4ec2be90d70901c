"""Every catalog entry, applied to the in-process fakes, makes the feature suite fail at the
scenario that mirrors the broken how-to step, with that entry's diagnosis and no other."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from dcr_harness._diagnosis.catalog import CATALOG
from dcr_harness._entry.suite import suite
from tests.junit import test_name

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DIAGNOSIS = re.compile(r"\(diagnosis ([a-z0-9-]+)\)")


@dataclass(frozen=True)
class Breakage:
    entry: str
    mirrored_scenario: str
    setup: str = ""
    misconfig: str | None = None


BREAKAGES = [
    Breakage("claim-missing", "credential_claim_has_the_value", "okta: {claim: null}"),
    Breakage(
        "claim-misnamed",
        "credential_claim_has_the_value",
        "okta: {claim: {name: app_id, value: app.clientId}}",
    ),
    Breakage(
        "claim-wrong-value",
        "credential_claim_has_the_value",
        "okta: {claim: {name: client_id, value: app.clientName}}",
    ),
    Breakage(
        "claim-not-in-access-token",
        "credential_claim_has_the_value",
        misconfig="claim-id-token-only",
    ),
    Breakage(
        "strategy-openid-scope",
        "defines_every_scope",
        "konnect: {auth_strategy: {scopes: [openid]}}",
    ),
    Breakage("strategy-no-scopes", "defines_every_scope", "konnect: {auth_strategy: {scopes: []}}"),
    Breakage(
        "scope-undefined",
        "defines_every_scope",
        "konnect: {auth_strategy: {scopes: ['orders:write']}}",
    ),
    Breakage("scope-consent-required", "defines_every_scope", misconfig="scope-consent-required"),
    Breakage("no-access-policy", "allows_client_credentials", "okta: {access_policy: null}"),
    Breakage(
        "rule-misses-scope",
        "allows_client_credentials",
        "okta: {scopes: ['orders:read', 'orders:write'], "
        "access_policy: {scopes: ['orders:write']}}",
    ),
    Breakage("dcr-token-refused", "dcr_token_registers_a_client", misconfig="dcr-token-unknown"),
    Breakage("dcr-token-refused", "dcr_token_registers_a_client", misconfig="dcr-token-revoked"),
    Breakage("dcr-token-refused", "dcr_token_registers_a_client", misconfig="dcr-token-expired"),
    Breakage(
        "dcr-token-lacks-permission",
        "dcr_token_registers_a_client",
        misconfig="dcr-token-read-only",
    ),
    Breakage("api-token-refused", "api_token_authenticates", misconfig="api-token-revoked"),
    Breakage(
        "issuer-mismatch",
        "create_an_openid_connect_auth_strategy",
        "konnect: {auth_strategy: {issuer: 'https://my-issuer.auth0.com/api/v2/'}}",
    ),
    Breakage(
        "issuer-without-oauth2",
        "create_an_okta_dcr_provider",
        "konnect: {issuer: 'https://dcr-harness.okta.com/default'}",
    ),
    Breakage(
        "issuer-not-authorization-server",
        "names_its_issuer_url",
        misconfig="server-inactive",
    ),
    Breakage(
        "strategy-type-okta",
        "create_an_openid_connect_auth_strategy",
        "konnect: {auth_strategy: {strategy_type: okta}}",
    ),
    Breakage(
        "auth-method-not-enabled",
        "base64_of_client_id_and_secret_is_authorized",
        "konnect: {auth_strategy: {auth_methods: [bearer]}}",
    ),
    Breakage(
        "registration-pending",
        "base64_of_client_id_and_secret_is_authorized",
        "konnect: {auto_approve_registrations: false}",
        misconfig="no-auto-approval",
    ),
    Breakage(
        "registration-revoked",
        "base64_of_client_id_and_secret_is_authorized",
        misconfig="admin-revokes",
    ),
    Breakage(
        "registration-rejected",
        "base64_of_client_id_and_secret_is_authorized",
        misconfig="admin-rejects",
    ),
    Breakage("secret-not-rotated", "rotates_it_in_okta", misconfig="rotation-lost"),
    Breakage(
        "app-not-registered",
        "base64_of_client_id_and_secret_is_authorized",
        misconfig="registrations-not-pushed",
    ),
    Breakage(
        "basic-not-base64",
        "base64_of_client_id_and_secret_is_authorized",
        misconfig="howto-basic-header",
    ),
    Breakage(
        "client-credentials-refused",
        "base64_of_client_id_and_secret_is_authorized",
        misconfig="secret-rotated-in-okta",
    ),
    Breakage(
        "developer-cannot-sign-in", "client_id_and_secret_shown_once", misconfig="developer-pending"
    ),
    Breakage("signing-keys-missing", "publishes_the_keys", misconfig="empty-key-set"),
    Breakage("vendor-refused", "create_an_okta_dcr_provider", misconfig="konnect-down"),
    Breakage(
        "strategy-not-published",
        "client_id_and_secret_shown_once",
        "konnect: {reuse_existing: true}",
        misconfig="unpublished",
    ),
    Breakage(
        "control-plane-missing",
        "client_id_and_secret_shown_once",
        misconfig="control-plane-renamed",
    ),
    Breakage(
        "portal-generation-mismatch",
        "client_id_and_secret_shown_once",
        misconfig="portal-is-classic",
    ),
    Breakage(
        "route-not-synced",
        "base64_of_client_id_and_secret_is_authorized",
        "gateway: {sync_seconds: 0}",
        misconfig="data-plane-elsewhere",
    ),
    Breakage(
        "rate-limited",
        "the_dcr_token_registers_a_client",
        "rate_limit_wait: 0",
        misconfig="okta-rate-limit-exhausted",
    ),
    Breakage("konnect-pat-refused", "create_an_okta_dcr_provider", misconfig="pat-revoked"),
    Breakage(
        "issuer-not-canonical",
        "create_an_okta_dcr_provider",
        "konnect: {issuer: 'https://dcr-harness.okta.com/oauth2/default/'}",
    ),
]


def test_every_catalog_entry_has_a_breakage() -> None:
    assert {b.entry for b in BREAKAGES} == set(CATALOG)


def run(tmp_path: Path, breakage: Breakage, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The feature suite as ``dcr-harness run`` runs it, with the breakage, in this process (the
    CLI runs pytest in its own interpreter, so a subprocess would only add start-up), and with
    the JUnit report only: the diagnosis is what is proved here, the reports are tested in
    ``tests/evidence``."""
    config = tmp_path / "setup.yaml"
    config.write_text(breakage.setup or "{}")
    junit = tmp_path / "junit.xml"
    arguments = [
        f"--junitxml={junit}",
        "-p",
        "tests.catalog.misconfig_plugin",
        "-q",
        # this process imported the plugins' packages already, so pytest cannot rewrite them
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]
    if breakage.misconfig:
        arguments += ["--misconfig", breakage.misconfig]
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    exit_code = suite([], str(config), None).run(arguments)
    assert exit_code == 1, f"the run exited {exit_code}"
    failures: dict[str, str] = {}
    for case in ET.parse(junit).iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            failures[test_name(case.attrib["name"])] = (problem.attrib.get("message") or "") + (
                problem.text or ""
            )
    return failures


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.misconfig or b.entry for b in BREAKAGES])
def test_a_breakage_fails_where_the_howto_step_is_mirrored(
    tmp_path: Path, breakage: Breakage, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = run(tmp_path, breakage, monkeypatch)
    mirrored = [name for name in failures if breakage.mirrored_scenario in name]
    assert mirrored, f"{breakage.mirrored_scenario} did not fail; failing: {sorted(failures)}"
    entry = CATALOG[breakage.entry]
    for name, message in failures.items():
        found = set(DIAGNOSIS.findall(message))
        assert found == {breakage.entry}, (
            f"{name}: diagnoses {found}, not {breakage.entry}:\n{message}"
        )
        assert f"[how-to: {entry.section}]" in message, message
