"""Root conftest: loads the harness plugin and the step modules; nothing else."""

pytest_plugins = [
    "dcr_harness.plugin",
    "dcr_harness.findings",
    "steps.okta",
    "steps.okta_setup",
    "steps.konnect",
    "steps.auth_strategy",
    "steps.portal",
    "steps.gateway",
]
