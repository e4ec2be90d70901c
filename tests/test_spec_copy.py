"""The vendor specs the tests validate against: a facts-only copy kept in the repository,
exactly what ``tests/specs/derive.py`` makes of the upstream files."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.specs import derive

UPSTREAM = Path(os.environ.get("DCR_HARNESS_UPSTREAM_SPECS", derive.UPSTREAM_DEFAULT))
SOURCES = json.loads((derive.HERE / derive.SOURCES_FILE).read_text())


def test_the_committed_copy_is_what_the_script_makes_of_the_upstream_files() -> None:
    if not (UPSTREAM / "okta" / "SOURCES.md").is_file():
        pytest.skip(f"no upstream specs at {UPSTREAM} (set DCR_HARNESS_UPSTREAM_SPECS)")
    made = derive.derive_all(UPSTREAM)
    committed = {p.name: p.read_bytes() for p in derive.HERE.glob("*.json")}
    assert sorted(made) == sorted(committed)
    stale = [name for name, data in made.items() if committed[name] != data]
    assert not stale, f"run python -m tests.specs.derive: {stale} differ from the upstream files"


@pytest.mark.parametrize("name", sorted(set(SOURCES)))
def test_each_derived_file_names_its_provenance_and_licence(name: str) -> None:
    source = SOURCES[name]
    assert source["repository"].count("/") == 1
    assert len(source["commit"]) == 40
    assert len(source["upstream_sha256"]) == 64
    assert source["licence"] in ("Apache-2.0", "MIT")
    data = (derive.HERE / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == source["sha256"], f"{name} was edited by hand"


@pytest.mark.parametrize("name", sorted(set(derive.OPENAPI.values())))
def test_no_vendor_prose_is_left_in_the_openapi_copies(name: str) -> None:
    document = json.loads((derive.HERE / name).read_bytes())
    body = {key: value for key, value in document.items() if key != "info"}  # title, version
    assert derive.strip_prose(body) == body
    assert set(document["info"]) <= {"title", "version", "license"}


def test_a_property_named_like_a_prose_keyword_survives() -> None:
    schema = {"properties": {"description": {"type": "string", "description": "prose"}}}
    assert derive.strip_prose(schema) == {"properties": {"description": {"type": "string"}}}


def test_response_objects_keep_the_description_openapi_requires() -> None:
    operation = {"responses": {"200": {"description": "OK, with prose", "content": {}}}}
    assert derive.strip_prose(operation) == {
        "responses": {"200": {"description": "", "content": {}}}
    }
