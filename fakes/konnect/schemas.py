"""Request-body schemas of the endpoints fake Konnect serves, transcribed from the vendor specs."""

from __future__ import annotations

from dcr_harness.fakes.konnect.validation import (
    BOOLEAN,
    LABELS,
    LABELS_UPDATE,
    Schema,
    array,
    integer,
    obj,
    string,
)

PROVIDER_TYPES = ("auth0", "azureAd", "curity", "okta", "http", "kongIdentity")
STRATEGY_TYPES = ("key_auth", "openid_connect")
STATUSES = ("approved", "pending", "revoked", "rejected")

_NAME = string(min_length=1, max_length=256)
_ISSUER = string(fmt="url", max_length=256)
_S256 = string(max_length=256)
_INITIAL = {"initial_client_id": _S256, "initial_client_secret": _S256}

# Per provider type: (create dcr_config schema, fields the provider reads back, secret fields).
_DCR_CONFIG_PROPS: dict[str, dict[str, Schema]] = {
    "auth0": {
        **_INITIAL,
        "initial_client_audience": string(max_length=256, nullable=True),
        "use_developer_managed_scopes": BOOLEAN,
    },
    "azureAd": dict(_INITIAL),
    "curity": dict(_INITIAL),
    "okta": {"dcr_token": _S256},
    "http": {
        "dcr_base_url": _ISSUER,
        "api_key": string(min_length=12, max_length=256, pattern=r"^[a-zA-Z0-9_]+$"),
        "disable_event_hooks": BOOLEAN,
        "disable_refresh_secret": BOOLEAN,
        "allow_multiple_credentials": BOOLEAN,
    },
    "kongIdentity": {},
}
_DCR_CONFIG_REQUIRED: dict[str, tuple[str, ...]] = {
    "auth0": ("initial_client_id", "initial_client_secret"),
    "azureAd": ("initial_client_id", "initial_client_secret"),
    "curity": ("initial_client_id", "initial_client_secret"),
    "okta": ("dcr_token",),
    "http": ("dcr_base_url", "api_key"),
    "kongIdentity": (),
}
DCR_CONFIG_READABLE: dict[str, tuple[str, ...]] = {
    "auth0": ("initial_client_id", "initial_client_audience", "use_developer_managed_scopes"),
    "azureAd": ("initial_client_id",),
    "curity": ("initial_client_id",),
    "okta": (),
    "http": (
        "dcr_base_url",
        "disable_event_hooks",
        "disable_refresh_secret",
        "allow_multiple_credentials",
    ),
    "kongIdentity": (),
}
DCR_CONFIG_DEFAULTS: dict[str, dict[str, object]] = {
    "auth0": {"initial_client_audience": None, "use_developer_managed_scopes": False},
    "http": {
        "disable_event_hooks": False,
        "disable_refresh_secret": False,
        "allow_multiple_credentials": False,
    },
}

PROVIDER_TYPE_ONLY = obj(
    {"provider_type": string(enum=PROVIDER_TYPES)}, required=("provider_type",), additional=True
)


def create_provider(provider_type: str) -> Schema:
    required: tuple[str, ...] = ("provider_type", "name", "issuer")
    if provider_type != "kongIdentity":
        required += ("dcr_config",)
    config = obj(_DCR_CONFIG_PROPS[provider_type], required=_DCR_CONFIG_REQUIRED[provider_type])
    props = {
        "provider_type": string(enum=PROVIDER_TYPES),
        "name": _NAME,
        "display_name": _NAME,
        "issuer": _ISSUER,
        "labels": LABELS,
        "dcr_config": config,
    }
    return obj(props, required=required, additional=True)


def update_provider(provider_type: str) -> Schema:
    props = {
        "name": _NAME,
        "display_name": _NAME,
        "issuer": _ISSUER,
        "labels": LABELS_UPDATE,
        "dcr_config": obj(_DCR_CONFIG_PROPS[provider_type]),
    }
    return obj(props)


_OIDC_PROPS = {
    "issuer": _ISSUER,
    "credential_claim": array(string(max_length=128), max_items=10),
    "scopes": array(string(max_length=128), max_items=50),
    "auth_methods": array(string(max_length=64), max_items=10),
}
_OIDC = obj(
    _OIDC_PROPS, required=("issuer", "credential_claim", "scopes", "auth_methods"), additional=True
)
_OIDC_PARTIAL = obj(_OIDC_PROPS, additional=True)
_TTL = obj(
    {"value": integer(minimum=1), "unit": string(enum=("days", "weeks", "years"))},
    required=("value", "unit"),
)
_KEY_AUTH_PROPS = {"key_names": array(_S256, min_items=1, max_items=10), "ttl": _TTL}
_PRINCIPALS = obj({"enabled": BOOLEAN}, required=("enabled",))

