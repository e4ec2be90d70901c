"""``dcr-harness``: run the feature suite against the built-in fakes or a configured setup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from dcr_harness.config import ConfigError, load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORTS = PROJECT_ROOT / "reports"
EXIT_CONFIG_ERROR = 4  # pytest's usage-error code: distinct from 1 (a scenario failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dcr-harness", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="run the feature suite; further arguments go to pytest",
        description="Run the how-to's scenarios. Unknown arguments are passed to pytest, "
        "e.g. --howto add-claim, -k 'wrong secret', -x.",
    )
    run.add_argument("--config", help="YAML file describing the setup under test")
    run.add_argument(
        "--reports", type=Path, default=REPORTS, help="folder for allure results and junit.xml"
    )
    args, pytest_args = parser.parse_known_args(argv)
    if args.command == "run":
        return run_suite(args.config, pytest_args, args.reports)
    return 2


def run_suite(config: str | None, pytest_args: list[str], reports: Path = REPORTS) -> int:
    if config is not None:
        try:
            load_config(config)
        except ConfigError as exc:
            print(f"dcr-harness: {exc}", file=sys.stderr)
            return EXIT_CONFIG_ERROR
    features = PROJECT_ROOT / "steps" / "test_howto.py"
    if not features.exists():
        print(
            f"dcr-harness: the feature suite is not at {features}: run from a checkout "
            "installed with pip install -e .",
            file=sys.stderr,
        )
        return EXIT_CONFIG_ERROR
    reports.mkdir(parents=True, exist_ok=True)
    args = [
        str(features),
        f"--rootdir={PROJECT_ROOT}",
        f"--alluredir={reports / 'allure-results'}",
        "--clean-alluredir",
        f"--junitxml={reports / 'junit.xml'}",
        "-p",
        "no:cacheprovider",
    ]
    if config is not None:
        args.append(f"--dcr-config={config}")
    return int(pytest.main(args + pytest_args))


if __name__ == "__main__":
    sys.exit(main())
