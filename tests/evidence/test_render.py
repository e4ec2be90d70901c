"""Exchanges rendered for people: redacted, cut only after redaction, and reproduced by a curl
command whose secrets are environment variable references that a shell expands."""

from __future__ import annotations

import base64
import json
import subprocess

import httpx
import pytest

from dcr_harness._core.redaction import REDACTOR, Redactor
from dcr_harness._evidence.exchanges import BODY_LIMIT, Exchange, ExchangeLog, RecordingTransport
from dcr_harness._evidence.render import curl, full_text, short_text

API_TOKEN = "00renderApiTokenValue1234567890abcdefghijklmn"
CLIENT_SECRET = "render-client-secret-9f8e7d6c5b4a"
CLIENT_ID = "0oarenderclient01"


@pytest.fixture(autouse=True)
def named_secrets() -> None:
    REDACTOR.add(API_TOKEN, "OKTA_API_TOKEN")
    REDACTOR.add(CLIENT_SECRET, "CLIENT_SECRET")


def exchange(
    method: str = "GET",
    url: str = "https://org.okta.com/api/v1/apps",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    status: int | None = 200,
    answer: bytes = b"[]",
) -> Exchange:
    return Exchange(
        method=method,
        url=url,
        raw_path=httpx.URL(url).raw_path.decode(),
        request_headers=tuple((headers or {}).items()),
        request_body=body,
        status=status,
        response_headers=(("content-type", "application/json"),),
        response_body=answer,
        seconds=0.012,
    )


def shell_words(command: str, env: dict[str, str]) -> list[str]:
    """The arguments a POSIX shell passes to curl, with ``env`` set."""
    script = f"printf '%s\\0' {command.removeprefix('curl ')}"
    out = subprocess.run(
        ["sh", "-c", script], env=env, capture_output=True, check=True, timeout=10
    ).stdout
    return out.decode().split("\0")[:-1]


def test_an_api_token_is_a_variable_that_the_shell_expands_to_the_token() -> None:
    sent = exchange(headers={"Authorization": f"SSWS {API_TOKEN}", "Accept": "*/*"})
    command = curl(sent)
    assert API_TOKEN not in command
    assert "${OKTA_API_TOKEN}" in command
    words = shell_words(command, {"OKTA_API_TOKEN": API_TOKEN})
    assert words[words.index("-H") + 1] == f"Authorization: SSWS {API_TOKEN}"
    assert "*/*" not in command


def test_a_basic_header_becomes_curl_user_with_the_secret_as_a_variable() -> None:
    pair = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    sent = exchange(
        "POST",
        "https://org.okta.com/oauth2/default/v1/token",
        {"Authorization": f"Basic {pair}", "Content-Type": "application/x-www-form-urlencoded"},
        b"grant_type=client_credentials&scope=orders%3Aread",
    )
    command = curl(sent)
    assert pair not in command and CLIENT_SECRET not in command
    words = shell_words(command, {"CLIENT_SECRET": CLIENT_SECRET})
    assert words[words.index("-u") + 1] == f"{CLIENT_ID}:{CLIENT_SECRET}"
    assert words[words.index("--data-raw") + 1] == (
        "grant_type=client_credentials&scope=orders%3Aread"
    )


def test_a_secret_in_a_json_body_is_a_variable_inside_the_quoted_body() -> None:
    body = json.dumps({"dcr_config": {"client_secret": CLIENT_SECRET}, "name": "it's"}).encode()
    command = curl(exchange("POST", body=body, headers={"Content-Type": "application/json"}))
    assert CLIENT_SECRET not in command
    words = shell_words(command, {"CLIENT_SECRET": CLIENT_SECRET})
    assert json.loads(words[words.index("--data-raw") + 1]) == json.loads(body)


def test_an_unnamed_secret_is_masked_in_the_command() -> None:
    unnamed = "unnamed-secret-value-1234"
    REDACTOR.add(unnamed)
    command = curl(exchange(headers={"X-Token": unnamed}))
    assert unnamed not in command
    assert "[REDACTED]" in command


def test_a_token_cut_by_the_body_limit_is_masked_whole() -> None:
    token = "eyJhbGciOiJSUzI1NiJ9." + "a" * 400 + ".signature"
    answer = json.dumps({"pad": "x" * 150, "access_token": token}).encode()
    for text in (short_text(exchange(answer=answer)), full_text(exchange(answer=answer))):
        assert "eyJ" not in text


def test_a_long_body_is_cut_and_says_how_much_is_left() -> None:
    text = full_text(exchange(answer=b"[" + b'"x",' * BODY_LIMIT + b'"x"]'))
    assert "more characters)" in text
    assert len(text) < BODY_LIMIT * 3


def test_full_text_shows_request_and_response_with_headers_and_bodies() -> None:
    text = full_text(
        exchange(
            "POST",
            headers={"Content-Type": "application/json"},
            body=b'{"a": 1}',
            status=401,
            answer=b'{"errorCode": "E0000011"}',
        )
    )
    lines = text.splitlines()
    assert lines[0] == "POST https://org.okta.com/api/v1/apps → 401 Unauthorized (12 ms)"
    assert "> POST /api/v1/apps HTTP/1.1" in lines
    assert "> Content-Type: application/json" in lines
    assert "< HTTP/1.1 401 Unauthorized" in lines
    assert '<   "errorCode": "E0000011"' in lines
    assert lines[-2] == "Reproduce with:" and lines[-1].startswith("curl -sS -i -X POST ")


def test_the_recorder_records_each_request_in_the_current_step_only() -> None:
    log = ExchangeLog()

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    client = httpx.Client(transport=RecordingTransport(httpx.MockTransport(answer), log))
    client.get("https://a.test/before")  # no scenario: not recorded
    scenario = log.start_scenario()
    log.start_step("Given one")
    client.get("https://a.test/one")
    log.end_step()
    log.start_step("When two")
    client.post("https://a.test/two", content=b"body")
    client.post("https://a.test/three", params={"filter[name]": "a b/ü", "q": ""})
    log.end_scenario()
    client.get("https://a.test/after")
    assert [e.target for e in scenario.of_step("Given one")] == ["GET /one"]
    assert [(e.target, e.request_body) for e in scenario.of_step("When two")] == [
        ("POST /two", b"body"),
        ("POST /three?filter%5Bname%5D=a+b%2F%C3%BC&q=", b""),
    ]
    assert scenario.count == 3


def test_a_failed_request_is_recorded_with_its_error() -> None:
    log = ExchangeLog()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=RecordingTransport(httpx.MockTransport(refuse), log))
    scenario = log.start_scenario()
    with pytest.raises(httpx.ConnectError):
        client.get("https://a.test/x")
    (recorded,) = scenario.of_step("")
    assert recorded.status is None and recorded.error == "connection refused"
    assert "no answer: connection refused" in short_text(recorded)


def test_a_placeholder_in_capitals_is_not_taken_for_a_credential() -> None:
    redactor = Redactor()
    title = 'The how-to\'s unencoded "Basic CLIENT_ID:CLIENT_SECRET" header is refused'
    assert redactor.redact(title) == title
    real = base64.b64encode(b"0oa1b2c3d4:s3cretS3cret").decode()
    assert redactor.redact(f"Basic {real}") == "Basic [REDACTED]"


def test_variables_keep_the_first_name_given() -> None:
    redactor = Redactor()
    redactor.add("first-named-secret-123", "FIRST")
    redactor.add("first-named-secret-123", "SECOND")
    redactor.add("first-named-secret-123")
    assert redactor.as_variables("x first-named-secret-123 y") == "x ${FIRST} y"
