"""Fake Kong data plane: the konnect-application-auth plugin in front of an upstream echo."""

from dcr_harness.fakes.gateway.app import FakeGateway
from dcr_harness.fakes.gateway.state import Route

__all__ = ["FakeGateway", "Route"]
