"""dcr-harness: executable verification of Okta as the DCR provider of Kong Konnect's Dev Portal.

The public surface is what ``__all__`` names here, plus the step texts (``dcr-harness steps``)
and the fixtures listed in ``FIXTURES``, which the pytest plugin (entry point ``dcr_harness``)
provides to every run. Everything in a module or package whose name starts with ``_``, and the
fakes, may change without notice: a team's conftest imports from ``dcr_harness`` only.

PYTEST_DONT_REWRITE: the CLI imports this package before it starts pytest in-process.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from dcr_harness._core.attempt import Attempt, attempt
from dcr_harness._core.auth import BearerAuth, SswsAuth, basic_header
from dcr_harness._core.clients.gateway import DataPlane
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import ConfigError, HarnessConfig, Secrets, load_config
from dcr_harness._core.errors import VendorError
from dcr_harness._core.models import (
    AccessToken,
    AuthStrategy,
    ClientCredentials,
    DcrProvider,
    Discovery,
    GatewayAnswer,
    OktaClient,
    PortalApplication,
    Registration,
)
from dcr_harness._core.transport import Network
from dcr_harness._diagnosis.checks import SetupError, check, fail
from dcr_harness._safety.ledger import CleanupLedger

try:
    __version__ = version("dcr-harness")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"

FIXTURES = (
    "harness_config",
    "network",
    "run_id",
    "run_name",
    "ledger",
    "okta_admin",
    "okta_dcr",
    "okta_oauth",
    "okta_as",
    "konnect",
    "dev_portal",
    "data_plane",
    "explainer",
    "vendor_overrides",
)

__all__ = [
    "FIXTURES",
    "AccessToken",
    "Attempt",
    "AuthStrategy",
    "BearerAuth",
    "CleanupLedger",
    "ClientCredentials",
    "ConfigError",
    "DataPlane",
    "DcrProvider",
    "DevPortal",
    "Discovery",
    "GatewayAnswer",
    "HarnessConfig",
    "KonnectAdmin",
    "Network",
    "OktaAuthorizationServer",
    "OktaClient",
    "OktaManagement",
    "PortalApplication",
    "Registration",
    "Secrets",
    "SetupError",
    "SswsAuth",
    "VendorError",
    "__version__",
    "attempt",
    "basic_header",
    "check",
    "fail",
    "load_config",
]
