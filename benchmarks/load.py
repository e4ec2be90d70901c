"""The load generator of section 5, run as a second process (``python -m benchmarks.load``):
``--concurrency`` threads, each with its own keep-alive httpx client, post client_credentials
requests to a token endpoint on loopback until ``--seconds`` pass or ``--requests`` are sent;
prints one JSON line: requests, non-200 answers, transport errors, seconds, latencies."""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import threading
import time
from urllib.parse import urlsplit

import httpx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--url", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--scope", default="orders:read")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args(argv)
    if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the load goes to loopback only")

    basic = base64.b64encode(f"{args.client_id}:{args.secret}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}"}
    form = {"grant_type": "client_credentials", "scope": args.scope}
    tickets = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    failures = {"status": 0, "transport": 0}
    start = threading.Barrier(args.concurrency + 1)
    deadline = [0.0]

    def worker() -> None:
        mine: list[float] = []
        bad = errors = 0
        with httpx.Client(timeout=10.0) as client:
            start.wait()
            while time.perf_counter() < deadline[0] and next(tickets) < args.requests:
                began = time.perf_counter()
                try:
                    response = client.post(args.url, data=form, headers=headers)
                    bad += response.status_code != 200
                except httpx.TransportError:
                    errors += 1
                mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)
            failures["status"] += bad
            failures["transport"] += errors

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + args.seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    result = {
        "concurrency": args.concurrency,
        "requests": len(latencies),
        "non_200": failures["status"],
        "transport_errors": failures["transport"],
        "seconds": elapsed,
        "median_latency": latencies[len(latencies) // 2] if latencies else None,
        "p95_latency": latencies[int(len(latencies) * 0.95)] if latencies else None,
        "p99_latency": latencies[int(len(latencies) * 0.99)] if latencies else None,
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