STRATEGY_TYPE_ONLY = obj(
    {"strategy_type": string(enum=STRATEGY_TYPES)}, required=("strategy_type",), additional=True
)


def create_strategy(strategy_type: str) -> Schema:
    if strategy_type == "openid_connect":
        configs = obj({"openid-connect": _OIDC}, required=("openid-connect",))
    else:
        configs = obj({"key-auth": obj(_KEY_AUTH_PROPS)}, required=("key-auth",))
    props = {
        "name": _NAME,
        "display_name": string(max_length=256),
        "strategy_type": string(enum=STRATEGY_TYPES),
        "configs": configs,
        "labels": LABELS,
        "principals": _PRINCIPALS,
    }
    if strategy_type == "openid_connect":
        props["dcr_provider_id"] = string(fmt="uuid", nullable=True)
    return obj(props, required=("name", "display_name", "strategy_type", "configs"))


def update_strategy(strategy_type: str) -> Schema:
    if strategy_type == "openid_connect":
        configs = obj({"openid-connect": _OIDC_PARTIAL}, required=("openid-connect",))
    else:
        ttl = obj(_TTL.props, required=("value", "unit"), nullable=True)
        configs = obj({"key-auth": obj({**_KEY_AUTH_PROPS, "ttl": ttl})}, required=("key-auth",))
    props = {
        "name": _NAME,
        "display_name": string(max_length=256),
        "labels": LABELS_UPDATE,
        "dcr_provider_id": string(fmt="uuid", nullable=True),
        "configs": configs,
        "principals": _PRINCIPALS,
    }
    return obj(props)


PUBLICATION = obj(
    {
        "auto_approve_registrations": BOOLEAN,
        "auth_strategy_ids": array(string(fmt="uuid"), min_items=1, max_items=1, nullable=True),
        "visibility": string(enum=("public", "private")),
    }
)
DEVELOPER_UPDATE = obj({"status": string(enum=STATUSES)})
REGISTRATION_UPDATE = obj({"status": string(enum=STATUSES)})

REGISTER = obj(
    {"email": string(fmt="email"), "full_name": string(min_length=1, max_length=256)},
    required=("full_name", "email"),
)
AUTHENTICATE = obj({"username": string(), "password": string()}, required=("username", "password"))
VERIFY_EMAIL = obj({"token": string(fmt="uuid")}, required=("token",))
RESET_PASSWORD = obj(
    {"token": string(fmt="uuid"), "password": string()}, required=("password", "token")
)
CREATE_APPLICATION = obj(
    {
        "name": string(max_length=255),
        "client_id": string(max_length=255),
        "redirect_uri": string(fmt="url"),
        "description": string(max_length=255),
        "auth_strategy_id": string(fmt="uuid", nullable=True),
        "scopes": array(string()),
        "team_id": string(fmt="uuid", nullable=True),
    },
    required=("name",),
)
CREATE_REGISTRATION = obj({"api_id": string(fmt="uuid")}, required=("api_id",))
CREATE_CREDENTIAL = obj({"display_name": string(max_length=255)})
UPDATE_CREDENTIAL = obj({"display_name": string(max_length=255)}, required=("display_name",))
API_CREATE = obj(
    {
        "name": string(min_length=1, max_length=255),
        "description": string(nullable=True),
        "version": string(min_length=1, max_length=255, nullable=True),
        "slug": string(nullable=True),
        "labels": LABELS,
        "attributes": obj({}, additional=True),
        "spec_content": string(),
    },
    required=("name",),
)
IMPLEMENTATION = obj(
    {
        "service": obj(
            {"control_plane_id": string(fmt="uuid"), "id": string(fmt="uuid")},
            required=("control_plane_id", "id"),
        )
    },
    required=("service",),
)
# Kong core entities on a control plane ([I]: no vendor spec of this API is in the repository;
# fields as Kong's Admin API names them, unknown fields refused).
GATEWAY_SERVICE = obj(
    {"name": string(min_length=1, max_length=128), "url": string(fmt="url"), "tags": array(_S256)},
    required=("name", "url"),
)
GATEWAY_ROUTE = obj(
    {
        "name": string(min_length=1, max_length=128),
        "paths": array(string(min_length=1), min_items=1),
        "service": obj({"id": string(fmt="uuid")}, required=("id",)),
        "strip_path": BOOLEAN,
        "protocols": array(string(enum=("http", "https"))),
        "tags": array(_S256),
    },
    required=("name", "paths", "service"),
)
_VISIBILITY = string(enum=("public", "private"))
PORTAL_UPDATE = obj(
    {
        "name": string(min_length=1, max_length=255),
        "display_name": string(min_length=1, max_length=255),
        "description": string(max_length=512, nullable=True),
        "authentication_enabled": BOOLEAN,
        "rbac_enabled": BOOLEAN,
        "sipr_enabled": BOOLEAN,
        "default_api_visibility": _VISIBILITY,
        "default_page_visibility": _VISIBILITY,
        "default_application_auth_strategy_id": string(fmt="uuid", nullable=True),
        "auto_approve_developers": BOOLEAN,
        "auto_approve_applications": BOOLEAN,
        "labels": LABELS_UPDATE,
        "notifications_developer_pii_visibility_enabled": BOOLEAN,
    }
)

