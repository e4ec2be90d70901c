"""Reading the harness's JUnit XML in tests: testcases carry the scenario's own name."""

from __future__ import annotations

from pytest_bdd.scenario import get_python_name_generator


def test_name(scenario: str) -> str:
    """The test function pytest-bdd makes of a scenario, ``test_a_claim_named_...``: the
    identifiers the tests select scenarios by."""
    return str(next(iter(get_python_name_generator(scenario))))


test_name.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
