"""What a team's conftest may use is declared in one place, ``dcr_harness.__all__`` and
``dcr_harness.FIXTURES``; everything else is private by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dcr_harness

PACKAGE = Path(dcr_harness.__file__).parent
SHIPPED_FOLDERS = {"fakes", "steps", "features", "examples"}  # the top-level folders, linked


def test_every_public_name_is_importable_from_the_package() -> None:
    for name in dcr_harness.__all__:
        assert hasattr(dcr_harness, name), name
    assert len(dcr_harness.__all__) == len(set(dcr_harness.__all__))


def test_the_package_has_no_public_module_beside_the_declared_surface() -> None:
    children = {p.name for p in PACKAGE.iterdir() if p.name not in ("__pycache__", "py.typed")}
    public = {name for name in children if not name.startswith("_")}
    assert public == SHIPPED_FOLDERS


def test_every_declared_fixture_is_provided_by_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a folder of no project, with only the plugins pytest finds installed."""
    monkeypatch.chdir(tmp_path)
    # this process imported the plugins' packages already, so pytest cannot rewrite them
    quiet = ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert pytest.main(["--fixtures", "-q", "-p", "no:cacheprovider", *quiet]) == 0
    listed = capsys.readouterr().out
    names = {line.split()[0] for line in listed.splitlines() if line and not line[0].isspace()}
    missing = [name for name in dcr_harness.FIXTURES if name not in names]
    assert not missing, listed[-2000:]


def test_the_teams_starter_conftest_uses_the_public_surface_only() -> None:
    tree = ast.parse((PACKAGE / "_entry" / "template" / "conftest.py").read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dcr_")
    }
    assert imported == {"dcr_harness"}
