"""Derive the facts-only copy of the vendor specs in this folder from the upstream files.

The upstream files (Okta's and Kong's OpenAPI specs and Okta's error catalogues, with a
``SOURCES.md`` per vendor naming repository, path, commit and sha256) live outside the
repository, in ``../shared/specs``. The project's tests only read the copy made here, so a
clone needs nothing beside it. Run, from the repository root::

    python -m tests.specs.derive [UPSTREAM_SPECS_DIR]

What the copy keeps: paths, operations, parameters, request and response schemas, status
codes, servers, and the error codes with the texts the fakes must reproduce. What it drops is
the vendors' prose: descriptions, summaries, titles of schemas, examples, external docs, tags'
texts and ``x-`` extensions. A response object keeps an empty ``description`` because OpenAPI
3.0 requires the field.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
UPSTREAM_DEFAULT = HERE.parents[2] / "shared" / "specs"
SOURCES_FILE = "SOURCES.json"

# upstream file (relative to the upstream specs folder) -> derived file in this folder
OPENAPI = {
    "okta/management-minimal.yaml": "okta-management.json",
    "okta/oauth-minimal.yaml": "okta-oauth.json",
    "konnect/application-auth-strategies/v2/openapi.yaml": "konnect-auth-strategies-v2.json",
    "konnect/dev-portal/v3/openapi.yaml": "konnect-dev-portal-v3.json",
    "konnect/dev-portal/v2/openapi.yaml": "konnect-dev-portal-v2.json",
    "konnect/portal-management/v3/openapi.yaml": "konnect-portal-management-v3.json",
    "konnect/portal-management/v2/openapi.yaml": "konnect-portal-management-v2.json",
    "konnect/api-builder/v3/openapi.yaml": "konnect-api-builder-v3.json",
    "konnect/http-dcr-bridge/openapi/openapi.yaml": "konnect-http-dcr-bridge.json",
}
# error catalogues: which fields of each entry are facts (codes and the texts Okta answers)
CATALOGUES = {
    "okta/error-codes.json": (
        "okta-error-codes.json",
        ("statusCode", "errorCode", "errorSummary"),
    ),
    "okta/oauth2-error-codes.json": (
        "okta-oauth2-error-codes.json",
        ("statusCode", "errorCode", "internalErrorCode", "errorDescription"),
    ),
}
LICENCES = {
    "okta/okta-management-openapi-spec": "Apache-2.0",
    "okta/okta-developer-docs": "Apache-2.0",
    "Kong/developer.konghq.com": "MIT",
    "Kong/konnect-portal-dcr-handler": "Apache-2.0",
}
MODIFICATION = (
    "derived by tests/specs/derive.py: descriptions, summaries, schema titles, examples, "
    "external docs, tag texts and x- extensions removed; converted to JSON"
)

PROSE = {"description", "summary", "title", "example", "examples", "externalDocs"}
# keys whose value maps names (of properties, paths, status codes, media types...) to objects
NAME_MAPS = {
    "properties",
    "patternProperties",
    "paths",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "content",
    "encoding",
    "links",
    "callbacks",
    "variables",
    "definitions",
    "$defs",
}
VERBATIM = {"enum", "default", "const", "required", "mapping", "security"}
TOP_LEVEL_DROPPED = {"tags", "x-tagGroups", "x-webhooks", "externalDocs"}


class UpstreamError(Exception):
    """The upstream folder is missing a file or disagrees with its SOURCES.md."""


@dataclass(frozen=True)
class Provenance:
    repository: str
    path: str
    commit: str
    sha256: str


def strip_prose(node: Any) -> Any:
    """The OpenAPI document without prose, walking keywords and names apart so that a property
    named ``description`` survives while the keyword ``description`` goes."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return _plain(node)
    kept: dict[str, Any] = {}
    for name, value in node.items():
        if name in PROSE or name.startswith("x-"):
            continue
        if name in VERBATIM:
            kept[name] = _plain_tree(value)
        elif name in NAME_MAPS and isinstance(value, dict):
            kept[name] = {
                member: _response(strip_prose(item)) if name == "responses" else strip_prose(item)
                for member, item in value.items()
                if not member.startswith("x-")
            }
        else:
            kept[name] = strip_prose(value)
    return kept


