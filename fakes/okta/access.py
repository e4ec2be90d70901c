"""Access policies and their rules of an authorization server, as state (no HTTP)."""

from __future__ import annotations

from dcr_harness.fakes.kit.clock import Clock
from dcr_harness.fakes.kit.ids import IdFactory
from dcr_harness.fakes.okta import errors, lookup
from dcr_harness.fakes.okta.models import AuthorizationServer, Policy, Rule

_STATUSES = ("ACTIVE", "INACTIVE")
_POLICY = "AuthorizationServerPolicy"
_RULE = "AuthorizationServerPolicyRule"


class AccessPolicyState:
    """Policies and rules; a base of ``OktaState``, which provides ``server``."""

    ids: IdFactory
    clock: Clock

    def server(self, server_id: str) -> AuthorizationServer:
        raise NotImplementedError

    def add_policy(
        self,
        server_id: str,
        name: str,
        *,
        clients: list[str] | None = None,
        priority: int = 1,
        status: str = "ACTIVE",
        description: str | None = None,
    ) -> Policy:
        """An access policy; ``clients`` defaults to ``["ALL_CLIENTS"]``."""
        server = self.server(server_id)
        now = self.clock.iso()
        policy = Policy(self.ids.okta_id("00p"), name, description or name, [], created=now)
        self._fill_policy(policy, name, clients, priority, status)
        server.policies[policy.id] = policy
        return policy

    def policy(self, server_id: str, policy_id: str) -> Policy:
        return lookup.get(self.server(server_id).policies, policy_id, _POLICY)

    def replace_policy(
        self,
        server_id: str,
        policy_id: str,
        name: str,
        *,
        clients: list[str] | None = None,
        priority: int = 1,
        status: str = "ACTIVE",
        description: str | None = None,
    ) -> Policy:
        policy = self.policy(server_id, policy_id)
        self._fill_policy(policy, name, clients, priority, status)
        policy.description = description or policy.description
        return policy

    def remove_policy(self, server_id: str, policy_id: str) -> None:
        lookup.pop(self.server(server_id).policies, policy_id, _POLICY)

    def set_policy_status(self, server_id: str, policy_id: str, status: str) -> Policy:
        policy = self.policy(server_id, policy_id)
        policy.status, policy.last_updated = status, self.clock.iso()
        return policy

    def _fill_policy(
        self, policy: Policy, name: str, clients: list[str] | None, priority: int, status: str
    ) -> None:
        require(1 <= len(name.strip()) <= 100, "name", "The field must be 1 to 100 characters.")
        require(status in _STATUSES, "status", f"Invalid value: {status}.")
        require(priority >= 1, "priority", "The priority must be 1 or more.")
        policy.name, policy.clients = name, list(clients or ["ALL_CLIENTS"])
        policy.priority, policy.status = priority, status
        policy.last_updated = self.clock.iso()

    def add_rule(
        self,
        server_id: str,
        policy_id: str,
        name: str,
        *,
        grant_types: list[str] | None = None,
        scopes: list[str] | None = None,
        lifetime_minutes: int = 60,
        priority: int = 1,
        status: str = "ACTIVE",
    ) -> Rule:
        """A rule; grant types default to ``["client_credentials"]``, scopes to ``["*"]``."""
        policy = self.policy(server_id, policy_id)
        now = self.clock.iso()
        rule = Rule(self.ids.okta_id("0pr"), policy_id, name, [], [], created=now)
        self._fill_rule(rule, name, grant_types, scopes, lifetime_minutes, priority, status)
        policy.rules[rule.id] = rule
        return rule

    def rule(self, server_id: str, policy_id: str, rule_id: str) -> Rule:
        return lookup.get(self.policy(server_id, policy_id).rules, rule_id, _RULE)

    def replace_rule(
        self,
        server_id: str,
        policy_id: str,
        rule_id: str,
        name: str,
        *,
        grant_types: list[str] | None = None,
        scopes: list[str] | None = None,
        lifetime_minutes: int = 60,
        priority: int = 1,
        status: str = "ACTIVE",
    ) -> Rule:
        rule = self.rule(server_id, policy_id, rule_id)
        self._fill_rule(rule, name, grant_types, scopes, lifetime_minutes, priority, status)
        return rule

    def remove_rule(self, server_id: str, policy_id: str, rule_id: str) -> None:
        lookup.pop(self.policy(server_id, policy_id).rules, rule_id, _RULE)

    def set_rule_status(self, server_id: str, policy_id: str, rule_id: str, status: str) -> Rule:
        rule = self.rule(server_id, policy_id, rule_id)
        rule.status, rule.last_updated = status, self.clock.iso()
        return rule

    def _fill_rule(
        self,
        rule: Rule,
        name: str,
        grant_types: list[str] | None,
        scopes: list[str] | None,
        lifetime_minutes: int,
        priority: int,
        status: str,
    ) -> None:
        require(bool(name and name.strip()), "name", "The field cannot be left blank.")
        require(
            5 <= lifetime_minutes <= 1440,
            "actions.token.accessTokenLifetimeMinutes",
            "The access token lifetime must be between 5 minutes and 1 day.",
        )
        require(status in _STATUSES, "status", f"Invalid value: {status}.")
        require(priority >= 1, "priority", "The priority must be 1 or more.")
        rule.name = name
        rule.grant_types = list(grant_types or ["client_credentials"])
        rule.scopes = list(scopes or ["*"])
        rule.lifetime_minutes, rule.priority, rule.status = lifetime_minutes, priority, status
        rule.last_updated = self.clock.iso()


def require(condition: bool, field_name: str, message: str) -> None:
    if not condition:
        raise errors.validation_failed(field_name, message)
