"""``dcr-harness``: run the feature suite, check a setup, serve the fakes, sweep leftovers,
list the step library, start a team's repository.

Exit codes: 0 all green; 1 a scenario or check failed; 2 pytest was interrupted or given a
wrong option; 4 the harness could not start (configuration, environment variable,
unreachable host, bad folder); 5 no scenario was selected.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

from dcr_harness._core.config import (
    TARGETS,
    ConfigError,
    HarnessConfig,
    Target,
    Targets,
    load_config,
    secrets_from_env,
)
from dcr_harness._core.errors import VendorError
from dcr_harness._entry.serve import SYNC_DELAY
from dcr_harness._entry.suite import SuiteError, suite
from dcr_harness._safety.naming import checked_run_id
from dcr_harness._safety.preflight import unreachable

EXIT_CONFIG_ERROR = 4  # pytest's usage-error code: distinct from 1 (a scenario failed)
SERVICES = ("okta", "konnect", "portal", "gateway")
MIN_SWEEP_AGE = 3600.0  # no run lasts an hour: younger leftovers may be a live run's
PASSES_THROUGH = ("run", "doctor")


class StartupError(Exception):
    """The harness cannot start; the message is one line that names the problem and the fix."""


class _Parser(argparse.ArgumentParser):
    """A wrong option is bad input like any other: one line, exit 4."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_CONFIG_ERROR, f"dcr-harness: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if args.command not in PASSES_THROUGH and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        return _dispatch(args, rest)
    except (StartupError, SuiteError) as exc:
        print(f"dcr-harness: {exc}", file=sys.stderr)
        return EXIT_CONFIG_ERROR


def _dispatch(args: argparse.Namespace, rest: list[str]) -> int:
    if args.command == "run":
        return run_suite(args, rest)
    if args.command == "doctor":
        return run_doctor(args, rest)
    if args.command == "serve":
        return serve_fakes(args)
    if args.command == "steps":
        from dcr_harness._entry.catalogue import step_catalogue

        print(step_catalogue())
        return 0
    if args.command == "init":
        from dcr_harness._entry.scaffold import ScaffoldError, scaffold

        try:
            written = scaffold(Path(args.directory), force=args.force)
        except ScaffoldError as exc:
            raise StartupError(str(exc)) from None
        for path in written:
            print(f"wrote {path}")
        return 0
    return sweep_leftovers(args)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dcr-harness", description=__doc__, allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"dcr-harness {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = _command(
        commands,
        "run",
        "run the feature suite; further arguments go to pytest",
        "Run the how-to's scenarios, or a team's own (--features). Every other argument goes "
        "to pytest, e.g. --howto add-claim, -m smoke, -x, -k, --lf, -n 2.",
    )
    _suite_options(run)
    doctor = _command(
        commands,
        "doctor",
        "check a setup section by section and say how to fix what fails",
        "Run every check of the how-to against the configured setup (fake, live or mixed) and "
        "print a checklist in the how-to's order with a diagnosis and a fix for each failure. "
        "Exit 1 when a check fails. Further arguments go to pytest (e.g. --junitxml=doctor.xml).",
    )
    doctor.add_argument("--config", help="YAML file describing the setup under test")
    _target_option(doctor)
    serve = _command(
        commands,
        "serve",
        "serve every fake over HTTP on 127.0.0.1 (a sandbox for curl or Insomnia)",
        "Start fake Okta, Konnect, the Dev Portal and the data plane on loopback, seeded from "
        "the configuration; print one JSON line when ready; stop on SIGINT/SIGTERM.",
    )
    serve.add_argument("--config", help="YAML setup to seed the fakes from (default: built-in)")
    for service in SERVICES:
        serve.add_argument(f"--{service}-port", type=int, default=0, metavar="PORT")
    serve.add_argument(
        "--sync-delay",
        type=float,
        default=SYNC_DELAY,
        metavar="SECONDS",
        help=f"how long a new route takes to reach the served data plane (default {SYNC_DELAY})",
    )
    serve.add_argument(
        "--okta-rate-limit",
        type=int,
        default=None,
        metavar="REQUESTS",
        help="requests per minute fake Okta's management and DCR APIs take before answering "
        "429 (default: the fake's own, as a small org's; raise it to load-test)",
    )
    serve.add_argument(
        "--portal-api",
        choices=("v3", "v2"),
        default=None,
        help="serve a Dev Portal v3 or a classic Dev Portal (v2); default: the configuration's "
        "konnect.portal_api",
    )
    sweep = _command(
        commands,
        "sweep",
        "remove resources of interrupted runs (names starting with the prefix)",
        "Remove Dev Portal applications, auth strategies, DCR providers and Okta clients whose "
        "names carry the configuration's name prefix and that are older than --older-than.",
    )
    sweep.add_argument("--config", help="YAML file naming the tenants to sweep (required)")
    _target_option(sweep)
    sweep.add_argument(
        "--run", metavar="ID", help="remove exactly the leftovers of the run with this id"
    )
    sweep.add_argument("--older-than", default="6h", help="minimum age, like 90s, 30m, 6h, 2d")
    sweep.add_argument("--dry-run", action="store_true", help="list, remove nothing")
    _command(
        commands,
        "steps",
        "list every step of the step library, by how-to section",
        "Print each step text with its parameters and what it checks, grouped by the how-to "
        "section whose scenarios use it: the words a team's own .feature files can use.",
    )
    init = _command(
        commands,
        "init",
        "start a team's repository: setup file, an example feature, CI files",
        "Write a commented setup file, features/ with an example scenario and its test "
        "module, and CI files for GitHub Actions and GitLab CI into DIRECTORY.",
    )
    init.add_argument("directory", nargs="?", default=".", metavar="DIRECTORY")
    init.add_argument("--force", action="store_true", help="overwrite files that exist")
    return parser


def _command(
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    summary: str,
    description: str,
) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=summary, description=description, allow_abbrev=False)


