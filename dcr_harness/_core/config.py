"""The setup under test: one description of the how-to's Okta, Konnect and data-plane settings.

Secrets never live in the file: it names the environment variables that hold them. With every
target ``fake`` (the default) no file and no variable is needed: the fakes are seeded from the
same description, as if the how-to's Okta steps had been done.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import yaml

Target = Literal["fake", "live"]
TARGETS: tuple[Target, ...] = ("fake", "live")
PortalApi = Literal["v3", "v2"]


class ConfigError(Exception):
    """A configuration problem the user must fix; its message names the problem and the fix."""


@dataclass(frozen=True)
class Claim:
    name: str = "client_id"
    value: str = "app.clientId"


@dataclass(frozen=True)
class AccessPolicy:
    """The access policy rule the how-to never mentions: a fresh org refuses client_credentials
    without one."""

    name: str = "DCR applications"
    grant_types: tuple[str, ...] = ("client_credentials",)
    scopes: tuple[str, ...] = ("*",)


@dataclass(frozen=True)
class OktaSetup:
    org_url: str = "https://dcr-harness.okta.com"
    authorization_server: str = "default"
    api_token_env: str = "OKTA_API_TOKEN"
    scopes: tuple[str, ...] = ("orders:read",)
    claim: Claim | None = field(default_factory=Claim)
    access_policy: AccessPolicy | None = field(default_factory=AccessPolicy)

    @property
    def issuer(self) -> str:
        return f"{self.org_url.rstrip('/')}/oauth2/{self.authorization_server}"


@dataclass(frozen=True)
class AuthStrategySetup:
    name: str = "Okta auth strategy"
    display_name: str = "Okta"
    strategy_type: str = "openid_connect"
    issuer: str | None = None
    """None: the DCR provider's issuer, as the Konnect UI prepopulates it."""
    scopes: tuple[str, ...] = ("orders:read",)
    credential_claim: tuple[str, ...] = ("client_id",)
    auth_methods: tuple[str, ...] = ("client_credentials", "bearer", "session")
    session_cookie_name: str | None = None
    """The openid-connect ``session_cookie_name``; None: unset, Kong's default ``session``."""


@dataclass(frozen=True)
class KonnectSetup:
    api_url: str = "https://us.api.konghq.com"
    pat_env: str = "KONNECT_PAT"
    portal_url: str = "https://harness.us.portal.konghq.com"
    portal_name: str = "Harness Portal"
    portal_api: PortalApi = "v3"
    """The Dev Portal's generation: ``v3`` (APIs of the API Catalog, published to the portal) or
    ``v2`` (a classic Dev Portal: API products whose versions the portal publishes)."""
    api_name: str = "Orders API"
    """The team's API (on a classic portal, its API product): used only with
    ``reuse_existing``; a run otherwise makes its own."""
    product_version: str = "v1"
    """On a classic portal with ``reuse_existing``: the version of the team's API product that
    is published with the auth strategy."""
    control_plane: str = "default"
    """The control plane (by name) where a run adds its own Gateway Service and Route."""
    provider_name: str = "DCR Okta"
    issuer: str | None = None
    """The DCR provider's issuer URL; None: the Okta authorization server's issuer."""
    auto_approve_registrations: bool = True
    dcr_token_env: str = "OKTA_DCR_TOKEN"
    developer_email: str = "qa-developer@example.com"
    developer_password_env: str = "DEVPORTAL_PASSWORD"
    auth_strategy: AuthStrategySetup = field(default_factory=AuthStrategySetup)
    reuse_existing: bool = False
    """True: verify the DCR provider and auth strategy named above instead of creating fresh ones
    (and leave the API's publication as it is)."""


@dataclass(frozen=True)
class GatewaySetup:
    url: str = "http://gateway.harness.test:8000"
    route: str = "/orders"
    """The team's route: used only with ``konnect.reuse_existing``; a run otherwise routes
    ``/<its own name>`` to ``upstream_url``."""
    upstream_url: str = "https://httpbin.konghq.com/anything"
    """Where the run's own Gateway Service sends requests: an echo, so the upstream's view
    of a request (the X-Application-* headers) can be checked."""
    sync_seconds: float = 30.0
    """How long a run waits for its new route to reach the data plane."""


@dataclass(frozen=True)
class Targets:
    okta: Target = "fake"
    konnect: Target = "fake"
    gateway: Target = "fake"

    @property
    def all_fake(self) -> bool:
        return (self.okta, self.konnect, self.gateway) == ("fake", "fake", "fake")


@dataclass(frozen=True)
class HarnessConfig:
    okta: OktaSetup = field(default_factory=OktaSetup)
    konnect: KonnectSetup = field(default_factory=KonnectSetup)
    gateway: GatewaySetup = field(default_factory=GatewaySetup)
    targets: Targets = field(default_factory=Targets)
    name_prefix: str = "dcrh"
    rate_limit_wait: float = 120.0
    """The longest the harness waits for a vendor's rate limit to reset, in seconds."""
    source: str = "built-in defaults"


