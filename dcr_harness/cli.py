"""``dcr-harness``: run the feature suite, serve the fakes, sweep leftovers from live tenants.

Exit codes: 0 all green; 1 a scenario failed; 4 the harness could not start (configuration,
environment variable, unreachable host); other codes as pytest's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dcr_harness.config import ConfigError, HarnessConfig, load_config, secrets_from_env
from dcr_harness.preflight import unreachable

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORTS = PROJECT_ROOT / "reports"
EXIT_CONFIG_ERROR = 4  # pytest's usage-error code: distinct from 1 (a scenario failed)
SERVICES = ("okta", "konnect", "portal", "gateway")
# Installed for the project's own tests; the feature suite starts seconds faster without them.
UNUSED_PLUGINS = ("cacheprovider", "schemathesis", "hypothesispytest", "anyio", "respx", "faker")


class StartupError(Exception):
    """The harness cannot start; the message is one line that names the problem and the fix."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if args.command not in ("run", "doctor") and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        if args.command == "run":
            return run_suite(args.config, rest, args.reports)
        if args.command == "serve":
            return serve_fakes(args)
        if args.command == "doctor":
            return run_doctor(args.config, rest)
        return sweep_leftovers(args)
    except StartupError as exc:
        print(f"dcr-harness: {exc}", file=sys.stderr)
        return EXIT_CONFIG_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dcr-harness", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="run the feature suite; further arguments go to pytest",
        description="Run the how-to's scenarios. Unknown arguments are passed to pytest, "
        "e.g. --howto add-claim, -m smoke, -x.",
    )
    run.add_argument("--config", help="YAML file describing the setup under test")
    run.add_argument(
        "--reports", type=Path, default=REPORTS, help="folder for allure results and junit.xml"
    )
    serve = commands.add_parser(
        "serve",
        help="serve every fake over HTTP on 127.0.0.1 (a sandbox for curl or Insomnia)",
        description="Start fake Okta, Konnect, the Dev Portal and the data plane on loopback, "
        "seeded from the configuration; print one JSON line when ready; stop on SIGINT/SIGTERM.",
    )
    serve.add_argument("--config", help="YAML setup to seed the fakes from (default: built-in)")
    for service in SERVICES:
        serve.add_argument(f"--{service}-port", type=int, default=0, metavar="PORT")
    doctor = commands.add_parser(
        "doctor",
        help="check a setup section by section and say how to fix what fails",
        description="Run every check of the how-to against the configured setup (fake, live or "
        "mixed) and print a checklist in the how-to's order with a diagnosis and a fix for "
        "each failure. Exit 1 when a check fails. Further arguments go to pytest (e.g. "
        "--junitxml=doctor.xml).",
    )
    doctor.add_argument("--config", help="YAML file describing the setup under test")
    sweep = commands.add_parser(
        "sweep",
        help="remove resources of interrupted runs (names starting with the prefix)",
        description="Remove Dev Portal applications, auth strategies, DCR providers and Okta "
        "clients whose names carry the configuration's name prefix and that are older than "
        "--older-than.",
    )
    sweep.add_argument("--config", help="YAML file naming the tenants to sweep")
    sweep.add_argument("--older-than", default="6h", help="minimum age, like 90s, 30m, 6h, 2d")
    sweep.add_argument("--dry-run", action="store_true", help="list, remove nothing")
    return parser


def checked_config(path: str | None) -> HarnessConfig:
    """The configuration, with its variables present and its live hosts answering."""
    try:
        config = load_config(path)
        secrets_from_env(config)
    except ConfigError as exc:
        raise StartupError(str(exc)) from None
    problem = unreachable(config)
    if problem is not None:
        raise StartupError(problem)
    return config


def run_suite(config: str | None, pytest_args: list[str], reports: Path = REPORTS) -> int:
    checked_config(config)
    features = PROJECT_ROOT / "steps" / "test_howto.py"
    if not features.exists():
        raise StartupError(
            f"the feature suite is not at {features}: install the checkout with pip install -e ."
        )
    reports.mkdir(parents=True, exist_ok=True)
    args = [
        str(features),
        f"--rootdir={PROJECT_ROOT}",
        f"--alluredir={reports / 'allure-results'}",
        "--clean-alluredir",
        f"--junitxml={reports / 'junit.xml'}",
        f"--dcr-ledger={reports / 'ledger.jsonl'}",
        f"--dcr-traceability={reports / 'traceability.md'}",
        *(f"-pno:{plugin}" for plugin in UNUSED_PLUGINS),
    ]
    if config is not None:
        args.append(f"--dcr-config={config}")
    # pytest replaces this process (same pid, so signals reach it directly) and starts with a
    # clean interpreter, before the preflight's imports could shadow its plugins.
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *args, *pytest_args])


def run_doctor(config_path: str | None, pytest_args: list[str]) -> int:
    from dcr_harness.doctor import checklist, run_checks

    config = checked_config(config_path)
    code, findings = run_checks(config, config_path, pytest_args, PROJECT_ROOT)
    if not findings:
        raise StartupError(f"the checks did not run (pytest exit code {code})")
    text, healthy = checklist(config, findings)
    print(text)
    return 0 if healthy else 1


def serve_fakes(args: argparse.Namespace) -> int:
    from dcr_harness.serve import serve_until_signalled

    try:
        base = load_config(args.config)
    except ConfigError as exc:
        raise StartupError(str(exc)) from None
    ports = {s: getattr(args, f"{s}_port") for s in SERVICES}
    try:
        return serve_until_signalled(base, ports)
    except OSError as exc:
        raise StartupError(f"cannot listen on 127.0.0.1 ({exc}): choose other ports") from None


def sweep_leftovers(args: argparse.Namespace) -> int:
    from dcr_harness.sweep import Sweeper, parse_age
    from dcr_harness.transport import Network

    try:
        age = parse_age(args.older_than)
    except ValueError as exc:
        raise StartupError(str(exc)) from None
    config = checked_config(args.config)
    network = Network(config)
    try:
        lines = Sweeper(network, age, dry_run=args.dry_run).run()
    finally:
        network.close()
    for line in lines:
        print(line)
    print(
        f"sweep: {len(lines)} leftover(s) older than {args.older_than} with prefix "
        f"{config.name_prefix}-"
    )
    return 1 if any(line.startswith("could not") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
