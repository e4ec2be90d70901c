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
    """The answer or the refusal; a 429 the retries could not wait out is no answer at all
    and propagates (it is reported as ``rate-limited``, never as a refusal of the setup)."""
    try:
        return Attempt(action(), None)
    except VendorError as exc:
        if exc.status == 429:
            raise
        return Attempt(None, exc)