def _target_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--targets",
        choices=TARGETS,
        help="run every service against this target, whatever the setup file says",
    )


def _suite_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="YAML file describing the setup under test")
    _target_option(parser)
    parser.add_argument(
        "--run-id",
        metavar="ID",
        help="id carried by the names of what the run creates, for sweep --run "
        "(letters, digits, dashes; env DCR_HARNESS_RUN_ID)",
    )
    parser.add_argument(
        "--features",
        action="append",
        default=[],
        metavar="DIR",
        help="run the .feature files under DIR (repeatable) instead of the how-to's",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=None,
        help="folder for Allure results, junit.xml, traceability.md, ledger (default ./reports)",
    )


def _version() -> str:
    return version("dcr-harness")


def checked_config(path: str | None, targets: Target | None = None) -> HarnessConfig:
    """The configuration, with its variables present and its live hosts answering."""
    try:
        config = load_config(path)
        if targets is not None:
            config = replace(config, targets=Targets(targets, targets, targets))
        secrets_from_env(config)
    except ConfigError as exc:
        raise StartupError(str(exc)) from None
    problem = unreachable(config)
    if problem is not None:
        raise StartupError(problem)
    return config


def run_suite(args: argparse.Namespace, pytest_args: list[str]) -> int:
    checked_config(args.config, args.targets)
    if args.run_id is not None:
        try:
            checked_run_id(args.run_id)
        except ValueError as exc:
            raise StartupError(f"--run-id: {exc}") from None
        pytest_args = [f"--dcr-run-id={args.run_id}", *pytest_args]
    reports = args.reports if args.reports is not None else Path.cwd() / "reports"
    return suite(args.features, args.config, reports, args.targets).run(pytest_args)


