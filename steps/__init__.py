"""The step library: the how-to's words bound to the harness clients, one module per domain.

Registered as pytest plugins by ``dcr_harness``'s entry point, so every step is available to
any ``.feature`` file a team binds with ``pytest_bdd.scenarios``. The step texts are a public
interface (README, "Step library"; ``dcr-harness steps`` lists them).
"""

STEP_MODULES = (
    "dcr_harness.steps.okta",
    "dcr_harness.steps.okta_setup",
    "dcr_harness.steps.konnect",
    "dcr_harness.steps.auth_strategy",
    "dcr_harness.steps.portal",
    "dcr_harness.steps.registrations",
    "dcr_harness.steps.gateway",
)
