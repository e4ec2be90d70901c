"""The machine the figures come from: CPU model, cores, memory, Python, load."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _cpuinfo_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def describe() -> list[tuple[str, str]]:
    memory = _memory_gib()
    return [
        ("CPU", _cpuinfo_model()),
        ("cores", f"{usable_cores()} usable ({os.cpu_count()} online)"),
        ("memory", f"{memory:.1f} GiB" if memory is not None else "unknown"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("load average (1, 5, 15 min) after the run", load()),
    ]
