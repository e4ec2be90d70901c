"""What a suite run in this interpreter spares: the collector walking what collection made (the
heap is handed back when it ends, so a process that runs several suites frees their garbage),
attachments rendered for no report, tracebacks formatted for a diagnosis that replaces them."""

from __future__ import annotations

import gc
import json
import weakref
import zlib
from pathlib import Path

import pytest

from dcr_harness._core.redaction import REDACTOR
from dcr_harness._entry.suite import suite
from dcr_harness._evidence import allure as allure_report

ISSUER_URL = ["-q", "--howto", "issuer-url", "-W", "ignore::pytest.PytestAssertRewriteWarning"]


@pytest.fixture
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    return tmp_path


def run_with(monkeypatch: pytest.MonkeyPatch, probe: object, runs: int = 1) -> None:
    """The how-to's issuer-URL section, ``runs`` times, with ``probe`` as one more plugin."""
    original = pytest.main

    def main(args: list[str], plugins: list[object]) -> int | pytest.ExitCode:
        return original(args, plugins=[*plugins, probe])

    with monkeypatch.context() as patch:
        patch.setattr(pytest, "main", main)
        for _ in range(runs):
            assert suite([], None, None).run(ISSUER_URL) == 0


class _FrozenDuringScenarios:
    def __init__(self) -> None:
        self.counts: list[int] = []

    def pytest_runtest_call(self) -> None:
        self.counts.append(gc.get_freeze_count())


def test_the_heap_is_frozen_while_scenarios_run_and_handed_back_after(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = _FrozenDuringScenarios()
    run_with(monkeypatch, probe)
    assert probe.counts and all(count > 0 for count in probe.counts)
    assert gc.get_freeze_count() == 0


def test_without_allure_no_attachment_is_rendered_and_a_failure_still_shows_its_exchanges(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_empty_folder / "setup.yaml").write_text("okta:\n  claim: null\n")
    rendered: list[object] = []

    def full_text(exchange: object) -> str:
        rendered.append(exchange)
        return "rendered"

    monkeypatch.setattr(allure_report, "full_text", full_text)
    arguments = ["-q", "--howto", "add-claim", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert suite([], "setup.yaml", None).run(arguments) == 1
    assert rendered == []
    assert "HTTP exchanges of the failing step" in capsys.readouterr().out
    assert suite([], "setup.yaml", None).run([*arguments, f"--alluredir={in_empty_folder}"]) == 1
    assert rendered


def test_a_diagnosed_failure_is_reported_without_pytest_formatting_its_traceback(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pytest would parse the source of every file in the traceback, only for the report to
    be the diagnosis: most of the time of a run on a broken setup."""
    (in_empty_folder / "setup.yaml").write_text("okta:\n  claim: null\n")
    formatted: list[object] = []
    original = pytest.Function.repr_failure

    def repr_failure(self: pytest.Function, excinfo: pytest.ExceptionInfo[BaseException]) -> object:
        formatted.append(excinfo)
        return original(self, excinfo)

    monkeypatch.setattr(pytest.Function, "repr_failure", repr_failure)
    arguments = ["-q", "--howto", "add-claim", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert suite([], "setup.yaml", None).run(arguments) == 1
    out = capsys.readouterr().out
    assert "(diagnosis claim-missing)" in out
    assert "Traceback" not in out
    assert formatted == []


class _SecretOfTheRun:
    SECRET = "a-secret-only-this-run-knew-4711"

    def __init__(self) -> None:
        self.masked_during_the_run = ""

    def pytest_sessionstart(self) -> None:
        REDACTOR.add(self.SECRET, "CLIENT_SECRET")
        self.masked_during_the_run = REDACTOR.redact(self.SECRET)


def test_a_run_forgets_its_secrets_when_it_ends(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every redaction tries every secret known: kept from run to run, a process running
    many suites (this test session) would redact slower with each."""
    probe = _SecretOfTheRun()
    run_with(monkeypatch, probe)
    assert probe.masked_during_the_run == "[REDACTED]"
    assert REDACTOR.redact(probe.SECRET) == probe.SECRET


class _SessionWatch:
    def __init__(self) -> None:
        self.sessions: list[weakref.ref[pytest.Session]] = []

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.sessions.append(weakref.ref(session))


def test_nothing_of_a_run_outlives_the_next(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session kept alive keeps its scenarios, fixtures and fake tenants: in a process that
    runs many suites, the heap, and every collection walking it, would grow with each. (The
    latest run's stays until the next: pytest imports a conftest anew in each session, and the
    module keeps the session's import hook until the next one replaces it.)"""
    watch = _SessionWatch()
    run_with(monkeypatch, watch, runs=3)
    gc.collect()
    alive = [number for number, session in enumerate(watch.sessions, 1) if session() is not None]
    assert alive in ([], [3]), f"runs {alive} of 3 are still referred to"


def _names(journal: Path) -> list[str]:
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    named = [line.get("name", "") for line in lines if line["event"] == "intent"]
    return [name for name in named if name.startswith("dcrh-run1-")]


def test_a_later_run_in_the_folder_names_what_it_creates_alike_without_importing_faker(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dcr_harness._safety import naming

    monkeypatch.setattr(naming, "_KNOWN", {})  # as a fresh process knows no word
    monkeypatch.setattr(naming, "_LEARNT", {})
    same_run = ["-q", "--dcr-run-id", "run1", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    reports = in_empty_folder / "reports"
    assert suite([], None, reports).run(same_run) == 0
    first = _names(reports / "ledger.jsonl")
    assert len(set(first)) > 10

    def no_faker() -> None:
        raise AssertionError("Faker imported for words a run of this folder already made")

    monkeypatch.setattr(naming, "_KNOWN", {})
    monkeypatch.setattr(naming, "_faker", no_faker)
    assert suite([], None, reports).run(same_run) == 0
    assert _names(reports / "ledger.jsonl") == first

    monkeypatch.setattr(naming, "_KNOWN", {})
    elsewhere = f"cache_dir={in_empty_folder / 'another-cache'}"  # a folder never run in
    assert suite([], None, reports).run([*same_run, "-o", elsewhere]) == 1


def test_remembered_words_are_taken_only_where_faker_could_have_made_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dcr_harness._safety import naming

    monkeypatch.setattr(naming, "_KNOWN", {})
    monkeypatch.setattr(naming, "_LEARNT", {})
    naming.remember_words(
        {"7": "task-catch", "-3": "TV-Mr", "8": "rm -rf", "9": "a;b", "x": "ok-ok", "10": 5}
    )
    naming.remember_words(["not", "a", "mapping"])
    assert naming._KNOWN == {7: "task-catch", -3: "TV-Mr"}
    assert naming.resource_name("dcrh", "run1", 7 - zlib.crc32(b"t"), "t") == "dcrh-run1-task-catch"
    assert naming.words_learnt() == {}
    made = naming.resource_name("dcrh", "run1", 8 - zlib.crc32(b"t"), "t")
    assert naming.words_learnt() == {"8": made.removeprefix("dcrh-run1-")}
    assert naming.words_learnt() == {}
