"""The built wheel, installed in a fresh venv and used from an empty directory, as a team would.

The venv gets the wheel itself with ``--no-deps``; its dependencies come from this venv's
site-packages through a ``.pth`` line (no index needed, and only the wheel's own files can
answer for ``dcr_harness``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL_FORBIDDEN = {"fakes", "steps", "features", "tests", "conftest.py", "benchmarks"}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path

    def run(
        self, cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=cwd,
            env={**_clean_env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "DCR_HARNESS_CONFIG", "OKTA_API_TOKEN", "OKTA_DCR_TOKEN", "KONNECT_PAT")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _tracked_copy(target: Path) -> Path:
    """The files git tracks (or would: untracked, not ignored), links kept as links: what a
    fresh clone holds, with no stale build output."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    out = tmp_path_factory.mktemp("wheel")
    source = _tracked_copy(tmp_path_factory.mktemp("clone"))
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            out,
            source,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = out.glob("dcr_harness-*.whl")
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(home), "platbase": str(home)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(home / "bin" / "python"),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return Installed(wheel, home / "bin")


def test_the_wheel_installs_one_namespace_with_the_suite_steps_fakes_and_example(
    installed: Installed,
) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"dcr_harness", f"{installed.wheel.name.split('-py')[0]}.dist-info"}
    assert not top & TOP_LEVEL_FORBIDDEN
    shipped = {n.removeprefix("dcr_harness/") for n in names if n.endswith(".feature")}
    written = {str(p.relative_to(ROOT)) for p in (ROOT / "features").rglob("*.feature")}
    assert written <= shipped
    for needed in (
        "dcr_harness/examples/setup.yaml",
        "dcr_harness/steps/okta.py",
        "dcr_harness/fakes/world.py",
        "dcr_harness/py.typed",
        "dcr_harness/_entry/template/conftest.py",
    ):
        assert needed in names
    assert not [n for n in names if "__pycache__" in n]


def test_the_wheel_declares_the_command_and_the_pytest_plugin(installed: Installed) -> None:
    wheel = zipfile.ZipFile(installed.wheel)
    (points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(points).decode()
    assert "dcr-harness = dcr_harness._entry.cli:main" in text
    assert "[pytest11]\ndcr_harness = dcr_harness._entry.plugin" in text


def test_the_harness_comes_from_the_wheel_not_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    found = installed.run(
        tmp_path, "python", "-c", "import dcr_harness; print(dcr_harness.__file__)"
    )
    assert str(installed.bin.parent) in found.stdout, found.stdout + found.stderr
    assert installed.run(tmp_path, "python", "-c", "import fakes").returncode == 1


def test_version(installed: Installed, tmp_path: Path) -> None:
    result = installed.run(tmp_path, "dcr-harness", "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("dcr-harness 0.")


def test_run_from_an_empty_directory_writes_its_reports_there(
    installed: Installed, tmp_path: Path
) -> None:
    result = installed.run(tmp_path, "dcr-harness", "run", "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "35 passed" in result.stdout
    reports = tmp_path / "reports"
    for name in ("junit.xml", "traceability.md", "ledger.jsonl", "allure-results"):
        assert (reports / name).exists(), name


def test_doctor_steps_and_init(installed: Installed, tmp_path: Path) -> None:
    doctor = installed.run(tmp_path, "dcr-harness", "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert doctor.stdout.rstrip().endswith("All checks pass.")
    steps = installed.run(tmp_path, "dcr-harness", "steps")
    assert steps.returncode == 0
    assert "(@howto:add-claim)" in steps.stdout
    team = tmp_path / "team"
    assert installed.run(tmp_path, "dcr-harness", "init", str(team)).returncode == 0
    own = installed.run(team, "python", "-m", "pytest", "-q", "-W", "error")
    assert own.returncode == 0, own.stdout[-3000:] + own.stderr[-2000:]
    assert "1 passed" in own.stdout


def test_serve_and_sweep(installed: Installed, tmp_path: Path) -> None:
    serve = subprocess.Popen(
        [str(installed.bin / "dcr-harness"), "serve"],
        cwd=tmp_path,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stdout is not None
        info = json.loads(serve.stdout.readline())
        sweep = installed.run(
            tmp_path,
            "dcr-harness",
            "sweep",
            "--config",
            info["config"],
            "--older-than",
            "1h",
            "--dry-run",
            env=info["env"],
        )
        assert sweep.returncode == 0, sweep.stdout + sweep.stderr
        assert "sweep: 0 leftover(s)" in sweep.stdout
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.communicate(timeout=15)
    assert serve.returncode == 0
