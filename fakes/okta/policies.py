"""Management API: access policies and their rules of an authorization server."""

from __future__ import annotations

from typing import Any

import httpx

from dcr_harness.fakes.okta import errors
from dcr_harness.fakes.okta.management import SERVER
from dcr_harness.fakes.okta.state import OktaState
from dcr_harness.fakes.okta.views import policy_json, rule_json
from dcr_harness.fakes.okta.web import json_object, json_response, no_content

ROUTES = (
    "policies.list", "policies.create", "policies.get", "policies.replace", "policies.delete",
    "policies.activate", "policies.deactivate",
    "rules.list", "rules.create", "rules.get", "rules.replace", "rules.delete",
    "rules.activate", "rules.deactivate",
)  # fmt: skip

POLICIES = SERVER + "/policies"
POLICY = POLICIES + "/{policy_id}"
RULES = POLICY + "/rules"
RULE = RULES + "/{rule_id}"


class AccessPolicies:
    def __init__(self, state: OktaState) -> None:
        self.state = state
        self.org = state.org_url

    def routes(self) -> list[tuple[str, str, str, Any]]:
        return [
            ("GET", POLICIES, "policies.list", self.list_policies),
            ("POST", POLICIES, "policies.create", self.create_policy),
            ("GET", POLICY, "policies.get", self.get_policy),
            ("PUT", POLICY, "policies.replace", self.replace_policy),
            ("DELETE", POLICY, "policies.delete", self.delete_policy),
            ("POST", POLICY + "/lifecycle/activate", "policies.activate", self.activate_policy),
            (
                "POST",
                POLICY + "/lifecycle/deactivate",
                "policies.deactivate",
                self.deactivate_policy,
            ),
            ("GET", RULES, "rules.list", self.list_rules),
            ("POST", RULES, "rules.create", self.create_rule),
            ("GET", RULE, "rules.get", self.get_rule),
            ("PUT", RULE, "rules.replace", self.replace_rule),
            ("DELETE", RULE, "rules.delete", self.delete_rule),
            ("POST", RULE + "/lifecycle/activate", "rules.activate", self.activate_rule),
            ("POST", RULE + "/lifecycle/deactivate", "rules.deactivate", self.deactivate_rule),
        ]

    # -- policies ------------------------------------------------------------------------------

    def list_policies(self, request: httpx.Request, server_id: str) -> httpx.Response:
        policies = sorted(self.state.server(server_id).policies.values(), key=lambda p: p.priority)
        return json_response(200, [policy_json(self.org, server_id, p) for p in policies])

    def create_policy(self, request: httpx.Request, server_id: str) -> httpx.Response:
        self.state.server(server_id)
        name, options = _policy_fields(json_object(request))
        policy = self.state.add_policy(server_id, name, **options)
        return json_response(201, policy_json(self.org, server_id, policy))

    def get_policy(self, request: httpx.Request, server_id: str, policy_id: str) -> httpx.Response:
        policy = self.state.policy(server_id, policy_id)
        return json_response(200, policy_json(self.org, server_id, policy))

    def replace_policy(
        self, request: httpx.Request, server_id: str, policy_id: str
    ) -> httpx.Response:
        self.state.policy(server_id, policy_id)
        name, options = _policy_fields(json_object(request))
        policy = self.state.replace_policy(server_id, policy_id, name, **options)
        return json_response(200, policy_json(self.org, server_id, policy))

    def delete_policy(
        self, request: httpx.Request, server_id: str, policy_id: str
    ) -> httpx.Response:
        self.state.remove_policy(server_id, policy_id)
        return no_content()

    def activate_policy(
        self, request: httpx.Request, server_id: str, policy_id: str
    ) -> httpx.Response:
        self.state.set_policy_status(server_id, policy_id, "ACTIVE")
        return no_content()

    def deactivate_policy(
        self, request: httpx.Request, server_id: str, policy_id: str
    ) -> httpx.Response:
        self.state.set_policy_status(server_id, policy_id, "INACTIVE")
        return no_content()

    # -- rules ---------------------------------------------------------------------------------

    def list_rules(self, request: httpx.Request, server_id: str, policy_id: str) -> httpx.Response:
        rules = sorted(
            self.state.policy(server_id, policy_id).rules.values(), key=lambda r: r.priority
        )
        return json_response(200, [rule_json(self.org, server_id, r) for r in rules])

    def create_rule(self, request: httpx.Request, server_id: str, policy_id: str) -> httpx.Response:
        self.state.policy(server_id, policy_id)
        name, options = _rule_fields(json_object(request))
        rule = self.state.add_rule(server_id, policy_id, name, **options)
        return json_response(201, rule_json(self.org, server_id, rule))

    def get_rule(
        self, request: httpx.Request, server_id: str, policy_id: str, rule_id: str
    ) -> httpx.Response:
        rule = self.state.rule(server_id, policy_id, rule_id)
        return json_response(200, rule_json(self.org, server_id, rule))

    def replace_rule(
        self, request: httpx.Request, server_id: str, policy_id: str, rule_id: str
    ) -> httpx.Response:
        self.state.rule(server_id, policy_id, rule_id)
        name, options = _rule_fields(json_object(request))
        rule = self.state.replace_rule(server_id, policy_id, rule_id, name, **options)
        return json_response(200, rule_json(self.org, server_id, rule))

    def delete_rule(
        self, request: httpx.Request, server_id: str, policy_id: str, rule_id: str
    ) -> httpx.Response:
        self.state.remove_rule(server_id, policy_id, rule_id)
        return no_content()

    def activate_rule(
        self, request: httpx.Request, server_id: str, policy_id: str, rule_id: str
    ) -> httpx.Response:
        self.state.set_rule_status(server_id, policy_id, rule_id, "ACTIVE")
        return no_content()

    def deactivate_rule(
        self, request: httpx.Request, server_id: str, policy_id: str, rule_id: str
    ) -> httpx.Response:
        self.state.set_rule_status(server_id, policy_id, rule_id, "INACTIVE")
        return no_content()


