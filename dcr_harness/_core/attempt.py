"""A request that may be refused: When-steps return one, Then-steps judge it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from dcr_harness._core.errors import VendorError

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    value: T | None
    error: VendorError | None

    @property
    def refused(self) -> bool:
        return self.error is not None


def attempt(action: Callable[[], T]) -> Attempt[T]:
    """The answer or the refusal. A 429 the retries could not wait out, and Konnect refusing
    the PAT, are no answer to the step at all: they propagate, and are reported as
    ``rate-limited`` and ``konnect-pat-refused`` rather than as the step's own refusal."""
    try:
        return Attempt(action(), None)
    except VendorError as exc:
        if exc.status == 429 or (exc.service == "Konnect" and exc.status in (401, 403)):
            raise  # no scenario expects these: the tenant's load, or the run's own credential
        return Attempt(None, exc)
