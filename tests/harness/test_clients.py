"""The harness clients against the fake world, through the same transport the suite uses."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from dcr_harness._core.auth import BearerAuth, SswsAuth, basic_header
from dcr_harness._core.clients.gateway import DataPlane
from dcr_harness._core.clients.konnect import KonnectAdmin
from dcr_harness._core.clients.okta import OktaAuthorizationServer, OktaManagement
from dcr_harness._core.clients.portal import DevPortal
from dcr_harness._core.config import HarnessConfig
from dcr_harness._core.errors import Unreachable, VendorError
from dcr_harness._core.tokens import verify_access_token
from dcr_harness._core.transport import Network
from dcr_harness._safety.ledger import CleanupLedger

CONFIG = HarnessConfig()


@pytest.fixture(scope="module")
def shared_network() -> Iterator[Network]:
    net = Network(CONFIG)
    yield net
    net.close()


@pytest.fixture
def net(shared_network: Network) -> Network:
    shared_network.reset_fakes()
    return shared_network


@pytest.fixture
def ledger() -> CleanupLedger:
    return CleanupLedger()


def okta(net: Network, ledger: CleanupLedger) -> OktaManagement:
    auth = SswsAuth(net.secrets.okta_api_token)
    return OktaManagement(net.client(CONFIG.okta.org_url, auth=auth), ledger)


def konnect(net: Network, ledger: CleanupLedger) -> KonnectAdmin:
    auth = BearerAuth(net.secrets.konnect_pat)
    return KonnectAdmin(net.client(CONFIG.konnect.api_url, auth=auth), ledger)


def test_okta_reads_back_the_seeded_setup(net: Network, ledger: CleanupLedger) -> None:
    admin = okta(net, ledger)
    assert "orders:read" in {s.name for s in admin.scopes("default")}
    claim = next(c for c in admin.claims("default") if c.name == "client_id")
    assert (claim.value, claim.claim_type, claim.value_type) == (
        "app.clientId",
        "RESOURCE",
        "EXPRESSION",
    )
    rules = [r for p in admin.policies("default") for r in p.rules]
    assert any(r.allows("client_credentials", ("orders:read",)) for r in rules)


def test_wrong_api_token_is_a_vendor_error_with_okta_code(net: Network) -> None:
    admin = OktaManagement(net.client(CONFIG.okta.org_url, auth=SswsAuth("00notAToken000000")))
    with pytest.raises(VendorError) as raised:
        admin.authorization_server("default")
    assert (raised.value.status, raised.value.code) == (401, "E0000011")
    assert "00notAToken000000" not in str(raised.value)


def test_registered_client_gets_a_verifiable_token_and_is_cleaned_up(
    net: Network, ledger: CleanupLedger
) -> None:
    admin = okta(net, ledger)
    client = admin.register_client("qa-test client")
    assert client.client_secret
    oauth = OktaAuthorizationServer(net.client())
    discovery = oauth.discovery(CONFIG.okta.issuer)
    token = oauth.client_credentials(
        discovery.token_endpoint, client.client_id, client.client_secret, ("orders:read",)
    )
    claims = verify_access_token(token.raw, oauth.jwks(discovery.jwks_uri), CONFIG.okta.issuer)
    assert claims["client_id"] == client.client_id
    assert claims["scp"] == ["orders:read"]
    assert ledger.unwind() == []
    with pytest.raises(VendorError) as raised:
        admin.app(client.client_id)
    assert raised.value.status == 404


def test_konnect_portal_and_data_plane_round_trip(net: Network, ledger: CleanupLedger) -> None:
    admin = konnect(net, ledger)
    provider = admin.create_dcr_provider("qa p", "okta", CONFIG.okta.issuer, net.secrets.dcr_token)
    assert provider.dcr_config == {}
    strategy = admin.create_auth_strategy(
        "qa s",
        "Okta",
        "openid_connect",
        {
            "issuer": provider.issuer,
            "scopes": ["orders:read"],
            "credential_claim": ["client_id"],
            "auth_methods": ["client_credentials", "bearer"],
        },
        provider.id,
    )
    assert strategy.dcr_provider_id == provider.id
    api = admin.api_named(CONFIG.konnect.api_name)
    portal = admin.portal_named(CONFIG.konnect.portal_name)
    admin.publish_api(api.id, portal.id, strategy.id)

    dev = DevPortal(net.client(CONFIG.konnect.portal_url), ledger)
    dev.sign_in(CONFIG.konnect.developer_email, net.secrets.developer_password)
    app = dev.create_application("qa app", strategy.id)
    assert app.client_id
    assert app.client_secret
    assert dev.register(app.id, api.id).status == "approved"
    assert dev.application(app.id).client_secret is None

    data_plane = DataPlane(net.client(CONFIG.gateway.url))
    answer = data_plane.call(CONFIG.gateway.route, basic_header(app.client_id, app.client_secret))
    assert answer.status == 200
    assert data_plane.call(CONFIG.gateway.route).status == 401

    assert ledger.unwind() == []
    assert admin.dcr_providers(name="qa p") == []
    with pytest.raises(VendorError):
        okta(net, CleanupLedger()).app(app.client_id)


def test_a_host_nobody_serves_is_refused_loudly(net: Network) -> None:
    admin = KonnectAdmin(net.client("https://eu.api.konghq.com"), CleanupLedger())
    with pytest.raises(Unreachable, match=r"no target serves eu\.api\.konghq\.com"):
        admin.dcr_providers()


def test_the_transport_never_reaches_the_network_for_fakes() -> None:
    net = Network(CONFIG)
    with pytest.raises(httpx.TransportError, match=r"no target serves example\.com"):
        net.client().get("https://example.com/")
    net.close()


def test_a_token_is_checked_against_the_issuers_time_when_given() -> None:
    import time

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from dcr_harness._core.tokens import TokenInvalid, verify_access_token

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwks = {"keys": [{**public, "kid": "k1", "alg": "RS256"}]}
    later = time.time() + 600
    token = jwt.encode(
        {"iss": "https://i", "iat": int(later), "exp": int(later) + 60},
        key,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    assert verify_access_token(token, jwks, "https://i", now=later + 1)["iss"] == "https://i"
    for now, reason in (
        (None, "not yet valid"),
        (later - 5, "not yet valid"),
        (later + 61, "expired"),
    ):
        with pytest.raises(TokenInvalid, match=reason):
            verify_access_token(token, jwks, "https://i", now=now)


@pytest.mark.parametrize(
    "base",
    ["https://org.example", "https://org.example/", "https://api.example/v2", "http://127.0.0.1:8"],
)
@pytest.mark.parametrize(
    "url",
    [
        "/oauth2/default/v1/token",
        "apps",
        "/api/v1/apps?limit=2&q=dcrh-",
        "/path%20with%2Fescapes",
        "https://elsewhere.example/v1/keys",
        "",
    ],
)
def test_a_url_is_resolved_against_the_base_as_httpx_resolves_it(base: str, url: str) -> None:
    from dcr_harness._core.clients.base import resolved_url

    with httpx.Client(base_url=base) as client:
        expected = client.build_request("GET", url).url
        assert resolved_url(client.base_url, url) == expected
        assert client.build_request("GET", resolved_url(client.base_url, url)).url == expected


def test_a_harness_client_keeps_no_cookie_a_vendor_sets(net: Network) -> None:
    """A request carries only the cookies its step names; the one a vendor sets is read from
    its answer (the portal session is, and sent as the step's own header)."""
    client = net.client(CONFIG.konnect.portal_url)
    answer = client.post(
        "/api/v3/developer/authenticate",
        json={
            "username": CONFIG.konnect.developer_email,
            "password": net.secrets.developer_password,
        },
    )
    assert answer.cookies.get("portalaccesstoken")
    assert list(client.cookies.jar) == []
    again = client.get("/api/v3/developer/me")
    assert "cookie" not in again.request.headers


def test_a_session_the_data_plane_starts_is_masked_in_every_report_whatever_the_step() -> None:
    from dcr_harness._core.redaction import MASK, REDACTOR

    session = "nIWAs8BJeFfFp539cRmKjWvQMDYoR2CpQGiKWuxeyJk"

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers=[
                ("set-cookie", f"session={session}; Path=/; SameSite=Lax; HttpOnly"),
                ("set-cookie", "empty=; Max-Age=0"),
            ],
            json={"ok": True},
        )

    http = httpx.Client(base_url="https://dp.example.test", transport=httpx.MockTransport(answer))
    end = REDACTOR.session()
    try:
        DataPlane(http).call("/orders", authorization="Bearer abc")
        assert REDACTOR.redact(f"< set-cookie: session={session}; Path=/") == (
            f"< set-cookie: session={MASK}; Path=/"
        )
        assert "${DATA_PLANE_SESSION}" in REDACTOR.as_variables(f"Cookie: session={session}")
    finally:
        end()