def _response(response: Any) -> Any:
    if isinstance(response, dict) and "$ref" not in response:
        return {"description": "", **response}
    return response


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _plain_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_tree(v) for k, v in value.items() if not k.startswith("x-")}
    if isinstance(value, list):
        return [_plain_tree(v) for v in value]
    return _plain(value)


def derive_openapi(raw: dict[str, Any]) -> dict[str, Any]:
    document = {k: v for k, v in raw.items() if k not in TOP_LEVEL_DROPPED}
    info = raw.get("info", {})
    document["info"] = {
        "title": info.get("title", ""),
        "version": info.get("version", ""),
        **({"license": _plain_tree(info["license"])} if "license" in info else {}),
    }
    rest = {k: v for k, v in document.items() if k != "info"}
    return {"info": document["info"], **strip_prose(rest)}


def derive_catalogue(raw: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        "release": raw.get("release", ""),
        "errors": [{f: entry[f] for f in fields if f in entry} for entry in raw["errors"]],
    }


def read_sources(upstream: Path) -> dict[str, Provenance]:
    """``file under the upstream folder -> provenance`` from each vendor's SOURCES.md table."""
    found: dict[str, Provenance] = {}
    for vendor in ("okta", "konnect"):
        text = (upstream / vendor / "SOURCES.md").read_text(encoding="utf-8")
        header: list[str] | None = None
        for cells in _table_rows(text):
            if header is None or any(c.startswith("---") for c in cells):
                if any("sha256" in c for c in cells):
                    header = cells
                continue
            row = dict(zip(header, cells, strict=False))
            file = _column(row, "file")
            commit = _column(row, "commit")
            found[f"{vendor}/{file}"] = Provenance(
                repository=_column(row, "repository"),
                path=_column(row, "path in repository"),
                commit=commit,
                sha256=_column(row, "sha256"),
            )
    return found


def _table_rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line.startswith("|"):
            yield [cell.strip() for cell in line.strip().strip("|").split("|")]


def _column(row: dict[str, str], heading: str) -> str:
    for name, value in row.items():
        if name.lower().startswith(heading):
            match = re.search(r"`([^`]+)`", value)
            return match.group(1) if match else value
    raise UpstreamError(f"SOURCES.md has no column starting {heading!r}")


def derive_all(upstream: Path) -> dict[str, bytes]:
    """Every derived file's name and bytes, SOURCES.json included."""
    sources = read_sources(upstream)
    out: dict[str, bytes] = {}
    provenance: dict[str, Any] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    wanted = {**{k: (v, None) for k, v in OPENAPI.items()}, **CATALOGUES}
    for upstream_name, (derived_name, fields) in wanted.items():
        path = upstream / upstream_name
        if not path.is_file():
            raise UpstreamError(f"{path} is missing")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        source = sources.get(upstream_name)
        if source is None:
            raise UpstreamError(f"{upstream_name} is not listed in its SOURCES.md")
        if source.sha256 != digest:
            raise UpstreamError(
                f"{upstream_name} has sha256 {digest}, SOURCES.md says {source.sha256}: "
                "update SOURCES.md with the file's provenance first"
            )
        if fields is None:
            derived = derive_openapi(yaml.load(data, Loader=loader))
        else:
            derived = derive_catalogue(json.loads(data), fields)
        out[derived_name] = _dump(derived)
        provenance[derived_name] = {
            "upstream": upstream_name,
            "repository": source.repository,
            "path": source.path,
            "commit": source.commit,
            "upstream_sha256": digest,
            "licence": LICENCES.get(source.repository, "see the upstream repository"),
            "modification": MODIFICATION,
            "sha256": hashlib.sha256(out[derived_name]).hexdigest(),
        }
    out[SOURCES_FILE] = _dump(provenance, indent=2)
    return out


def _dump(data: Any, indent: int | None = None) -> bytes:
    text = json.dumps(
        data, indent=indent, ensure_ascii=False, separators=None if indent else (",", ":")
    )
    return (text + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream", nargs="?", type=Path, default=UPSTREAM_DEFAULT)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    try:
        files = derive_all(args.upstream)
    except (UpstreamError, OSError) as exc:
        print(f"derive: {exc}", file=sys.stderr)
        return 4
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
