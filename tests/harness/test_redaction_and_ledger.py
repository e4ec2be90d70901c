from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from dcr_harness._core.errors import VendorError
from dcr_harness._core.redaction import MASK, REDACTOR, RedactingFilter, Redactor
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


def _events(journal: Path) -> list[tuple[str, str, str]]:
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    return [(e["event"], e["kind"], e.get("name") or e["id"]) for e in lines]


def test_the_journal_says_what_is_about_to_be_made_before_the_create(tmp_path: Path) -> None:
    journal = tmp_path / "ledger.jsonl"
    ledger = CleanupLedger(journal, "run1")
    with ledger.creating("API", "dcrh-run1-a"):
        assert _events(journal) == [("intent", "API", "dcrh-run1-a")]
        ledger.record("API", "id-1", lambda: None)
    ledger.forget("API", "id-1")
    assert _events(journal) == [
        ("intent", "API", "dcrh-run1-a"),
        ("created", "API", "id-1"),
        ("forgotten", "API", "id-1"),
    ]


def test_a_create_that_fails_is_journaled_as_abandoned(tmp_path: Path) -> None:
    journal = tmp_path / "ledger.jsonl"
    ledger = CleanupLedger(journal, "run1")
    with pytest.raises(VendorError), ledger.creating("API", "dcrh-run1-b"):
        _not_found()
    assert _events(journal)[-1] == ("abandoned", "API", "dcrh-run1-b")


def test_every_journal_line_reaches_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr("dcr_harness._safety.ledger.os.fsync", synced.append)
    ledger = CleanupLedger(tmp_path / "ledger.jsonl", "run1")
    with ledger.creating("app", "n"):
        ledger.record("app", "a1", lambda: None)
    ledger.unwind()
    assert len(synced) == 3  # intent, created, removed


def test_a_journal_of_in_process_fakes_is_written_whole_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr("dcr_harness._safety.ledger.os.fsync", synced.append)
    journal = tmp_path / "ledger.jsonl"
    ledger = CleanupLedger(journal, "run1", durable=False)
    with ledger.creating("app", "n"):
        ledger.record("app", "a1", lambda: None)
    ledger.unwind()
    assert synced == []
    assert [event for event, _, _ in _events(journal)] == ["intent", "created", "removed"]


def test_a_ledger_opens_its_journal_once_and_each_line_is_in_the_file_when_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    opened: list[str] = []
    real_open = os.open

    def counted_open(path: Path, *args: int) -> int:
        opened.append(str(path))
        return real_open(path, *args)

    monkeypatch.setattr("dcr_harness._safety.ledger.os.open", counted_open)
    journal = tmp_path / "ledger.jsonl"
    journal.write_text('{"event": "removed", "kind": "app", "id": "of-a-worker"}\n')
    ledger = CleanupLedger(journal, "run1", durable=False)
    for number in range(5):
        with ledger.creating("app", f"n{number}"):
            ledger.record("app", f"a{number}", lambda: None)
            assert _events(journal)[-1] == ("created", "app", f"a{number}")
    ledger.unwind()
    assert opened == [str(journal)]
    assert len(_events(journal)) == 1 + 5 * 3  # the line before it, kept; intent, created, removed
    ledger.close()
    ledger.forget("app", "a0")
    assert opened == [str(journal)] * 2
    assert _events(journal)[-1] == ("forgotten", "app", "a0")


def test_records_of_every_logger_are_masked_for_every_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from dcr_harness._core.redaction import redact_every_record

    redact_every_record()
    REDACTOR.add("child-logger-secret-42")
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpx").debug("sent %s", "child-logger-secret-42")
        logging.getLogger("dcr_harness.cleanup").warning("left %s", "child-logger-secret-42")
        try:
            raise RuntimeError("failed with child-logger-secret-42")
        except RuntimeError:
            logging.getLogger("a.b.c").exception("oops")
    assert "child-logger-secret-42" not in caplog.text
    assert caplog.text.count(MASK) >= 3


@pytest.mark.parametrize(
    "text",
    [
        "token 00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab in a message",
        "SSWS00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab",
        '{"client_secret": "kq3uHQ9z_wR2mVbN8tYxLp0sDfGhJkLzXcVbNm"}',
        "password=hunter2hunter2",
    ],
)
def test_secret_shapes_are_masked_without_being_registered(text: str) -> None:
    assert MASK in REDACTOR.redact(text)
    assert "hunter2hunter2" not in REDACTOR.redact(text)
    assert "AbCdEfGhIjKlMnOpQrStUvWxYz" not in REDACTOR.redact(text)


