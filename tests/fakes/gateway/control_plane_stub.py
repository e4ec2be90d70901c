"""A test-local ControlPlane: what Konnect would push to the data plane, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dcr_harness.fakes.gateway.control_plane import ApiAuthConfig, DataPlaneApplication


@dataclass
class StubControlPlane:
    configs: dict[str, ApiAuthConfig] = field(default_factory=dict)
    published: set[str] = field(default_factory=set)
    apps: dict[str, DataPlaneApplication] = field(default_factory=dict)

    def auth_config_for_api(self, api_id: str) -> ApiAuthConfig | None:
        return self.configs.get(api_id)

    def is_published(self, api_id: str) -> bool:
        return api_id in self.published

    def application_by_client_id(self, client_id: str) -> DataPlaneApplication | None:
        return self.apps.get(client_id)

    def synced_routes(self, now: float) -> list[tuple[str, str, str, bool]]:
        return []

    def reset(self) -> None:
        self.configs.clear()
        self.published.clear()
        self.apps.clear()

    def publish(self, api_id: str, config: ApiAuthConfig | None) -> None:
        self.published.add(api_id)
        if config is not None:
            self.configs[api_id] = config

    def add_app(self, client_id: str, strategy_id: str, *approved: str) -> DataPlaneApplication:
        app = DataPlaneApplication(
            application_id=f"app-{client_id}",
            client_id=client_id,
            auth_strategy_id=strategy_id,
            approved_api_ids=frozenset(approved),
            exhausted_api_ids=frozenset(),
            developer_id=f"dev-{client_id}",
            portal_id="portal-1",
            org_id="org-1",
        )
        self.apps[client_id] = app
        return app

    def exhaust(self, client_id: str, api_id: str) -> None:
        app = self.apps[client_id]
        self.apps[client_id] = replace(app, exhausted_api_ids=app.exhausted_api_ids | {api_id})
