"""Small statistics and the result types every section returns."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of non-empty ``samples``."""
    ordered = sorted(samples)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def timed(action: Callable[[], object], count: int) -> list[float]:
    """Seconds each of ``count`` calls of ``action`` took."""
    samples = []
    clock = time.perf_counter
    for _ in range(count):
        start = clock()
        action()
        samples.append(clock() - start)
    return samples


@dataclass(frozen=True)
class Figure:
    """One measured figure; ``target`` and ``met`` only when the issue sets a target for it."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Section:
    number: int
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, value: str, target: str = "", met: bool | None = None) -> None:
        self.figures.append(Figure(name, value, target, met))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
