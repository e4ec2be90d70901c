"""A working fake of one Okta org: custom authorization servers (discovery, JWKS, the
client_credentials token endpoint, introspect, revoke), Dynamic Client Registration and the
Management API parts the DCR how-to uses. See ``app`` for deliberate deviations."""

from __future__ import annotations

from fakes.okta.app import ROUTES, FakeOkta
from fakes.okta.faults import api_fault, oauth_fault, rate_limit_fault

__all__ = ["ROUTES", "FakeOkta", "api_fault", "oauth_fault", "rate_limit_fault"]
