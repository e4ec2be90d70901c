"""The step texts are a public interface: every step is documented, listed in the README, and
used by the how-to's scenarios; a change to a text shows here first."""

from __future__ import annotations

import re
from pathlib import Path

from dcr_harness._entry.catalogue import library, step_catalogue

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- step-library -->\n```gherkin\n(.*?)```\n<!-- /step-library -->", re.S)


def _library_lines() -> list[str]:
    return [f"{entry.keyword} {entry.text}" for entry in library()]


def test_the_readme_lists_every_step_text_exactly() -> None:
    match = BLOCK.search(README.read_text())
    assert match is not None, "README.md has no step-library block"
    documented = match.group(1).splitlines()
    assert documented == _library_lines(), (
        "a step text changed: teams' .feature files use these words; update README.md "
        "(dcr-harness steps) only if the change is meant"
    )


def test_every_step_says_what_it_checks() -> None:
    undocumented = [f"{e.keyword} {e.text}" for e in library() if e.checks == "(undocumented)"]
    assert not undocumented


def test_every_step_belongs_to_a_howto_section() -> None:
    assert [e.text for e in library() if not e.sections] == []


def test_the_catalogue_shows_parameters_under_their_section() -> None:
    text = step_catalogue()
    section = text.split("Add scopes (@howto:add-scopes)")[1].split("\n\n")[0]
    assert 'When the client requests an access token with the scope "{scope}"' in section
    assert "parameters: scope (text)" in section
