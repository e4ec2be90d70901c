"""The curl commands in the reports reproduce their exchanges: after a live run against
``dcr-harness serve``, each recorded read of something the run did not create is sent again
by a shell, with the secrets coming from the environment, and gets the recorded answer."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.live.conftest import Served, run_harness

HEADLINE = re.compile(r"^(GET) (\S+) → (\d{3}) ")
# ids of what a run creates (gone after its cleanup) appear in the paths of its reads
CREATED_ID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-|/0oa\w+|dcrh-")


def test_recorded_reads_replayed_with_curl_get_the_recorded_status(
    served: Served, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    result = run_harness(served, "--reports", str(reports))
    assert result.returncode == 0, result.stdout[-3000:]
    replays: dict[str, tuple[str, str]] = {}
    for path in (reports / "allure-results").glob("*-attachment.txt"):
        text = path.read_text()
        match = HEADLINE.match(text)
        command = text.splitlines()[-1]
        # the developer's portal session ended with the run, like what it created
        if match and not CREATED_ID.search(match.group(2)) and "PORTAL_SESSION" not in command:
            replays.setdefault(match.group(2), (match.group(3), command))
    assert len(replays) >= 5, f"too few reads to replay: {sorted(replays)}"
    assert any("${" in command for _, command in replays.values()), "no secret to expand"
    for url, (status, command) in replays.items():
        assert command.startswith("curl "), command
        answer = subprocess.run(
            ["sh", "-c", command], env=served.env, capture_output=True, text=True, timeout=30
        )
        assert answer.returncode == 0, answer.stderr
        first = answer.stdout.splitlines()[0]
        assert first.split()[1] == status, f"{url}: {first}, recorded {status}"


def test_the_replayed_commands_carry_no_secret(served: Served, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    run_harness(served, "--reports", str(reports), "--howto", "create-a-token")
    texts = [p.read_text() for p in (reports / "allure-results").glob("*-attachment.txt")]
    assert texts
    for name in ("OKTA_API_TOKEN", "OKTA_DCR_TOKEN"):
        secret = served.info["env"][name]
        assert all(secret not in t for t in texts)
        assert any("${" + name + "}" in t for t in texts), name
    assert json.dumps(texts).count("curl -sS -i") >= len(texts)