def _policy_fields(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if body.get("type", "OAUTH_AUTHORIZATION_POLICY") != "OAUTH_AUTHORIZATION_POLICY":
        raise errors.validation_failed("type", "The type must be OAUTH_AUTHORIZATION_POLICY.")
    name = _name(body)
    clients = _strings(body, "conditions", "clients", "include")
    return name, {
        "clients": clients,
        "priority": _integer(body, "priority", 1),
        "status": body.get("status") or "ACTIVE",
        "description": body.get("description")
        if isinstance(body.get("description"), str)
        else None,
    }


def _rule_fields(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if body.get("type") != "RESOURCE_ACCESS":
        raise errors.validation_failed("type", "The type must be RESOURCE_ACCESS.")
    name = _name(body)
    grants = _strings(body, "conditions", "grantTypes", "include")
    scopes = _strings(body, "conditions", "scopes", "include")
    token = ((body.get("actions") or {}).get("token")) or {}
    lifetime = token.get("accessTokenLifetimeMinutes", 60)
    if not isinstance(lifetime, int) or isinstance(lifetime, bool):
        raise errors.validation_failed("actions.token.accessTokenLifetimeMinutes", "Not a number.")
    return name, {
        "grant_types": grants,
        "scopes": scopes,
        "lifetime_minutes": lifetime,
        "priority": _integer(body, "priority", 1),
        "status": body.get("status") or "ACTIVE",
    }


def _name(body: dict[str, Any]) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise errors.validation_failed("name", "The field cannot be left blank.")
    return name


def _strings(body: dict[str, Any], *keys: str) -> list[str]:
    """The non-empty array of strings at the path ``keys``; else 400 E0000001 on that path."""
    node: Any = body
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if node is None:
        node = []
    if not isinstance(node, list) or not all(isinstance(v, str) for v in node):
        raise errors.validation_failed(".".join(keys), "The field must be an array of strings.")
    if not node:
        raise errors.validation_failed(".".join(keys), "The field cannot be left blank.")
    return list(node)


def _integer(body: dict[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise errors.validation_failed(name, "The field must be a number.")
    return value
