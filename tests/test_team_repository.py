"""A team's own repository: its .feature files with the harness's steps, through plain pytest
and through ``dcr-harness run --features``; ``vendor_overrides``; ``dcr-harness init``. The
commands run in this interpreter (``tests/command.py``) but the first plain pytest, whose
warnings are those of a first import, and the CI files' commands, run as their shell runs
them."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.command import dcr_harness, plain_pytest

BIN = Path(sys.executable).parent
BINDING = 'from pytest_bdd import scenarios\n\nscenarios("features")\n'
OWN_FEATURE = """\
@howto:add-claim @team-gate
Feature: Our claim mapping
  As the team owning our DCR setup
  I want our tokens to carry the client ID
  So that our data plane maps them to applications

  Scenario: Our tokens carry the client ID
    Given a client registered in Okta with the DCR token
    When the client requests an access token with the auth strategy's scopes
    Then the access token's credential claim holds the client ID
"""
MARKERS_INI = "[pytest]\nmarkers =\n    team-gate: our own tag\n"


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCR_HARNESS", "OKTA_"))}
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def team(tmp_path: Path) -> Path:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "claims.feature").write_text(OWN_FEATURE)
    (tmp_path / "test_features.py").write_text(BINDING)
    (tmp_path / "pytest.ini").write_text(MARKERS_INI)
    return tmp_path


def test_plain_pytest_runs_a_teams_features_with_the_harness_steps(team: Path) -> None:
    result = run(team, "pytest", "-q", "-W", "error", "--strict-markers", "-m", "howto")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "1 passed" in result.stdout
    assert "warning" not in result.stdout.lower()


def test_the_teams_scenario_fails_with_the_diagnosis_of_its_broken_setup(team: Path) -> None:
    (team / "broken.yaml").write_text("okta: {claim: null}\n")
    result = plain_pytest(team, "-q", "--dcr-config", "broken.yaml")
    assert result.returncode == 1
    assert "(diagnosis claim-missing)" in result.stdout


def test_run_features_runs_them_through_the_cli_with_reports_in_the_working_directory(
    team: Path,
) -> None:
    result = dcr_harness(team, "run", "--features", "features", "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    cases = list(ET.parse(team / "reports" / "junit.xml").iter("testcase"))
    assert [(c.attrib["classname"], c.attrib["name"]) for c in cases] == [
        ("Our claim mapping", "Our tokens carry the client ID")
    ]
    properties = {p.attrib["name"]: p.attrib["value"] for p in cases[0].iter("property")}
    assert properties["howto_section"] == "add-claim"


def test_run_features_loads_the_teams_own_steps_beside_its_features(team: Path) -> None:
    (team / "features" / "conftest.py").write_text(
        "from pytest_bdd import then\n\n"
        '@then("our own step runs")\n'
        "def _(harness_config):\n"
        "    assert harness_config.okta.authorization_server == 'default'\n"
    )
    own = OWN_FEATURE + "    And our own step runs\n"
    (team / "features" / "claims.feature").write_text(own)
    result = dcr_harness(team, "run", "--features", "features", "-q")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("missing", "--features missing: no such folder; name the folder of your .feature files"),
        ("empty", "--features empty: the folder holds no .feature file"),
    ],
)
def test_a_wrong_features_folder_is_one_line_and_exit_4(
    tmp_path: Path, argument: str, message: str
) -> None:
    (tmp_path / "empty").mkdir()
    result = dcr_harness(tmp_path, "run", "--features", argument)
    assert result.returncode == 4
    assert result.stderr == f"dcr-harness: {message}\n"


def test_a_broken_feature_file_is_a_collection_error_exit_2(team: Path) -> None:
    (team / "features" / "claims.feature").write_text("Given a step before any Feature\n")
    result = dcr_harness(team, "run", "--features", "features", "-q")
    assert result.returncode == 2, result.stdout[-2000:]


OVERRIDE_STEP = """\
import httpx
from pytest_bdd import given


@given("Okta's key set is down")
def _(vendor_overrides, harness_config):
    vendor_overrides.get(f"{harness_config.okta.issuer}/v1/keys").mock(
        return_value=httpx.Response(503)
    )
"""
KEYS_FEATURE = """\
@howto:issuer-url
Feature: Keys
  Scenario: The key set is read
    Given the issuer URL of the authorization server from the setup
    {override}
    When I read the authorization server's discovery document
    Then its key set holds an "RS256" signing key