def load_config(path: str | os.PathLike[str] | None) -> HarnessConfig:
    """The configuration in ``path``, or the built-in defaults when ``path`` is None."""
    if path is None:
        return HarnessConfig()
    file = Path(path)
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except FileNotFoundError:
        raise ConfigError(
            f"configuration file {file} does not exist: give the path of a YAML file "
            "(see examples/setup.yaml)"
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            f"configuration file {file} is a folder: give the path of the YAML file in it"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"configuration file {file} is not UTF-8 text: save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"configuration file {file} cannot be read ({exc.strerror})") from None
    except DuplicateKey as exc:
        raise ConfigError(f"configuration file {file}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"configuration file {file} is not valid YAML{where}: fix the syntax"
        ) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(
            f"configuration file {file} must be a YAML mapping with the sections okta, "
            "konnect, gateway and targets"
        )
    config: HarnessConfig = _build(HarnessConfig, raw, str(file), "")
    _check_urls(config, str(file))
    return replace(config, source=str(file))


class DuplicateKey(Exception):
    """A key written twice in one mapping: YAML would quietly keep the last."""


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise DuplicateKey(f"'{key}' is written twice (again at line {line}): keep one")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_URL_KEYS: tuple[tuple[str, Callable[[HarnessConfig], str | None]], ...] = (
    ("okta.org_url", lambda c: c.okta.org_url),
    ("konnect.api_url", lambda c: c.konnect.api_url),
    ("konnect.portal_url", lambda c: c.konnect.portal_url),
    ("konnect.issuer", lambda c: c.konnect.issuer),
    ("gateway.url", lambda c: c.gateway.url),
    ("gateway.upstream_url", lambda c: c.gateway.upstream_url),
)


def _check_urls(config: HarnessConfig, file: str) -> None:
    for key, read in _URL_KEYS:
        url = read(config)
        if url is None:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"{file}: '{key}' must be an http(s) URL with a host, like "
                f"https://example.com, not {url!r}"
            )


def _build(cls: Any, raw: Any, file: str, prefix: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: '{prefix.rstrip('.')}' must be a mapping")
    hints = get_type_hints(cls)
    known = sorted(f.name for f in fields(cls) if f.name != "source")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(
            f"{file}: unknown key '{prefix}{unknown[0]}'; known keys here: {', '.join(known)}"
        )
    return cls(
        **{name: _coerce(hints[name], value, file, prefix + name) for name, value in raw.items()}
    )


def _coerce(annotation: Any, value: Any, file: str, key: str) -> Any:
    options = (
        get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    )
    if value is None and type(None) in options:
        return None
    kind = options[0]
    if is_dataclass(kind):
        return _build(kind, value, file, key + ".")
    if get_origin(kind) is tuple:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{file}: '{key}' must be a list of strings")
        return tuple(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{file}: '{key}' must be true or false")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{file}: '{key}' must be a number of seconds, 0 or more")
        return float(value)
    if get_origin(kind) is Literal:
        if value not in get_args(kind):
            choices = " or ".join(repr(choice) for choice in get_args(kind))
            raise ConfigError(f"{file}: '{key}' must be {choices}, not {value!r}")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{file}: '{key}' must be a string")
    return value


@dataclass(frozen=True)
class Secrets:
    """The secrets of one run; in fake mode they are generated, in live mode read from the
    variables the configuration names."""

    okta_api_token: str = field(repr=False)
    dcr_token: str = field(repr=False)
    konnect_pat: str = field(repr=False)
    developer_password: str = field(repr=False)


def secrets_from_env(
    config: HarnessConfig, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """The live secrets the targets need, by variable name; raises ConfigError naming any
    missing variable."""
    env = os.environ if environ is None else environ
    needed: list[str] = []
    if config.targets.okta == "live":
        needed += [config.okta.api_token_env, config.konnect.dcr_token_env]
    if config.targets.konnect == "live":
        needed += [config.konnect.pat_env, config.konnect.developer_password_env]
        if config.konnect.dcr_token_env not in needed:
            needed.append(config.konnect.dcr_token_env)
    missing = [name for name in needed if not env.get(name)]
    if missing:
        raise ConfigError(
            f"environment variable {missing[0]} is not set: export it with the secret "
            f"the configuration {config.source} names it for"
        )
    blank = [name for name in needed if not env[name].strip()]
    if blank:
        raise ConfigError(
            f"environment variable {blank[0]} holds only white space: export the secret "
            f"itself (the configuration {config.source} names it for)"
        )
    return {name: env[name] for name in needed}
