"""Fake Kong data plane: the konnect-application-auth plugin in front of an upstream echo."""

from fakes.gateway.app import FakeGateway
from fakes.gateway.state import Route

__all__ = ["FakeGateway", "Route"]
