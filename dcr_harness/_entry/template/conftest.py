"""Our own steps, next to dcr-harness's step library (list it with: dcr-harness steps).

The harness's fixtures are available by name. ``vendor_overrides`` is a respx router in front
of Okta, Konnect, the Dev Portal and the data plane, fake or live: a route's answer replaces the
vendor's, and a side effect that returns None lets the request through to the vendor.
"""

from __future__ import annotations

import httpx
import respx
from pytest_bdd import given, then

from dcr_harness import HarnessConfig


@given("Okta's key set answers 503 once", target_fixture="key_set_route")
def _(vendor_overrides: respx.Router, harness_config: HarnessConfig) -> respx.Route:
    answers = iter([httpx.Response(503, json={"errorCode": "E0000009"})])
    return vendor_overrides.get(f"{harness_config.okta.issuer}/v1/keys").mock(
        side_effect=lambda request: next(answers, None)
    )


@then("Okta answered 503 to the first request for its key set")
def _(key_set_route: respx.Route) -> None:
    assert key_set_route.call_count == 1, f"the 503 was served {key_set_route.call_count} times"
    assert key_set_route.calls.last.response.status_code == 503
