"""``dcr-harness serve``: every fake over real HTTP on 127.0.0.1, seeded like the fake suite.

When the servers are up, one JSON line on stdout says where they are, the secrets they accept,
and the path of a configuration file that runs the feature suite in live mode against them.
"""

from __future__ import annotations

import gc
import json
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import yaml

from dcr_harness._core.config import HarnessConfig, Targets
from dcr_harness._core.transport import Network

if TYPE_CHECKING:
    from dcr_harness.fakes.kit.exclusive import Exclusive
    from dcr_harness.fakes.kit.prepared import Prepared, RequestFactory, Shortcut

Handler = Callable[[httpx.Request], httpx.Response]
SERVICES = ("okta", "konnect", "portal", "gateway")


SYNC_DELAY = 0.2  # seconds before a new route reaches the served data plane, as a real sync


def served_config(base: HarnessConfig, ports: dict[str, int]) -> HarnessConfig:
    def url(service: str) -> str:
        return f"http://127.0.0.1:{ports[service]}"

    return replace(
        base,
        okta=replace(base.okta, org_url=url("okta")),
        konnect=replace(base.konnect, api_url=url("konnect"), portal_url=url("portal")),
        gateway=replace(base.gateway, url=url("gateway")),
        targets=Targets(),
    )


def live_config_text(config: HarnessConfig) -> str:
    """The configuration a client of the served fakes runs with: the same setup, all live."""
    data: dict[str, Any] = {
        "targets": {"okta": "live", "konnect": "live", "gateway": "live"},
        "okta": asdict(config.okta),
        "konnect": asdict(config.konnect),
        "gateway": asdict(config.gateway),
    }
    return yaml.safe_dump(_lists(data), sort_keys=False)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


class ServedFakes:
    """The fake world behind four loopback servers; handlers share one re-entrant lock, since
    a fake may call another in-process while serving a request."""

    def __init__(
        self,
        base: HarnessConfig,
        ports: dict[str, int] | None = None,
        *,
        sync_delay: float = SYNC_DELAY,
        okta_rate_limit: int | None = None,
    ) -> None:
        from dcr_harness.fakes.kit.exclusive import Exclusive
        from dcr_harness.fakes.kit.server import ServedHandler, bind_loopback

        wanted = ports or {}
        sockets = {service: bind_loopback(wanted.get(service, 0)) for service in SERVICES}
        self.ports = {service: sock.getsockname()[1] for service, sock in sockets.items()}
        self.config = served_config(base, self.ports)
        # Secrets of its own, never the environment's: the announcement prints them.
        self.network = Network(self.config, adopt_env_secrets=False)
        world = self.network.world
        assert world is not None
        self.world = world
        world.konnect.sync_delay = sync_delay
        if okta_rate_limit is not None:
            world.okta.rate_limit.configure(okta_rate_limit)
        lock = Exclusive()
        handlers: dict[str, Handler] = {
            "okta": world.okta.handle,
            "konnect": world.konnect.handle_admin,
            "portal": world.konnect.handle_portal,
            "gateway": world.gateway.handle,
        }
        self._servers = [
            ServedHandler(
                _locked(handlers[service], lock),
                sockets[service],
                offload=_signs_tokens if service == "okta" else None,
                shortcut=_locked_shortcut(world.okta.shortcut, lock) if service == "okta" else None,
            )
            for service in SERVICES
        ]
        self._config_dir = tempfile.TemporaryDirectory(prefix="dcr-harness-serve-")
        self.config_path = Path(self._config_dir.name) / "served-live.yaml"
        self.config_path.write_text(live_config_text(self.config))

    def start(self) -> None:
        for server in self._servers:
            server.start()

    def stop(self) -> None:
        for server in self._servers:
            server.stop()
        self.network.close()
        self._config_dir.cleanup()

    def announcement(self) -> dict[str, Any]:
        c, s = self.config, self.network.secrets
        return {
            "okta": {
                "org_url": c.okta.org_url,
                "issuer": c.okta.issuer,
                "api_token": s.okta_api_token,
                "dcr_token": s.dcr_token,
            },
            "konnect": {
                "api_url": c.konnect.api_url,
                "pat": s.konnect_pat,
                "portal_url": c.konnect.portal_url,
                "developer_email": c.konnect.developer_email,
                "developer_password": s.developer_password,
            },
            "gateway": {"url": c.gateway.url, "route": c.gateway.route},
            "config": str(self.config_path),
            "env": {
                c.okta.api_token_env: s.okta_api_token,
                c.konnect.dcr_token_env: s.dcr_token,
                c.konnect.pat_env: s.konnect_pat,
                c.konnect.developer_password_env: s.developer_password,
            },
        }


def _signs_tokens(method: bytes, target: bytes) -> bool:
    """Okta's token endpoints: an RS256 signature each, made outside the fakes' lock, so
    these requests are served by worker threads and overlap (``fakes.kit.exclusive``)."""
    return method == b"POST" and target.partition(b"?")[0].endswith(b"/v1/token")


def _locked(handler: Handler, lock: Exclusive) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        with lock:
            return handler(request)

    return handle


def _locked_shortcut(shortcut: Shortcut, lock: Exclusive) -> Shortcut:
    def answer(method: str, target: str, make_request: RequestFactory) -> Prepared | None:
        with lock:
            return shortcut(method, target, make_request)

    return answer


def _steady_collector() -> None:
    """Keep the garbage collector off the objects built at start-up (the fakes' specs, keys
    and code), and collect the youngest generation less often: a full collection over them
    stalled one answer in a hundred by 25 ms or more under load (BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def serve_until_signalled(
    base: HarnessConfig,
    ports: dict[str, int] | None = None,
    *,
    sync_delay: float = SYNC_DELAY,
    okta_rate_limit: int | None = None,
) -> int:
    served = ServedFakes(base, ports, sync_delay=sync_delay, okta_rate_limit=okta_rate_limit)
    _steady_collector()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    served.start()
    print(json.dumps(served.announcement()), flush=True)
    try:
        stop.wait()
    finally:
        served.stop()
    return 0