# Classic portals (API Products v2, Portal Management v2, Dev Portal v2).
_PUBLISH_STATUS = string(enum=("published", "unpublished"))
_LINKED_SERVICE = obj(
    {"control_plane_id": string(fmt="uuid"), "id": string(fmt="uuid")},
    required=("control_plane_id", "id"),
)
PRODUCT_CREATE = obj(
    {
        "name": string(min_length=1),
        "description": string(nullable=True),
        "labels": LABELS,
        "public_labels": LABELS,
        "portal_ids": array(string(fmt="uuid")),
    },
    required=("name",),
)
PRODUCT_UPDATE = obj(
    {
        "name": string(min_length=1),
        "description": string(nullable=True),
        "labels": LABELS_UPDATE,
        "public_labels": LABELS_UPDATE,
        "portal_ids": array(string(fmt="uuid")),
    }
)
PRODUCT_VERSION_CREATE = obj(
    {
        "name": string(min_length=1),
        "publish_status": _PUBLISH_STATUS,
        "deprecated": BOOLEAN,
        "gateway_service": Schema(
            "object",
            props=_LINKED_SERVICE.props,
            required=_LINKED_SERVICE.required,
            additional=False,
            nullable=True,
        ),
        "labels": LABELS,
    },
    required=("name",),
)
PRODUCT_VERSION_UPDATE = obj({**PRODUCT_VERSION_CREATE.props, "notify": BOOLEAN})
_PORTAL_PRODUCT_VERSION_PROPS = {
    "publish_status": _PUBLISH_STATUS,
    "auth_strategy_ids": array(string(fmt="uuid"), max_items=1),
    "application_registration_enabled": BOOLEAN,
    "auto_approve_registration": BOOLEAN,
    "deprecated": BOOLEAN,
}
PORTAL_PRODUCT_VERSION_CREATE = obj(
    {**_PORTAL_PRODUCT_VERSION_PROPS, "product_version_id": string(fmt="uuid")},
    required=(
        "publish_status",
        "application_registration_enabled",
        "auto_approve_registration",
        "product_version_id",
        "deprecated",
        "auth_strategy_ids",
    ),
)
PORTAL_PRODUCT_VERSION_UPDATE = obj({**_PORTAL_PRODUCT_VERSION_PROPS, "notify_developers": BOOLEAN})
PORTAL_PRODUCT_VERSION_REPLACE = obj(
    PORTAL_PRODUCT_VERSION_UPDATE.props,
    required=(
        "publish_status",
        "application_registration_enabled",
        "auto_approve_registration",
        "deprecated",
        "auth_strategy_ids",
    ),
)
CLASSIC_PORTAL_UPDATE = obj(
    {
        "name": string(min_length=1, max_length=255),
        "display_name": string(min_length=1, max_length=255),
        "description": string(max_length=512, nullable=True),
        "is_public": BOOLEAN,
        "rbac_enabled": BOOLEAN,
        "auto_approve_applications": BOOLEAN,
        "auto_approve_developers": BOOLEAN,
        "custom_domain": string(max_length=1024, nullable=True),
        "custom_client_domain": string(max_length=1024, nullable=True),
        "default_application_auth_strategy_id": string(fmt="uuid", nullable=True),
        "labels": LABELS_UPDATE,
    }
)
CLASSIC_CREATE_APPLICATION = obj(
    {
        "name": string(max_length=255),
        "reference_id": string(max_length=255),
        "redirect_uri": string(fmt="url"),
        "auth_strategy_id": string(fmt="uuid", nullable=True),
        "scopes": array(string()),
    },
    required=("name",),
)
CLASSIC_CREATE_REGISTRATION = obj(
    {"product_version_id": string(fmt="uuid"), "scopes": array(string())},
    required=("product_version_id",),
)