"""


@pytest.mark.parametrize(("override", "code"), [("And Okta's key set is down", 1), ("", 0)])
def test_vendor_overrides_change_one_vendor_answer_and_nothing_else(
    tmp_path: Path, override: str, code: int
) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "keys.feature").write_text(KEYS_FEATURE.format(override=override))
    (tmp_path / "conftest.py").write_text(OVERRIDE_STEP)
    (tmp_path / "test_features.py").write_text(BINDING)
    result = plain_pytest(tmp_path, "-q")
    assert result.returncode == code, result.stdout[-3000:]
    if code:
        assert "503" in result.stdout


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    result = dcr_harness(tmp_path, "init", "repo")
    assert result.returncode == 0, result.stderr
    return tmp_path / "repo"


def test_init_writes_a_setup_file_an_example_feature_and_ci_files(scaffolded: Path) -> None:
    for name in (
        "dcr-setup.yaml",
        "features/okta-outage.feature",
        "conftest.py",
        "test_features.py",
        ".github/workflows/dcr-harness.yml",
        ".gitlab-ci.yml",
    ):
        assert (scaffolded / name).is_file(), name
    setup = yaml.safe_load((scaffolded / "dcr-setup.yaml").read_text())
    assert setup["targets"] == {"okta": "fake", "konnect": "fake", "gateway": "fake"}


def test_init_refuses_to_overwrite_without_force(scaffolded: Path) -> None:
    again = dcr_harness(scaffolded.parent, "init", "repo")
    assert again.returncode == 4
    assert again.stderr.startswith("dcr-harness: ")
    assert again.stderr.rstrip().endswith("move them away or pass --force")
    assert dcr_harness(scaffolded.parent, "init", "repo", "--force").returncode == 0


def test_the_scaffolded_example_passes_with_plain_pytest(scaffolded: Path) -> None:
    result = plain_pytest(scaffolded, "-q", "-W", "error")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "1 passed" in result.stdout


def test_verbose_pytest_names_the_teams_scenarios(scaffolded: Path) -> None:
    result = plain_pytest(scaffolded, "-v")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert (
        "test_features.py::Okta's key set is read although Okta answers 503 once PASSED"
        in result.stdout
    )
    selected = plain_pytest(scaffolded, "-q", "-k", "503 and once")
    assert "1 passed" in selected.stdout


def _github_commands(root: Path, job: str) -> list[str]:
    workflow = yaml.safe_load((root / ".github/workflows/dcr-harness.yml").read_text())
    return [step["run"] for step in workflow["jobs"][job]["steps"] if "run" in step]


def _gitlab_job(root: Path, job: str) -> dict[str, object]:
    pipeline = yaml.safe_load((root / ".gitlab-ci.yml").read_text())
    found: dict[str, object] = pipeline[job]
    return found


def test_the_ci_files_install_the_tool_gate_on_the_fakes_and_sweep_their_own_live_run(
    scaffolded: Path,
) -> None:
    from importlib.metadata import version

    install = f'python -m pip install "dcr-harness=={version("dcr-harness")}"'
    github = yaml.safe_load((scaffolded / ".github/workflows/dcr-harness.yml").read_text())
    triggers = github[True]  # YAML 1.1 reads the key "on" as True
    assert "dcr-setup.yaml" in triggers["pull_request"]["paths"]
    assert {"schedule", "workflow_dispatch"} <= set(triggers)
    live = github["jobs"]["live"]
    assert set(live["env"]) >= {"OKTA_API_TOKEN", "OKTA_DCR_TOKEN", "KONNECT_PAT"}
    assert all(
        "secrets." in value for key, value in live["env"].items() if key != "DCR_HARNESS_RUN_ID"
    )
    sweep = [s for s in live["steps"] if "sweep" in s.get("run", "")]
    assert sweep and sweep[0]["if"] == "failure() || cancelled()"
    assert '--run "$DCR_HARNESS_RUN_ID"' in sweep[0]["run"]
    uploads = [
        s for s in github["jobs"]["fakes"]["steps"] if "upload-artifact" in s.get("uses", "")
    ]
    assert uploads and uploads[0]["if"] == "always()"
    assert install in _github_commands(scaffolded, "fakes")
    gitlab_live = _gitlab_job(scaffolded, "live")
    assert '--run "$DCR_HARNESS_RUN_ID"' in str(gitlab_live["after_script"])
    assert _gitlab_job(scaffolded, ".dcr-harness")["before_script"] == [install]


def _without_install(commands: list[str]) -> list[str]:
    return [c for c in commands if "pip install" not in c]


def _run_each(commands: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Runs each CI command as the CI's shell would, with this venv's tools on PATH; returns
    the last one's output. A command both CI files have runs once."""
    env = {**env, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    output = ""
    for command in dict.fromkeys(commands):
        done = subprocess.run(
            command,
            shell=True,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        output = done.stdout
    return output


def test_the_fakes_gate_commands_of_both_ci_files_run_as_written(scaffolded: Path) -> None:
    script = _gitlab_job(scaffolded, "fakes")["script"]
    assert isinstance(script, list)
    commands = _without_install(_github_commands(scaffolded, "fakes")) + script
    _run_each(commands, scaffolded, dict(os.environ))
    assert (scaffolded / "reports" / "ours" / "junit.xml").is_file()
    assert (scaffolded / "reports" / "how-to" / "junit.xml").is_file()


def test_the_live_job_commands_of_both_ci_files_run_as_written_against_served_fakes(
    scaffolded: Path,
) -> None:
    """The live jobs, pointed at ``dcr-harness serve`` instead of real tenants: the commands
    run, and the sweep for the job's own run id finds nothing left behind."""
    from tests.live.conftest import start_served, stop_served

    served = start_served()
    try:
        config = served.info["config"]
        script = _gitlab_job(scaffolded, "live")["script"]
        after = _gitlab_job(scaffolded, "live")["after_script"]
        assert isinstance(script, list) and isinstance(after, list)
        github = _without_install(_github_commands(scaffolded, "live"))
        sweep = after[0].split("then ", 1)[1].removesuffix("; fi")
        env = {**served.env, "DCR_HARNESS_RUN_ID": "ci-live-1"}
        written = [c.replace("dcr-setup.yaml", config) for c in [*github, *script, sweep]]
        last = _run_each(written, scaffolded, env)
        assert "sweep: 0 leftover(s) of run ci-live-1" in last
        assert served.leftovers() == []
    finally:
        stop_served(served)
