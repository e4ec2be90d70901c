"""``dcr-harness init [DIR]``: start a team's repository.

Writes the commented setup file (the packaged ``examples/setup.yaml``), an example scenario of
the team's own with its step and test module, and CI files for GitHub Actions and GitLab CI
that install this version, gate every change on the fakes, check live tenants on a schedule or
by hand, keep the reports and sweep their own run when a job fails or is cancelled.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import dcr_harness

PACKAGE = Path(dcr_harness.__file__).resolve().parent
TEMPLATE = PACKAGE / "_entry" / "template"
SETUP_FILE = "dcr-setup.yaml"
# what is written -> where it comes from (the template folder unless said otherwise)
FILES = {
    SETUP_FILE: PACKAGE / "examples" / "setup.yaml",
    "features/okta-outage.feature": TEMPLATE / "features" / "okta-outage.feature",
    "conftest.py": TEMPLATE / "conftest.py",
    "test_features.py": TEMPLATE / "test_features.py",
    ".github/workflows/dcr-harness.yml": TEMPLATE / "github" / "dcr-harness.yml",
    ".gitlab-ci.yml": TEMPLATE / "gitlab-ci.yml",
}
SETUP_HEADER = (
    "# Written by dcr-harness init. Check it: dcr-harness doctor --config dcr-setup.yaml\n"
    "# CI runs it against the fakes on every change and, with --targets live, against the\n"
    "# tenants named here.\n"
)


class ScaffoldError(Exception):
    """The repository cannot be started; the message names the problem and the fix."""


def scaffold(directory: Path, *, force: bool = False) -> list[Path]:
    """Writes the starter files into ``directory``; returns their paths."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} is a file: name a folder for the repository")
    targets = {directory / name: source for name, source in FILES.items()}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise ScaffoldError(
            f"{existing[0]} exists ({len(existing)} file(s) would be overwritten): "
            "move them away or pass --force"
        )
    written: list[Path] = []
    try:
        for target, source in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_content(target.name, source), encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write into {directory} ({exc.strerror}): choose a writable folder"
        ) from None
    return written


def _content(name: str, source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    if name == SETUP_FILE:
        return SETUP_HEADER + text
    return text.replace("{version}", version("dcr-harness"))
