"""Binds our .feature files; the steps come from dcr-harness and from conftest.py."""

from pytest_bdd import scenarios

scenarios("features")
