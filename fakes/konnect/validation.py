"""The ``invalid_parameters`` rules: a small schema language mirroring the OpenAPI request schemas.

Each violation becomes one ``{field, rule, reason, source}`` entry (``choices`` for enums,
``minimum``/``maximum`` for lengths), with nested fields written as dotted paths
(``configs.openid-connect.issuer``, ``labels.env``) and array items as ``scopes[0]``.
Rules come from the spec's ``invalid_parameters`` enums; a bad ``format: url`` uses ``invalid``
(the spec has no ``is_url`` rule).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from dcr_harness.fakes.konnect.errors import bad_request

_LABEL_VALUE = re.compile(r"^[a-z0-9A-Z]{1}([a-z0-9A-Z-._]*[a-z0-9A-Z]+)?$")
_RESERVED_LABEL_PREFIXES = ("kong", "konnect", "mesh", "kic", "_")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Schema:
    type: str  # string, boolean, integer, array, object, labels, any
    props: dict[str, Schema] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    additional: bool = True
    enum: tuple[str, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    fmt: str | None = None  # uuid, url, email
    pattern: str | None = None
    nullable: bool = False
    items: Schema | None = None
    null_values: bool = False  # labels in PATCH: a null value removes the key
    minimum: int | None = None  # of an integer


def string(
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    fmt: str | None = None,
    enum: tuple[str, ...] | None = None,
    pattern: str | None = None,
    nullable: bool = False,
) -> Schema:
    return Schema(
        "string",
        min_length=min_length,
        max_length=max_length,
        fmt=fmt,
        enum=enum,
        pattern=pattern,
        nullable=nullable,
    )


def obj(
    props: dict[str, Schema],
    *,
    required: tuple[str, ...] = (),
    additional: bool = False,
    nullable: bool = False,
) -> Schema:
    return Schema(
        "object", props=props, required=required, additional=additional, nullable=nullable
    )


def array(
    items: Schema,
    *,
    min_items: int | None = None,
    max_items: int | None = None,
    nullable: bool = False,
) -> Schema:
    return Schema("array", items=items, min_items=min_items, max_items=max_items, nullable=nullable)


BOOLEAN = Schema("boolean")
INTEGER = Schema("integer")


def integer(*, minimum: int | None = None) -> Schema:
    return Schema("integer", minimum=minimum)


ANY = Schema("any")
LABELS = Schema("labels")
LABELS_UPDATE = Schema("labels", nullable=True, null_values=True)


def check(value: Any, schema: Schema, source: str = "body") -> None:
    """Raise the 400 problem for every violation of ``schema`` in ``value``."""
    problems = violations(value, schema, "", source)
    if problems:
        raise bad_request(problems)


def violations(value: Any, schema: Schema, path: str, source: str) -> list[dict[str, Any]]:
    name = path or "body"
    if value is None:
        if schema.nullable or schema.type == "any":
            return []
        return [_entry(name, "is_null", f"{name} must not be null", source)]
    kind = schema.type
    if kind == "any":
        return []
    if kind == "string":
        return _string(value, schema, name, source)
    if kind == "boolean":
        if isinstance(value, bool):
            return []
        return [_entry(name, "is_boolean", f'value of "{name}" must be true or false', source)]
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [_entry(name, "is_integer", f"{name} must be an integer", source)]
        if schema.minimum is not None and value < schema.minimum:
            reason = f"{name} must be at least {schema.minimum}"
            return [{**_entry(name, "min", reason, source), "minimum": schema.minimum}]
        return []
    if kind == "array":
        return _array(value, schema, name, source)
    if kind == "labels":
        return _labels(value, schema, name, source)
    return _object(value, schema, path, source)


def _string(value: Any, schema: Schema, name: str, source: str) -> list[dict[str, Any]]:
    if not isinstance(value, str):
        return [_entry(name, "is_string", f"{name} must be a string", source)]
    if schema.enum is not None and value not in schema.enum:
        entry = _entry(name, "enum", f"{name} must be one of: {', '.join(schema.enum)}", source)
        return [{**entry, "choices": list(schema.enum)}]
    if schema.min_length is not None and len(value) < schema.min_length:
        reason = f"{name} must have at least {schema.min_length} characters"
        return [{**_entry(name, "min_length", reason, source), "minimum": schema.min_length}]
    if schema.max_length is not None and len(value) > schema.max_length:
        reason = f"{name} must have at most {schema.max_length} characters"
        return [{**_entry(name, "max_length", reason, source), "maximum": schema.max_length}]
    if schema.fmt == "uuid" and not is_uuid(value):
        return [_entry(name, "is_uuid", f"{name} must be a valid UUID", source)]
    if schema.fmt == "url" and not is_url(value):
        return [_entry(name, "invalid", f"{name} must be a valid URL", source)]
    if schema.fmt == "email" and not _EMAIL.match(value):
        return [_entry(name, "invalid", f"{name} must be a valid email address", source)]
    if schema.pattern is not None and not re.fullmatch(schema.pattern, value):
        return [_entry(name, "matches_regex", f"{name} must match {schema.pattern}", source)]
    return []


def _array(value: Any, schema: Schema, name: str, source: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return [_entry(name, "is_array", f"{name} must be an array", source)]
    if schema.min_items is not None and len(value) < schema.min_items:
        reason = f"{name} must have at least {schema.min_items} items"
        return [{**_entry(name, "min_items", reason, source), "minimum": schema.min_items}]
    if schema.max_items is not None and len(value) > schema.max_items:
        reason = f"{name} must have at most {schema.max_items} items"
        return [{**_entry(name, "max_items", reason, source), "maximum": schema.max_items}]
    problems: list[dict[str, Any]] = []
    if schema.items is not None:
        for index, item in enumerate(value):
            problems += violations(item, schema.items, f"{name}[{index}]", source)
    return problems


def _object(value: Any, schema: Schema, path: str, source: str) -> list[dict[str, Any]]:
    name = path or "body"
    if not isinstance(value, dict):
        return [_entry(name, "is_object", f"{name} must be an object", source)]
    prefix = f"{path}." if path else ""
    problems: list[dict[str, Any]] = []
    for key in schema.required:
        if key not in value:
            problems.append(_entry(prefix + key, "required", f"{prefix + key} is required", source))
    for key, item in value.items():
        sub = schema.props.get(key)
        if sub is None:
            if not schema.additional:
                reason = f"{prefix + key} is an unknown property"
                problems.append(_entry(prefix + key, "unknown_property", reason, source))
            continue
        problems += violations(item, sub, prefix + key, source)
    return problems


def _labels(value: Any, schema: Schema, name: str, source: str) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        return [_entry(name, "is_object", f"{name} must be an object", source)]
    if len(value) > 50:
        return [{**_entry(name, "max", f"{name} must have at most 50 keys", source), "maximum": 50}]
    problems: list[dict[str, Any]] = []
    for key, item in value.items():
        field_name = f"{name}.{key}"
        if not 1 <= len(key) <= 63 or key.startswith(_RESERVED_LABEL_PREFIXES):
            reason = (
                f"label key {key!r} must be 1-63 characters and must not start with "
                '"kong", "konnect", "mesh", "kic" or "_"'
            )
            problems.append(_entry(field_name, "is_label", reason, source))
        elif item is None and schema.null_values:
            continue
        elif not isinstance(item, str) or not 1 <= len(item) <= 63 or not _LABEL_VALUE.match(item):
            reason = (
                f"label value of {key!r} must be 1-63 characters matching {_LABEL_VALUE.pattern}"
            )
            problems.append(_entry(field_name, "is_label", reason, source))
    return problems


def _entry(name: str, rule: str, reason: str, source: str) -> dict[str, Any]:
    return {"field": name, "rule": rule, "reason": reason, "source": source}


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def merge_labels(current: dict[str, str], update: dict[str, Any] | None) -> dict[str, str]:
    """PATCH semantics of ``LabelsUpdate``: null clears all, a null value removes its key."""
    if update is None:
        return {}
    merged = dict(current)
    for key, item in update.items():
        if item is None:
            merged.pop(key, None)
        else:
            merged[key] = item
    return merged
