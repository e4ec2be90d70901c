"""Binds every feature file to pytest; the scenarios' steps live in the sibling modules."""

from pytest_bdd import scenarios

scenarios("okta", "konnect", "portal", "gateway", "journeys")
