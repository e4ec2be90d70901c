from __future__ import annotations

from pathlib import Path

import pytest

from dcr_harness._core.config import ConfigError, HarnessConfig, load_config, secrets_from_env

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "setup.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "setup.yaml"
    path.write_text(text)
    return path


def test_defaults_need_no_file() -> None:
    config = load_config(None)
    assert config.targets.all_fake
    assert config.okta.issuer == "https://dcr-harness.okta.com/oauth2/default"
    assert config.okta.claim is not None
    assert config.okta.claim.value == "app.clientId"


def test_example_file_describes_the_defaults() -> None:
    example = load_config(EXAMPLE)
    assert example.okta == HarnessConfig().okta
    assert example.konnect == HarnessConfig().konnect
    assert example.gateway == HarnessConfig().gateway


def test_partial_file_keeps_defaults_and_reads_nulls(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "okta:\n  access_policy: null\n  scopes: [a, b]\n"))
    assert config.okta.access_policy is None
    assert config.okta.scopes == ("a", "b")
    assert config.konnect == HarnessConfig().konnect


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("okta: {claims: x}", "unknown key 'okta.claims'"),
        ("targets: {okta: real}", "'targets.okta' must be 'fake' or 'live', not 'real'"),
        ("okta: {scopes: orders}", "'okta.scopes' must be a list of strings"),
        ("okta: [", "is not valid YAML at line"),
        ("- a", "must be a YAML mapping"),
        ("konnect: {auth_strategy: {scopes: [1]}}", "'konnect.auth_strategy.scopes'"),
    ],
)
def test_malformed_file_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"setup\.yaml") as raised:
        load_config(write(tmp_path, text))
    assert message in str(raised.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_live_targets_name_the_missing_variable(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "targets: {konnect: live}"))
    with pytest.raises(ConfigError, match="environment variable KONNECT_PAT is not set"):
        secrets_from_env(config, environ={})
    found = secrets_from_env(
        config,
        environ={"KONNECT_PAT": "kpat_x", "OKTA_DCR_TOKEN": "t", "DEVPORTAL_PASSWORD": "p"},
    )
    assert found["KONNECT_PAT"] == "kpat_x"


def test_all_fake_needs_no_variable() -> None:
    assert secrets_from_env(HarnessConfig(), environ={}) == {}