def run_doctor(args: argparse.Namespace, pytest_args: list[str]) -> int:
    from dcr_harness._diagnosis import doctor

    config = checked_config(args.config, args.targets)
    width = doctor.terminal_width()
    out = sys.stdout

    def write(text: str) -> None:
        out.write(text)
        out.flush()

    write(doctor.header(config, width) + "\n\n")
    progress = doctor.Progress(write, width)
    checks = suite([], args.config, None, args.targets)
    code, findings, output = doctor.run_checks(checks, pytest_args, progress)
    if not findings:
        sys.stderr.write(output[-2000:])
        raise StartupError(f"the checks did not run (pytest exit code {code})")
    healthy = bool(progress.sections) and all(
        section.verdict == doctor.PASS for section in progress.sections
    )
    print("\n" + "\n".join(doctor.summary_lines(findings, healthy, width)))
    return 0 if healthy else 1


def serve_fakes(args: argparse.Namespace) -> int:
    from dcr_harness._entry.serve import serve_until_signalled

    try:
        base = load_config(args.config)
    except ConfigError as exc:
        raise StartupError(str(exc)) from None
    if args.portal_api is not None:
        base = replace(base, konnect=replace(base.konnect, portal_api=args.portal_api))
    ports = {s: getattr(args, f"{s}_port") for s in SERVICES}
    for service, port in ports.items():
        if not 0 <= port <= 65535:
            raise StartupError(f"--{service}-port {port}: a port is 0 to 65535 (0: any free one)")
    if args.sync_delay < 0:
        raise StartupError(f"--sync-delay {args.sync_delay:g}: give 0 or more seconds")
    if args.okta_rate_limit is not None and args.okta_rate_limit < 1:
        raise StartupError(
            f"--okta-rate-limit {args.okta_rate_limit}: give 1 or more requests per minute"
        )
    try:
        return serve_until_signalled(
            base, ports, sync_delay=args.sync_delay, okta_rate_limit=args.okta_rate_limit
        )
    except OSError as exc:
        raise StartupError(f"cannot listen on 127.0.0.1 ({exc}): choose other ports") from None


def sweep_leftovers(args: argparse.Namespace) -> int:
    from dcr_harness._core.transport import Network
    from dcr_harness._safety.sweep import Sweeper, parse_age

    if args.config is None:
        raise StartupError(
            "sweep needs --config FILE: the setup file naming the tenants to clean up"
        )
    try:
        age = parse_age(args.older_than)
        if args.run is not None:
            checked_run_id(args.run)
    except ValueError as exc:
        raise StartupError(str(exc)) from None
    if args.run is None and age < MIN_SWEEP_AGE:
        raise StartupError(
            f"--older-than {args.older_than} would also remove what runs in progress own: "
            "sweep a run that has stopped with --run ID, or give an age of 1h or more"
        )
    config = checked_config(args.config, args.targets)
    network = Network(config)
    try:
        lines = Sweeper(network, age, run_id=args.run, dry_run=args.dry_run).run()
    except VendorError as exc:
        raise StartupError(_refusal(exc, config)) from None
    finally:
        network.close()
    for line in lines:
        print(line)
    scope = f"of run {args.run}" if args.run else f"older than {args.older_than}"
    print(f"sweep: {len(lines)} leftover(s) {scope} with prefix {config.name_prefix}-")
    return 1 if any(line.startswith("could not") for line in lines) else 0


def _refusal(error: VendorError, config: HarnessConfig) -> str:
    """A vendor's refusal of the sweep, in one line naming the credential to fix."""
    if error.status in (401, 403):
        variable = (
            config.konnect.pat_env if error.service != "Okta" else config.konnect.dcr_token_env
        )
        what = "personal access token" if error.service != "Okta" else "DCR token"
        return (
            f"{error.service} refuses the {what} in {variable} ({error.status}): export a "
            f"valid one with rights to list and delete what runs create"
        )
    return f"the sweep stopped: {error}"


if __name__ == "__main__":
    sys.exit(main())
