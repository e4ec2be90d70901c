"""Working, stateful fakes of Okta, Konnect (admin and Dev Portal APIs) and the Kong data plane.

Each fake is state (plain Python) plus a sync ``handle(httpx.Request) -> httpx.Response`` router,
so it mounts in-process through ``httpx.MockTransport`` and serves over HTTP through
``fakes.kit.server``. Harness clients never import this package; only the transport
(``dcr_harness._core.transport``) does.
"""
