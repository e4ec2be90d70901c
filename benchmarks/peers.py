"""The peers from npm (``benchmarks/peers/package.json``, exact versions): installed into
``benchmarks/peers/node_modules`` on first use, each started as a Node process on 127.0.0.1
that prints one JSON line saying where it serves."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PEERS = Path(__file__).resolve().parent / "peers"
NAMES = ("oauth2-mock-server", "oidc-provider")


def unavailable() -> str | None:
    """Why the peers cannot run here, or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "Node.js and npm are not installed"
    if not (PEERS / "node_modules" / "oidc-provider").is_dir():
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PEERS,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return f"npm ci failed: {done.stderr.strip()[-300:]}"
    return None


def version(name: str) -> str:
    manifest = PEERS / "node_modules" / name / "package.json"
    return str(json.loads(manifest.read_text())["version"])


def node_version() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


@contextmanager
def started(name: str) -> Iterator[dict[str, Any]]:
    process = subprocess.Popen(
        ["node", f"{name}.mjs"],
        cwd=PEERS,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{name} exited before it said where it serves")
        info: dict[str, Any] = json.loads(line)
        yield {
            k: v.replace("//localhost:", "//127.0.0.1:") if isinstance(v, str) else v
            for k, v in info.items()
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
