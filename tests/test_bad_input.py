"""Every bad input ends in one line naming the problem and the fix, and exit 4: never a
traceback, never a silent pass. The command runs in this interpreter (``tests/command.py``):
an exception it let out would fail the test as a traceback would show."""

from __future__ import annotations

import datetime
import http.server
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.command import Result, dcr_harness


def harness(cwd: Path, *args: str, **env: str) -> Result:
    return dcr_harness(cwd, *args, env=env)


def assert_one_line(result: Result, *fragments: str) -> None:
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dcr-harness: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


SETUPS = {
    "a URL without a scheme": (
        "okta: {org_url: dcr-harness.okta.com}\n",
        "'okta.org_url' must be an http(s) URL with a host",
    ),
    "an ftp URL": ("gateway: {url: 'ftp://gateway.example'}\n", "'gateway.url' must be an http(s)"),
    "a key written twice": (
        "targets: {okta: live}\nname_prefix: x\ntargets: {okta: fake}\n",
        "'targets' is written twice (again at line 3): keep one",
    ),
    "a negative wait": ("gateway: {sync_seconds: -1}\n", "'gateway.sync_seconds' must be a number"),
    "an unknown portal generation": (
        "konnect: {portal_api: classic}\n",
        "'konnect.portal_api' must be 'v3' or 'v2', not 'classic'",
    ),
}


@pytest.mark.parametrize("case", list(SETUPS))
def test_a_bad_setup_file(tmp_path: Path, case: str) -> None:
    text, message = SETUPS[case]
    (tmp_path / "setup.yaml").write_text(text)
    assert_one_line(harness(tmp_path, "run", "--config", "setup.yaml"), message)


def test_a_setup_path_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "setup").mkdir()
    assert_one_line(harness(tmp_path, "run", "--config", "setup"), "is a folder")


def test_a_setup_file_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "setup.yaml").write_bytes(b"name_prefix: caf\xe9\n")
    assert_one_line(harness(tmp_path, "run", "--config", "setup.yaml"), "is not UTF-8 text")


def test_a_secret_of_only_white_space(tmp_path: Path) -> None:
    (tmp_path / "setup.yaml").write_text("targets: {okta: live}\n")
    result = harness(
        tmp_path, "run", "--config", "setup.yaml", OKTA_API_TOKEN="   ", OKTA_DCR_TOKEN="x" * 42
    )
    assert_one_line(result, "OKTA_API_TOKEN holds only white space")


@pytest.mark.parametrize("where", ["a-file/reports", "a-file"])
def test_reports_where_no_folder_can_be(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("")
    assert_one_line(harness(tmp_path, "run", "--reports", where), f"--reports {where}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("serve", "--okta-port", "70000"), "--okta-port 70000: a port is 0 to 65535"),
        (("serve", "--gateway-port", "-1"), "--gateway-port -1: a port is 0 to 65535"),
        (("serve", "--sync-delay", "-2"), "--sync-delay -2: give 0 or more seconds"),
        (
            ("serve", "--okta-rate-limit", "0"),
            "--okta-rate-limit 0: give 1 or more requests per minute",
        ),
        (("run", "--run-id", "no spaces allowed"), "--run-id: run id 'no spaces allowed'"),
        (("run", "--targets", "staging"), "invalid choice: 'staging'"),
        (("sweep", "--older-than", "1h"), "sweep needs --config FILE"),
        (("launch",), "invalid choice: 'launch'"),
    ],
)
def test_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    assert_one_line(harness(tmp_path, *args), message)


def test_sweep_with_a_wrong_pat_names_the_pat(tmp_path: Path) -> None:
    from tests.live.conftest import start_served, stop_served

    served = start_served()
    try:
        env = {**served.info["env"], "KONNECT_PAT": "kpat_notThePatTheTenantIssued0000000"}
        result = harness(tmp_path, "sweep", "--config", served.info["config"], **env)
    finally:
        stop_served(served)
    assert_one_line(result, "Konnect refuses the personal access token in KONNECT_PAT (401)")


@pytest.fixture
def untrusted_https(tmp_path: Path) -> Iterator[str]:
    """An HTTPS server on loopback whose certificate no CA bundle trusts."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = tmp_path / "server.pem"
    pem.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_certificate_that_fails_verification_is_named_with_the_fix(
    tmp_path: Path, untrusted_https: str
) -> None:
    (tmp_path / "setup.yaml").write_text(
        f"targets: {{okta: live}}\nokta: {{org_url: '{untrusted_https}'}}\n"
    )
    result = harness(
        tmp_path,
        "run",
        "--config",
        "setup.yaml",
        OKTA_API_TOKEN="00" + "a" * 40,
        OKTA_DCR_TOKEN="00" + "b" * 40,
    )
    assert_one_line(result, "fails TLS verification", "export SSL_CERT_FILE")
