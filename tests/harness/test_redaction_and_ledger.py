from __future__ import annotations

import logging

import httpx
import pytest

from dcr_harness._core.errors import VendorError
from dcr_harness._core.redaction import MASK, REDACTOR, RedactingFilter
from dcr_harness._safety.ledger import CleanupLedger


def test_known_secrets_are_masked_in_text_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    REDACTOR.add("s3cr3t-value-123")
    assert REDACTOR.redact("token=s3cr3t-value-123;") == f"token={MASK};"
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("sent %s", "s3cr3t-value-123")
    assert "s3cr3t-value-123" not in caplog.text
    assert MASK in caplog.text


def test_vendor_error_message_is_redacted() -> None:
    REDACTOR.add("00leakyTokenValue")
    request = httpx.Request("GET", "https://x.okta.com/api/v1/apps")
    response = httpx.Response(
        401,
        json={"errorCode": "E0000011", "errorSummary": "bad 00leakyTokenValue"},
        request=request,
    )
    error = VendorError("Okta", response)
    assert "00leakyTokenValue" not in str(error)
    assert "E0000011" in str(error)


def _not_found() -> None:
    request = httpx.Request("DELETE", "https://x/v2/dcr-providers/1")
    raise VendorError("Konnect", httpx.Response(404, json={"title": "Not Found"}, request=request))


def test_ledger_unwinds_in_reverse_and_reports_what_stays() -> None:
    ledger = CleanupLedger()
    removed: list[str] = []
    ledger.record("provider", "p1", lambda: removed.append("p1"))
    ledger.record("strategy", "s1", lambda: removed.append("s1"))
    ledger.record("gone", "g1", _not_found)

    def broken() -> None:
        raise RuntimeError("boom")

    ledger.record("app", "a1", broken)
    failures = ledger.unwind()
    assert removed == ["s1", "p1"]
    assert failures == ["app a1: boom"]
    assert ledger.entries == ()


def test_ledger_forgets_what_the_scenario_removed() -> None:
    ledger = CleanupLedger()
    ledger.record("app", "a1", lambda: None)
    ledger.forget("app", "a1")
    assert ledger.entries == ()
