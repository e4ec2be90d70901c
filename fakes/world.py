"""The fakes wired together, seeded from the harness configuration as if the how-to's Okta
steps had been done: an API token, the custom scopes, the ``app.clientId`` claim and the access
policy rule the how-to forgets; on the Konnect side a PAT, a Dev Portal with an approved
developer, and an API linked to the data plane's route.

Fake Konnect and the fake data plane reach Okta through ``outgoing``, the harness's own routing
transport, so with a live Okta they really call it.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from dcr_harness._core.config import HarnessConfig, Secrets, Targets
from dcr_harness.fakes.gateway import FakeGateway
from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.konnect import FakeKonnect
from dcr_harness.fakes.okta import FakeOkta

Handler = Callable[[httpx.Request], httpx.Response]
ClientFactory = Callable[..., httpx.Client]


class FakeWorld:
    def __init__(
        self, config: HarnessConfig, secrets: Secrets, client: ClientFactory, *, seed: int = 0
    ) -> None:
        self.config = config
        self.secrets = secrets
        self.ids = IdFactory(seed)
        self.clock = Clock()
        outgoing = client()
        self.okta = FakeOkta(config.okta.org_url, ids=self.ids, clock=self.clock)
        self.konnect = FakeKonnect(
            config.konnect.api_url,
            config.konnect.portal_url,
            http=outgoing,
            ids=self.ids,
            clock=self.clock,
        )
        self.gateway = FakeGateway(
            config.gateway.url, control_plane=self.konnect.state, http=outgoing, clock=self.clock
        )
        self.reset()

    def handlers(self, targets: Targets) -> dict[str, Handler]:
        """The base URL of every fake service the targets ask for, with its handler."""
        mounted: dict[str, Handler] = {}
        if targets.okta == "fake":
            mounted[self.config.okta.org_url] = self.okta.handle
        if targets.konnect == "fake":
            mounted[self.config.konnect.api_url] = self.konnect.handle_admin
            mounted[self.config.konnect.portal_url] = self.konnect.handle_portal
        if targets.gateway == "fake":
            mounted[self.config.gateway.url] = self.gateway.handle
        return mounted

    def reset(self) -> None:
        """Every fake back to its seeded state; cheap enough to run before each scenario."""
        self.ids.reset()
        self.clock.reset()
        self.okta.reset()
        self.konnect.reset()
        self.gateway.reset()
        self._seed_okta()
        self._seed_konnect_and_gateway()

    def _seed_okta(self) -> None:
        okta = self.config.okta
        self.okta.seed_api_token(self.secrets.okta_api_token, name="dcr-harness")
        if self.secrets.dcr_token != self.secrets.okta_api_token:
            self.okta.seed_api_token(self.secrets.dcr_token, name="DCR token")
        server = okta.authorization_server
        if server not in self.okta.state.servers:
            self.okta.state.add_authorization_server(
                f"{server} (dcr-harness)", [f"api://{server}"], server_id=server
            )
        for scope in okta.scopes:
            self.okta.state.add_scope(server, scope, description=f"{scope} (dcr-harness)")
        if okta.claim is not None:
            self.okta.state.add_claim(server, okta.claim.name, okta.claim.value)
        if okta.access_policy is not None:
            rule_setup = okta.access_policy
            policy = self.okta.state.add_policy(server, rule_setup.name)
            self.okta.state.add_rule(
                server,
                policy.id,
                f"{rule_setup.name} rule",
                grant_types=list(rule_setup.grant_types),
                scopes=list(rule_setup.scopes),
            )

    def _seed_konnect_and_gateway(self) -> None:
        konnect = self.config.konnect
        self.konnect.seed_pat(self.secrets.konnect_pat)
        classic = konnect.portal_api == "v2"
        self.konnect.seed_portal(konnect.portal_name, classic=classic)
        self.konnect.seed_developer(
            konnect.developer_email, self.secrets.developer_password, full_name="QA Developer"
        )
        self.konnect.seed_control_plane(konnect.control_plane)
        # the team's own API (on a classic portal, its product's version), routed at its route
        if classic:
            scope = self.konnect.seed_product_version(konnect.api_name, konnect.product_version).id
        else:
            scope = self.konnect.seed_api(konnect.api_name).id
        self.gateway.seed_route(self.config.gateway.route, scope)
        if konnect.reuse_existing:
            self._seed_konnect_configuration(scope)

    def _seed_konnect_configuration(self, api_id: str) -> None:
        """The how-to's Konnect steps done beforehand, for ``konnect.reuse_existing``: the DCR
        provider and auth strategy named in the setup, and the API published with them."""
        konnect = self.config.konnect
        setup = konnect.auth_strategy
        issuer = konnect.issuer or self.config.okta.issuer
        admin = httpx.Client(
            transport=httpx.MockTransport(self.konnect.handle_admin),
            base_url=konnect.api_url,
            headers={"Authorization": f"Bearer {self.secrets.konnect_pat}"},
        )
        with admin:
            provider = admin.post(
                "/v2/dcr-providers",
                json={
                    "name": konnect.provider_name,
                    "provider_type": "okta",
                    "issuer": issuer,
                    "dcr_config": {"dcr_token": self.secrets.dcr_token},
                },
            ).json()
            strategy = admin.post(
                "/v2/application-auth-strategies",
                json={
                    "name": setup.name,
                    "display_name": setup.display_name,
                    "strategy_type": setup.strategy_type,
                    "configs": {
                        "openid-connect": {
                            "issuer": setup.issuer or issuer,
                            "scopes": list(setup.scopes),
                            "credential_claim": list(setup.credential_claim),
                            "auth_methods": list(setup.auth_methods),
                        }
                    },
                    "dcr_provider_id": provider["id"],
                },
            ).json()
            if konnect.portal_api == "v2":
                portal = admin.get("/v2/portals").json()["data"][0]
                admin.post(
                    f"/v2/portals/{portal['id']}/product-versions",
                    json={
                        "product_version_id": api_id,
                        "auth_strategy_ids": [strategy["id"]],
                        "publish_status": "published",
                        "application_registration_enabled": True,
                        "auto_approve_registration": konnect.auto_approve_registrations,
                        "deprecated": False,
                    },
                ).raise_for_status()
                return
            portal = admin.get("/v3/portals").json()["data"][0]
            admin.put(
                f"/v3/apis/{api_id}/publications/{portal['id']}",
                json={
                    "auth_strategy_ids": [strategy["id"]],
                    "auto_approve_registrations": konnect.auto_approve_registrations,
                },
            ).raise_for_status()
