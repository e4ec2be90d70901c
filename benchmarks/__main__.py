"""``python -m benchmarks``: every figure of issue 7 with the machine's description.

Sections (``--only 1,4`` to pick): 1 the how-to flow in process; 2 the feature suite's wall
time, serial and with two xdist workers; 3 the flow over loopback HTTP and its ratio to 1;
4 scale, 10 to 50,000 applications; 5 the served token, JWKS, discovery and DCR
registration endpoints against the peers from npm, under wrk; 6 the suite's peak memory (from
the runs of section 2); 7 the served fakes soaked for 10 minutes, memory and p99 over time
(only when named: ``--only 7``).
``--quick`` shortens every section (for a smoke run; its figures are not the published ones).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import Any

from benchmarks import machine
from benchmarks.stats import Section, median, ms, percentile, timed

TARGET_FLOW_MS = 10.0
TARGET_SUITE_S = 5.0
TARGET_SUITE_ISSUE_14_S = 1.0
TARGET_MEMORY_ISSUE_14_MB = 80.0
TARGET_SCALE_RATIO = 1.2
TARGET_MEMORY_MB = 200.0
TARGET_SOAK_GROWTH = 1.2


@dataclass(frozen=True)
class Plan:
    flows: int
    http_flows: int
    suite_runs: int
    parallel_runs: int
    cold_run: bool
    scale_sizes: tuple[int, ...]
    scale_requests: int
    versus_connections: tuple[int, ...]
    versus_seconds: float
    versus_rounds: int
    soak_seconds: float
    soak_intervals: int


FULL = Plan(
    flows=300,
    http_flows=200,
    suite_runs=5,
    parallel_runs=3,
    cold_run=True,
    scale_sizes=(10, 1_000, 10_000, 50_000),
    scale_requests=500,
    versus_connections=(1, 4, 16),
    versus_seconds=2.0,
    versus_rounds=5,
    soak_seconds=600.0,
    soak_intervals=10,
)
QUICK = Plan(
    flows=20,
    http_flows=10,
    suite_runs=1,
    parallel_runs=1,
    cold_run=False,
    scale_sizes=(10, 1_000),
    scale_requests=100,
    versus_connections=(4,),
    versus_seconds=1.0,
    versus_rounds=1,
    soak_seconds=6.0,
    soak_intervals=3,
)


def flow_in_process(plan: Plan) -> tuple[Section, float]:
    from benchmarks.flow import in_process, one_flow

    section = Section(1, "The how-to flow in process")
    with in_process() as (net, config, reset):
        timed(lambda: one_flow(net, config, reset), 10)  # warm: imports, key pool, caches
        samples = timed(lambda: one_flow(net, config, reset), plan.flows)
        resets = timed(reset, plan.flows)
    middle = median(samples)
    met = middle * 1000 <= TARGET_FLOW_MS
    section.add("flows", str(plan.flows))
    section.add("median per flow", ms(middle), f"<= {TARGET_FLOW_MS:.0f} ms", met)
    section.add("p95 per flow", ms(percentile(samples, 0.95)))
    section.add("flows per second", f"{1 / middle:.0f}")
    section.add("of which the world reset and seed, median", ms(median(resets)))
    section.notes.append(
        "A flow: world reset and seeded (the how-to's Okta steps done), DCR provider, auth "
        "strategy, publication, developer sign-in, application (fake Konnect registers it at "
        "fake Okta by DCR), registration, and the authorized request (the data plane exchanges "
        "the credentials at Okta's token endpoint and verifies the RS256 token): 10 requests "
        "from the harness clients and 4 between the fakes (DCR, discovery, token, JWKS)."
    )
    return section, middle


def suite(plan: Plan) -> tuple[Section, Section]:
    import tempfile
    from pathlib import Path

    from benchmarks.floor import packaged_shape, run_floor, write_floor_suite
    from benchmarks.suite import run_suite

    wall = Section(2, "The feature suite, `dcr-harness run` in a subprocess")
    memory = Section(6, "Peak memory of the feature suite")
    shape = packaged_shape()
    with tempfile.TemporaryDirectory(prefix="dcr-bench-floor-suite-") as folder:
        write_floor_suite(Path(folder), shape)
        run_suite([])  # untimed: writes the bytecode and assertion-rewrite caches
        run_floor(Path(folder))
        serial, floor = [], []
        for _ in range(plan.suite_runs):  # interleaved: the machine's drift hits both alike
            serial.append(run_suite([]))
            floor.append(run_floor(Path(folder)))
    parallel = [run_suite(["-n", "2"]) for _ in range(plan.parallel_runs)]
    serial_s = median([r.seconds for r in serial])
    floor_s = median([r.seconds for r in floor])
    parallel_s = median([r.seconds for r in parallel])
    reference = serial[0].outcomes
    same = all(r.outcomes == reference for r in serial + parallel)
    green = all(r.exit_code == 0 for r in serial + parallel)
    floor_green = all(r.exit_code == 0 and r.passed == len(shape) for r in floor)
    wall.add(
        f"serial, median of {plan.suite_runs}",
        f"{serial_s:.2f} s",
        f"<= {TARGET_SUITE_S:.0f} s",
        serial_s <= TARGET_SUITE_S,
    )
    wall.add(
        "serial, issue 14's target",
        f"{serial_s:.2f} s",
        f"<= {TARGET_SUITE_ISSUE_14_S:.1f} s",
        serial_s <= TARGET_SUITE_ISSUE_14_S,
    )
    wall.add(
        f"the stack's floor: pytest-bdd, {len(shape)} scenarios of {sum(shape)} steps doing "
        f"nothing, the same plugins and reports, median of {plan.suite_runs}",
        f"{floor_s:.2f} s" if floor_green else "FAILED",
    )
    if floor_green:
        wall.add("serial over the floor", f"{serial_s / floor_s:.2f}x")
    wall.add(f"`-n 2`, median of {plan.parallel_runs}", f"{parallel_s:.2f} s")
    wall.add(
        "scenarios passed (serial / `-n 2`)",
        f"{serial[0].passed}/{len(reference)} / {parallel[0].passed}/{len(parallel[0].outcomes)}",
    )
    wall.add("same outcome per scenario in every run", "yes" if same else "NO")
    if not green:
        failing = next(r for r in serial + parallel if r.exit_code != 0)
        wall.notes.append(
            f"A run exited {failing.exit_code}: the figures are of a failing suite. Its last "
            "lines: " + " / ".join(failing.output_tail)
        )
    if not floor_green:
        failing = next(r for r in floor if r.exit_code != 0 or r.passed != len(shape))
        wall.notes.append(
            f"The floor suite exited {failing.exit_code} with {failing.passed} of {len(shape)} "
            "passed, so it has no time. Its last lines: " + " / ".join(failing.output_tail)
        )
    peak = max(r.max_rss_bytes for r in serial) / 2**20
    peak_parallel = max(r.max_rss_bytes for r in parallel) / 2**20
    memory.add(
        "peak RSS, serial run",
        f"{peak:.0f} MiB",
        f"<= {TARGET_MEMORY_MB:.0f} MB",
        peak <= TARGET_MEMORY_MB,
    )
    memory.add(
        "peak RSS, serial run, issue 14's target",
        f"{peak:.1f} MiB",
        f"<= {TARGET_MEMORY_ISSUE_14_MB:.0f} MiB",
        peak <= TARGET_MEMORY_ISSUE_14_MB,
    )
    if floor_green:
        floor_peak = max(r.max_rss_bytes for r in floor) / 2**20
        memory.add("peak RSS of the stack's floor (section 2)", f"{floor_peak:.1f} MiB")
        memory.add("serial run over the floor", f"{peak / floor_peak:.2f}x")
    memory.add("peak RSS of the largest process, `-n 2`", f"{peak_parallel:.0f} MiB")
    if plan.cold_run:
        cold = run_suite([], cold=True)
        wall.add("serial, cold (no bytecode cache at all), 1 run", f"{cold.seconds:.2f} s")
        memory.add("peak RSS, cold serial run", f"{cold.max_rss_bytes / 2**20:.0f} MiB")
    wall.notes.append(
        "Wall time of the process, interpreter start, plugin loading and collection included; "
        "the CLI runs pytest in its own interpreter (no second one)."
    )
    return wall, memory


def flow_over_http(plan: Plan, in_process_median: float | None) -> Section:
    from benchmarks.flow import one_flow, over_http

    section = Section(3, "The how-to flow against the fakes served on loopback HTTP")
    with over_http() as (net, config, reset):
        timed(lambda: one_flow(net, config, reset), 5)
        samples = timed(lambda: one_flow(net, config, reset), plan.http_flows)
    middle = median(samples)
    section.add("flows", str(plan.http_flows))
    section.add("median per flow", ms(middle))
    section.add("p95 per flow", ms(percentile(samples, 0.95)))
    if in_process_median is not None:
        section.add("ratio to the in-process median", f"{middle / in_process_median:.1f}x")
    section.notes.append(
        "The harness in live mode against `ServedFakes` (on 127.0.0.1, server threads of this "
        "process, as `dcr-harness serve`); the reset is a direct call, the rest goes over TCP."
    )
    return section


def scale(plan: Plan) -> Section:
    from benchmarks.scale import OPERATIONS, measure

    results = measure(plan.scale_sizes, plan.scale_requests)
    smallest, largest = results[0], results[-1]
    sizes = " / ".join(f"{r.applications:,}" for r in results)
    section = Section(4, f"Scale, median per request at {sizes} applications")
    for name in OPERATIONS:
        medians = [median(r.seconds[name]) for r in results]
        ratio = medians[-1] / medians[0]
        section.add(
            name,
            " / ".join(ms(m) for m in medians) + f"; {largest.applications:,} over "
            f"{smallest.applications:,}: {ratio:.2f}",
            f"ratio <= {TARGET_SCALE_RATIO}",
            ratio <= TARGET_SCALE_RATIO,
        )
    seeded = ", ".join(f"{r.applications:,} in {r.seed_seconds:.1f} s" for r in results)
    section.notes.append(
        f"{plan.scale_requests} requests per figure (3 walks for the walk), in process, through "
        f"the harness's routing transport, the sizes timed in alternating batches; applications "
        f"seeded into fake state ({seeded}), each with its Okta client and an approved "
        "registration. The walk's figure is its time over the apps it visited."
    )
    return section


def versus_peers(plan: Plan) -> Section:
    from benchmarks import peers, versus, wrk

    section = Section(5, "Served endpoints against the peers, under wrk")
    missing = peers.unavailable() or (None if wrk.available() else "wrk is not installed")
    if missing:
        section.add("served endpoints against the peers", f"not measured: {missing}")
        section.notes.append(
            "Install Node.js (npm) and Debian's wrk to measure this section; nothing is "
            "compared without them."
        )
        return section
    results, versions = versus.measure(
        plan.versus_connections, plan.versus_seconds, plan.versus_rounds
    )
    for endpoint in versus.ENDPOINTS:
        for count in plan.versus_connections:
            section.add(*_versus_figure(results, endpoint, count))
    section.notes.append(
        f"wrk {versions['wrk']} (one thread, keep-alive) for {plan.versus_seconds:g} s per "
        f"point, {plan.versus_rounds} round(s), interleaved: a ratio is the median of the rounds' "
        "ratios, each round measuring every server back to back; rates and p99 are the median "
        f"round's; "
        f"peers oauth2-mock-server {versions['oauth2-mock-server']} and oidc-provider "
        f"{versions['oidc-provider']} on Node {versions['node']}, each with a 2048-bit RS256 "
        "key, client_credentials answered with an RS256 JWT; oidc-provider's DCR behind an "
        "initial access token, ours behind the SSWS DCR token. oauth2-mock-server has no "
        "registration endpoint."
    )
    return section


def _versus_figure(
    results: dict[Any, list[Any]], endpoint: str, count: int
) -> tuple[str, str, str, bool]:
    from benchmarks import peers, versus

    our_loads = results[versus.Point(endpoint, count, versus.OURS)]
    ours = versus.summary(our_loads)
    compared = {
        name: versus.summary(results[versus.Point(endpoint, count, name)])
        for name in peers.NAMES
        if versus.Point(endpoint, count, name) in results
    }
    parts = [f"{ours['rate']:,.0f} req/s, p99 {ours['p99_ms']:.1f} ms"]
    ratios = []
    for name, figures in compared.items():
        ratio = versus.ratio(our_loads, results[versus.Point(endpoint, count, name)])
        ratios.append(ratio)
        parts.append(
            f"{ratio:.2f}x {name} ({figures['rate']:,.0f} req/s, p99 {figures['p99_ms']:.1f} ms)"
        )
    absent = [name for name in peers.NAMES if name not in compared]
    if absent:
        parts.append(f"{', '.join(absent)}: no such endpoint")
    failed = ours["failed"] + sum(f["failed"] for f in compared.values())
    if failed:
        parts.append(f"**{failed} failed answers**")
    best_p99 = min((f["p99_ms"] for f in compared.values()), default=ours["p99_ms"])
    met = not failed and all(r >= 1.0 for r in ratios) and ours["p99_ms"] <= 2 * best_p99
    name = f"{endpoint}, {count} connection{'s' if count > 1 else ''}"
    return name, "; ".join(parts), ">= 1.0x each peer, p99 <= 2x the best peer's", met


def soak(plan: Plan) -> Section:
    from benchmarks.soak import measure

    section = Section(7, "dcr-harness serve soaked at full speed")
    intervals = measure(plan.soak_seconds, plan.soak_intervals)
    first, last = intervals[0], intervals[-1]
    growth = last.rss_mib / first.rss_mib
    section.add(
        "RSS, last interval over first",
        f"{growth:.2f} ({first.rss_mib:.0f} -> {last.rss_mib:.0f} MiB)",
        f"<= {TARGET_SOAK_GROWTH}",
        growth <= TARGET_SOAK_GROWTH,
    )
    section.add("RSS, highest", f"{max(i.rss_mib for i in intervals):.0f} MiB")
    section.add("RSS per interval", ", ".join(f"{i.rss_mib:.0f}" for i in intervals) + " MiB")
    section.add(
        "p99 per interval",
        ", ".join(f"{i.p99_ms:.0f}" for i in intervals) + " ms",
    )
    total = sum(i.requests for i in intervals)
    failed = sum(i.failures for i in intervals)
    section.add("requests", f"{total} in {plan.soak_seconds:.0f} s, {failed} failed")
    section.notes.append(
        f"{plan.soak_intervals} intervals of {plan.soak_seconds / plan.soak_intervals:.0f} s, "
        "8 keep-alive clients posting client_credentials to the served token endpoint; RSS of "
        "the serve process read from /proc after each interval."
    )
    return section


def render(sections: list[Section], plan: Plan, seconds: float, load_before: str) -> str:
    lines = ["## Machine", ""]
    lines += [f"- {name}: {value}" for name, value in machine.describe()]
    lines.append(f"- load average before the run: {load_before}")
    lines += ["", "## Figures", ""]
    lines += ["| # | figure | value | target | met |", "| --- | --- | --- | --- | --- |"]
    for section in sorted(sections, key=lambda s: s.number):
        for figure in section.figures:
            met = {True: "yes", False: "**no**", None: ""}[figure.met]
            lines.append(
                f"| {section.number} | {section.title}: {figure.name} | {figure.value} "
                f"| {figure.target} | {met} |"
            )
    lines += ["", "## Notes", ""]
    for section in sorted(sections, key=lambda s: s.number):
        lines += [f"- ({section.number}) {note}" for note in section.notes]
    quick = " (--quick: smoke figures, not for BENCHMARKS.md)" if plan is QUICK else ""
    lines += ["", f"Benchmark run took {seconds:.0f} s{quick}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    parser.add_argument(
        "--only",
        default="1,2,3,4,5,6",
        help="comma-separated sections (6 comes with 2; 7, the 10-minute soak, only if named)",
    )
    args = parser.parse_args(argv)
    wanted = {int(part) for part in args.only.split(",") if part.strip()}
    plan = QUICK if args.quick else FULL
    load_before = machine.load()
    started = time.perf_counter()
    sections: list[Section] = []
    flow_median = None
    if 1 in wanted or 3 in wanted:
        first, flow_median = flow_in_process(plan)
        if 1 in wanted:
            sections.append(first)
    if wanted & {2, 6}:
        wall, memory = suite(plan)
        sections += [s for s in (wall, memory) if s.number in wanted]
    if 3 in wanted:
        sections.append(flow_over_http(plan, flow_median))
    if 4 in wanted:
        sections.append(scale(plan))
    if 5 in wanted:
        sections.append(versus_peers(plan))
    if 7 in wanted:
        sections.append(soak(plan))
    print(render(sections, plan, time.perf_counter() - started, load_before))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
