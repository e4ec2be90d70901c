"""Names of what a run creates: ``<prefix>-<run id>-<words>``, so leftovers can be swept."""

from __future__ import annotations

import secrets
import time
import zlib

from faker import Faker

RUN_ID_LENGTH = 10


def new_run_id() -> str:
    """Seconds since the epoch in base 36 (sortable by age) and two random characters."""
    stamp = _base36(int(time.time()))
    return (stamp + secrets.token_hex(1))[:RUN_ID_LENGTH]


def resource_name(prefix: str, run_id: str, seed: int, test_id: str) -> str:
    faker = Faker()
    faker.seed_instance(seed + zlib.crc32(test_id.encode()))
    return f"{prefix}-{run_id}-{faker.word()}-{faker.word()}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
