"""Fake Kong Konnect: the admin API (DCR providers, auth strategies, publishing, portals) and
the Dev Portal API.

Public surface: ``FakeKonnect``, the route names for its fault plan (``ROUTES``,
``ADMIN_ROUTES``, ``PORTAL_ROUTES``) and ``too_many_requests`` (a 429 ``Fault``).
"""

from __future__ import annotations

from dcr_harness.fakes.konnect.app import (
    ADMIN_ROUTES,
    PORTAL_ROUTES,
    ROUTES,
    FakeKonnect,
    too_many_requests,
)

__all__ = ["ADMIN_ROUTES", "PORTAL_ROUTES", "ROUTES", "FakeKonnect", "too_many_requests"]
