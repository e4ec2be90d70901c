"""Root conftest: loads the harness plugin and the step modules; nothing else."""

pytest_plugins = [
    "dcr_harness.plugin",
    "steps.okta",
    "steps.okta_setup",
    "steps.konnect",
    "steps.portal",
    "steps.gateway",
]
