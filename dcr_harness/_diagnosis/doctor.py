"""``dcr-harness doctor``: the feature suite's checks as a checklist in the how-to's order,
each failing section with its diagnosis and fix; exit 1 when anything fails."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import pytest

from dcr_harness._core.config import HarnessConfig
from dcr_harness._diagnosis.catalog import CATALOG
from dcr_harness._diagnosis.results import CATEGORIES, SECTIONS, Finding
from dcr_harness._entry.suite import Suite


def run_checks(suite: Suite, pytest_args: list[str]) -> tuple[int, list[Finding], str]:
    """Runs every scenario but those proving the how-to's own errors, in this interpreter with
    pytest's output held back; returns pytest's exit code, the findings and that output."""
    with tempfile.TemporaryDirectory(prefix="dcr-harness-doctor-") as scratch:
        results = Path(scratch) / "findings.jsonl"
        args = suite.arguments(
            ["-m", "not doc-error", "-q", "--no-header", f"--dcr-results={results}", *pytest_args]
        )
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            code = int(pytest.main(args))
        if not results.exists():
            return code, [], output.getvalue()
        lines = results.read_text().splitlines()
    return code, [Finding.from_json(line) for line in lines], output.getvalue()


def checklist(config: HarnessConfig, findings: list[Finding]) -> tuple[str, bool]:
    t = config.targets
    out = [
        f"dcr-harness doctor: {config.source} "
        f"(okta={t.okta} konnect={t.konnect} gateway={t.gateway})",
        "",
    ]
    healthy = True
    for tag, title in SECTIONS.items():
        mine = [f for f in findings if tag in f.sections]
        if not mine:
            continue
        failed = [f for f in mine if f.outcome != "passed"]
        healthy = healthy and not failed
        verdict = "FAIL" if failed else "PASS"
        count = f"{len(mine) - len(failed)} of {len(mine)} checks pass"
        out.append(f"  {verdict}  {title:<48} {count}")
        seen: set[str] = set()
        for item in failed:
            key = item.diagnosis or item.problem or item.scenario
            if key in seen:
                continue
            seen.add(key)
            label = f"{item.diagnosis} " if item.diagnosis else ""
            out.append(f"        {label}[{item.category}] {item.problem}")
            if item.fix:
                out.append(f"        fix: {item.fix}")
    broken = sorted(
        {f"{CATALOG[f.diagnosis].section} ({f.diagnosis})" for f in findings if f.diagnosis}
    )
    out.append("")
    if broken:
        out.append("Broken how-to steps: " + "; ".join(broken))
    by_category = sorted({f.category for f in findings if f.category})
    for category in by_category:
        out.append(
            f"{CATEGORIES[category]}: "
            f"{sum(1 for f in findings if f.category == category)} failing check(s)"
        )
    out.append("All checks pass." if healthy else "Some checks fail: see the fixes above.")
    return "\n".join(out), healthy
