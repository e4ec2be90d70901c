"""Spec validation where a vendor spec contradicts itself; each patch below is a noted deviation.

- konnect-portal-v3 and konnect-portal-v2: ``PortalAuthStrategy`` and ``AuthStrategy`` declare
  ``discriminator: {propertyName: credential_type}`` without ``mapping``. By OpenAPI's rules
  the value would then have to be a schema name (``PortalAuthStrategyClientCredentials``),
  while the same schemas' ``credential_type`` enums, the docs and real Konnect say
  ``client_credentials``, ``self_managed_client_credentials`` or ``key_auth``. We add the mapping.
  ``CredentialListItem`` and ``CredentialCreationResponse`` do the same with ``type``
  (``api_key``, ``client_secret``).
- konnect-portal-management-v2: its ``AuthStrategy`` has the same unmapped discriminator.
- konnect-portal-management-v3: ``ClientCredentialsApplication`` and ``KeyAuthApplication``
  require ``labels``, whose schema ``LabelsUpdate`` is ``writeOnly`` (so it may never appear
  in a response): no response can conform. We drop ``writeOnly`` from ``LabelsUpdate``.

Everything else is the vendor's file unchanged, validated as ``tests.spec_check`` does.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import schemathesis

from tests import spec_check


def _map_credential_type(schemas: dict[str, Any]) -> None:
    for name in ("PortalAuthStrategy", "AuthStrategy"):
        ref = f"#/components/schemas/{name}"
        schemas[name]["discriminator"]["mapping"] = {
            "key_auth": f"{ref}KeyAuth",
            "client_credentials": f"{ref}ClientCredentials",
            "self_managed_client_credentials": f"{ref}ClientCredentials",
        }
    for name, suffix in (("CredentialListItem", "ListItem"), ("CredentialCreationResponse", "")):
        tail = suffix or "CreationResponse"
        schemas[name]["discriminator"]["mapping"] = {
            "api_key": f"#/components/schemas/ApiKeyCredential{tail}",
            "client_secret": f"#/components/schemas/ClientSecretCredential{tail}",
        }


def _map_admin_credential_type(schemas: dict[str, Any]) -> None:
    ref = "#/components/schemas/AuthStrategy"
    schemas["AuthStrategy"]["discriminator"]["mapping"] = {
        "key_auth": f"{ref}KeyAuth",
        "client_credentials": f"{ref}ClientCredentials",
        "self_managed_client_credentials": f"{ref}ClientCredentials",
    }


def _readable_labels(schemas: dict[str, Any]) -> None:
    schemas["LabelsUpdate"].pop("writeOnly", None)


_PATCHES: dict[str, Callable[[dict[str, Any]], None]] = {
    "konnect-portal-v3": _map_credential_type,
    "konnect-portal-v2": _map_credential_type,
    "konnect-portal-management-v2": _map_admin_credential_type,
    "konnect-portal-management-v3": _readable_labels,
}


@cache
def _patched(spec: str) -> Any:
    raw = copy.deepcopy(spec_check.raw_spec(spec))
    _PATCHES[spec](raw["components"]["schemas"])
    return schemathesis.openapi.from_dict(raw)


def assert_patched_conforms(spec: str, method: str, path: str, response: httpx.Response) -> None:
    """``spec_check.assert_conforms`` against the spec with its patch above applied."""
    operation = _patched(spec)[path][method.upper()]
    documented = {str(code) for code in operation.definition.raw.get("responses", {})}
    assert str(response.status_code) in documented, (
        f"{method} {path} answered {response.status_code}; documented: {sorted(documented)}"
    )
    if not hasattr(response, "_elapsed"):
        response.elapsed = datetime.timedelta(0)
    operation.validate_response(response)


def assert_portal_conforms(method: str, path: str, response: httpx.Response) -> None:
    """The Dev Portal v3 spec; unpatched whenever no auth strategy is in the body."""
    if b"credential_type" not in response.content and b'"type": "client_secret"' not in (
        response.content
    ):
        spec_check.assert_conforms("konnect-portal-v3", method, path, response)
        return
    assert_patched_conforms("konnect-portal-v3", method, path, response)
