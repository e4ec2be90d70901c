"""A suite run in this interpreter keeps the collector off what collection made, and hands the
heap back when it ends, so a process that runs several suites (a test session) frees their
garbage."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from dcr_harness._entry.suite import suite
from dcr_harness._evidence import allure as allure_report


class _FrozenDuringScenarios:
    def __init__(self) -> None:
        self.counts: list[int] = []

    def pytest_runtest_call(self) -> None:
        self.counts.append(gc.get_freeze_count())


def test_the_heap_is_frozen_while_scenarios_run_and_handed_back_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    probe = _FrozenDuringScenarios()
    arguments = ["-q", "--howto", "issuer-url", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    original = pytest.main

    def main(args: list[str], plugins: list[object]) -> int | pytest.ExitCode:
        return original(args, plugins=[*plugins, probe])

    monkeypatch.setattr(pytest, "main", main)
    assert suite([], None, None).run(arguments) == 0
    assert probe.counts and all(count > 0 for count in probe.counts)
    assert gc.get_freeze_count() == 0


def test_without_allure_no_attachment_is_rendered_and_a_failure_still_shows_its_exchanges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    (tmp_path / "setup.yaml").write_text("okta:\n  claim: null\n")
    rendered: list[object] = []

    def full_text(exchange: object) -> str:
        rendered.append(exchange)
        return "rendered"

    monkeypatch.setattr(allure_report, "full_text", full_text)
    arguments = ["-q", "--howto", "add-claim", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert suite([], "setup.yaml", None).run(arguments) == 1
    assert rendered == []
    assert "HTTP exchanges of the failing step" in capsys.readouterr().out
    assert suite([], "setup.yaml", None).run([*arguments, f"--alluredir={tmp_path}"]) == 1
    assert rendered
