"""Okta-shaped faults for ``okta.faults``: queue them on a route name from ``ROUTES``."""

from __future__ import annotations

from dcr_harness.fakes.kit.faults import Fault
from dcr_harness.fakes.okta import errors


def api_fault(
    entry: tuple[int, str], code: str, *args: str, error_id: str = "oaeFaultPlan0000000000000"
) -> Fault:
    """A Management-dialect error, e.g. ``api_fault(errors.E0000009, "E0000009")``."""
    error = errors.api_error(entry, code, *args)
    return Fault(error.status, errors.error_body(error, error_id))


def oauth_fault(entry: tuple[int, str, str], *args: str) -> Fault:
    """An OAuth-dialect error, e.g. ``oauth_fault(errors.NO_MATCHING_POLICY)``."""
    error = errors.oauth_error(entry, *args)
    return Fault(error.status, errors.error_body(error, ""))


def rate_limit_fault(reset_epoch: int, limit: int = 600) -> Fault:
    """429 E0000047 with the ``X-Rate-Limit-*`` headers (Remaining 0)."""
    headers = {
        "X-Rate-Limit-Limit": str(limit),
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": str(reset_epoch),
    }
    error = errors.rate_limited(headers)
    return Fault(error.status, errors.error_body(error, "oaeFaultPlan0000000000000"), headers)
