"""Names of what a run creates: ``<prefix>-<run id>-<words>``, so leftovers can be swept."""

from __future__ import annotations

import functools
import re
import secrets
import time
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Generator

RUN_ID_LENGTH = 10
RUN_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")


def checked_run_id(run_id: str) -> str:
    """A caller's run id (``--run-id``, ``DCR_HARNESS_RUN_ID``); it becomes part of names."""
    if not RUN_ID_PATTERN.match(run_id):
        raise ValueError(
            f"run id {run_id!r} must be 1 to 40 letters, digits and dashes, starting with a "
            "letter or digit"
        )
    return run_id


def new_run_id() -> str:
    """Seconds since the epoch in base 36 (sortable by age) and two random characters."""
    stamp = _base36(int(time.time()))
    return (stamp + secrets.token_hex(1))[:RUN_ID_LENGTH]


def resource_name(prefix: str, run_id: str, seed: int, test_id: str) -> str:
    return f"{prefix}-{run_id}-{_words(seed + zlib.crc32(test_id.encode()))}"


# Faker's two words for a seed, as ``word-word``. Importing Faker costs a process about 0.16 s
# and 4 MiB (it lists every provider's locales), so the plugin keeps the words a run learnt in
# pytest's cache, and a later run that names the same scenarios with the same seed needs none.
_KNOWN: dict[int, str] = {}
_LEARNT: dict[int, str] = {}
_WORDS = re.compile(r"^[A-Za-z]+-[A-Za-z]+$")


def _words(seed: int) -> str:
    words = _KNOWN.get(seed)
    if words is None:
        faker = _faker()
        faker.seed_instance(seed)
        words = _KNOWN[seed] = _LEARNT[seed] = f"{faker.format('word')}-{faker.format('word')}"
    return words


def remember_words(known: object) -> None:
    """Words a run learnt before (``{"seed": "word-word"}``); anything else in it is ignored."""
    if isinstance(known, dict):
        for seed, words in known.items():
            if (
                isinstance(seed, str)
                and seed.lstrip("-").isdigit()
                and isinstance(words, str)
                and _WORDS.match(words)
            ):
                _KNOWN.setdefault(int(seed), words)


def words_learnt() -> dict[str, str]:
    """The words made by Faker since the last call, to be remembered."""
    learnt = {str(seed): words for seed, words in _LEARNT.items()}
    _LEARNT.clear()
    return learnt


@functools.cache
def _faker() -> Generator:
    """One generator per process, reseeded for every name, with the only provider a name
    needs: ``Faker()`` loads every en_US provider, about 10 ms and 11 MiB, for the same words
    (en_US lorem, so a seed names a resource as it always did)."""
    from faker import Generator  # imported on first use: faker is a pytest plugin too
    from faker.providers.lorem.en_US import Provider

    words = Generator()
    words.add_provider(Provider)
    return words


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"
