"""Canary secrets planted in a run with failing scenarios never reach its output or reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.leaks import tokens_in

BIN = Path(sys.executable).parent

CANARIES = {
    "OKTA_API_TOKEN": "00canaryOktaApiToken4f1a9c2e7b",
    "OKTA_DCR_TOKEN": "00canaryDcrToken8e3d5b1a6c0f",
    "KONNECT_PAT": "kpat_canaryKonnectPat0d9e8f7a6b5c4d3e2f1",
    "DEVPORTAL_PASSWORD": "canary-Portal-Password-71c2",
}


def failing_run(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A run with the canaries planted and the claim missing, so scenarios fail and report."""
    config = tmp_path / "setup.yaml"
    config.write_text("okta:\n  claim: null\n")
    reports = tmp_path / "reports"
    return subprocess.run(
        [
            str(BIN / "dcr-harness"),
            "run",
            "--config",
            str(config),
            "--reports",
            str(reports),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **CANARIES},
    )


def test_canaries_never_reach_output_or_reports(tmp_path: Path) -> None:
    result = failing_run(tmp_path)
    reports = tmp_path / "reports"
    assert result.returncode == 1, result.stdout[-2000:]
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    for path in reports.rglob("*"):
        if path.is_file():
            outputs[str(path)] = path.read_text(errors="replace")
    assert len(outputs) > 10, "the run wrote no reports to search"
    attachments = [t for where, t in outputs.items() if where.endswith("-attachment.txt")]
    assert len(attachments) > 50, "the HTTP exchanges were not attached"
    assert any("${OKTA_API_TOKEN}" in t for t in attachments)
    assert any("${KONNECT_PAT}" in t for t in attachments)
    assert any("${DEVPORTAL_PASSWORD}" in t for t in attachments)
    assert str(reports / "report.html") in outputs
    for where, text in outputs.items():
        for name, canary in CANARIES.items():
            assert canary not in text, f"{name} leaked into {where}"
        assert tokens_in(text) == [], f"an access token leaked into {where}"


def _encoded(secret: str) -> set[str]:
    import base64
    from urllib.parse import quote

    encoded = base64.b64encode(secret.encode()).decode()
    return {secret, quote(secret, safe=""), encoded, encoded.rstrip("=")}


def test_canaries_never_reach_debug_logs_of_any_logger_in_any_form(tmp_path: Path) -> None:
    result = failing_run(
        tmp_path, "-o", "log_cli=true", "--log-cli-level=DEBUG", "--log-level=DEBUG"
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "DEBUG" in result.stdout and "httpx" in result.stdout, "no debug logs to search"
    for name, canary in CANARIES.items():
        for form in _encoded(canary):
            assert form not in result.stdout + result.stderr, f"{name} leaked as {form!r}"


def test_served_secrets_never_reach_a_failing_live_run_or_the_servers_logs(tmp_path: Path) -> None:
    import yaml

    from tests.live.conftest import start_served

    served = start_served()
    try:
        config = yaml.safe_load(Path(served.info["config"]).read_text())
        config["okta"]["claim"] = {"name": "no_such_claim", "value": "app.clientId"}
        config["konnect"]["auth_strategy"]["credential_claim"] = ["no_such_claim"]
        path = tmp_path / "live.yaml"
        path.write_text(yaml.safe_dump(config))
        reports = tmp_path / "reports"
        result = subprocess.run(
            [str(BIN / "dcr-harness"), "run", "--config", str(path), "--reports", str(reports)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
            env=served.env,
        )
    finally:
        served.process.terminate()
        _, server_log = served.process.communicate(timeout=15)
    assert result.returncode == 1, result.stdout[-2000:]
    outputs = {"stdout": result.stdout, "stderr": result.stderr, "serve stderr": server_log}
    for report in reports.rglob("*"):
        if report.is_file():
            outputs[str(report)] = report.read_text(errors="replace")
    secrets = {k: v for k, v in served.info["env"].items() if k in CANARIES}
    assert len(secrets) == 4
    assert sum(where.endswith("-attachment.txt") for where in outputs) > 50
    for where, text in outputs.items():
        for name, secret in secrets.items():
            for form in _encoded(secret):
                assert form not in text, f"{name} leaked into {where} as {form!r}"
        assert tokens_in(text) == [], f"an access token leaked into {where}"