# One text a shape of each credential pattern, and texts that only come near one.
CREDENTIAL_SHAPES = (
    "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2EifQ.c2lnbmF0dXJl",
    "id_token=eyJraWQiOiJrMSJ9.eyJhdWQiOiJ4In0.sig-nature_",
    "Authorization: Basic MG9hMWIyYzNkNGU1ZjZnN2g4OmEtc2VjcmV0LXZhbHVl",
    "SSWS 00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab",
    "kpat_AbCdEfGhIjKlMnOpQrStUvWx and spat_0123456789abcdef",
    "token 00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_Ab in a message",
    '{"client_secret": "kq3uHQ9z_wR2mVbN8tYxLp0sDfGhJkLzXcVbNm", "dcr_token": "abcdefgh"}',
    "password=hunter2hunter2&api_token='zyxwvutsrq'",
    "Basic CLIENT_ID:CLIENT_SECRET, eyJ alone, pat_ short, 00 plain, password: ${PASSWORD}",
    "no credential here at all: 2026-12-01T00:00:00Z",
)


def test_each_credential_pattern_is_searched_whenever_it_could_match() -> None:
    from dcr_harness._core import redaction

    for pattern, literals in redaction._CREDENTIAL_PATTERNS:
        matches = [m.group() for text in CREDENTIAL_SHAPES for m in pattern.finditer(text)]
        assert matches, f"no shape above matches {pattern.pattern}"
        for match in matches:
            assert any(literal in match for literal in literals), (pattern.pattern, match)
    for text in CREDENTIAL_SHAPES:
        searched_always = text
        for pattern, _ in redaction._CREDENTIAL_PATTERNS:
            searched_always = pattern.sub(redaction._masked, searched_always)
        assert REDACTOR.redact(text) == searched_always


def test_encoded_forms_of_a_registered_secret_are_masked() -> None:
    import base64
    from urllib.parse import quote

    from dcr_harness._core.auth import basic_header

    secret = "s3cr/t+value=with&odd chars"
    REDACTOR.add(secret)
    for form in (quote(secret, safe=""), base64.b64encode(secret.encode()).decode()):
        assert REDACTOR.redact(f"x {form} y") == f"x {MASK} y"
    header = basic_header("0oa1clientid", "client-secret-value-77")
    assert REDACTOR.redact(header.removeprefix("Basic ")) == MASK


def test_a_secret_added_after_a_redaction_is_masked_too_longest_first() -> None:
    redactor = Redactor()
    redactor.add("short-secret", "SHORT")
    assert redactor.redact("a short-secret-and-more b") == f"a {MASK}-and-more b"
    redactor.add("short-secret-and-more", "LONG")
    assert redactor.redact("a short-secret-and-more b") == f"a {MASK} b"
    assert redactor.as_variables("a short-secret-and-more b") == "a ${LONG} b"


def test_a_session_forgets_the_secrets_first_added_in_it_and_keeps_the_rest() -> None:
    redactor = Redactor()
    redactor.add("kept-before-the-session", "KEPT")
    end = redactor.session()
    redactor.add("kept-before-the-session", "OTHER")
    redactor.add("made-in-the-session-1", "CLIENT_SECRET")
    assert redactor.as_variables("made-in-the-session-1") == "${CLIENT_SECRET}"
    end()
    assert redactor.redact("made-in-the-session-1") == "made-in-the-session-1"
    assert redactor.as_variables("made-in-the-session-1") == "made-in-the-session-1"
    assert redactor.as_variables("kept-before-the-session") == "${KEPT}"


def test_a_findings_text_is_redacted_when_made_as_it_outlives_the_runs_secrets() -> None:
    from dcr_harness._diagnosis.results import finding

    end = REDACTOR.session()
    try:
        REDACTOR.add("secret-of-a-client-0815")
        found = finding("id", "s", (), "failed", RuntimeError("refused secret-of-a-client-0815"))
    finally:
        end()
    assert found.problem == f"refused {MASK}"


def test_sessions_end_in_any_order_each_forgetting_its_own() -> None:
    redactor = Redactor()
    end_outer = redactor.session()
    redactor.add("secret-of-the-outer-session")
    end_inner = redactor.session()
    redactor.add("secret-of-the-inner-session")
    end_outer()
    assert redactor.redact("secret-of-the-outer-session") == "secret-of-the-outer-session"
    assert redactor.redact("secret-of-the-inner-session") == MASK
    end_inner()
    assert redactor.redact("secret-of-the-inner-session") == "secret-of-the-inner-session"


def test_a_session_ended_is_never_taken_for_another_that_learnt_as_little() -> None:
    redactor = Redactor()
    end_outer = redactor.session()
    end_inner = redactor.session()
    end_inner()
    redactor.add("learnt-by-the-outer-session")
    end_outer()
    assert redactor.redact("learnt-by-the-outer-session") == "learnt-by-the-outer-session"
