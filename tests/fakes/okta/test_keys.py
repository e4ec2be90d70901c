from __future__ import annotations

from pathlib import Path

import httpx
import jwt
import pytest
from schemathesis.openapi.checks import DiscriminatorMismatch

from dcr_harness.fakes.okta import FakeOkta
from tests.fakes.okta.conftest import Registered
from tests.spec_check import assert_conforms


def _assert_jwks_conforms(path: str, response: httpx.Response) -> None:
    """SPEC-O's JsonWebKey has a discriminator on ``kty`` whose mapping names ``sig``/``enc``
    instead of ``RSA``/``EC``, so every real Okta JWKS (kty RSA, as in SPEC-O's own
    OAuthKeysExample) fails it. We check that this spec error is the only failure."""
    with pytest.raises(DiscriminatorMismatch, match="Unknown discriminator value"):
        assert_conforms("okta-oauth", "GET", path, response)


@pytest.mark.parametrize(
    ("url", "spec_path"),
    [
        ("/oauth2/default/v1/keys", "/oauth2/{authorizationServerId}/v1/keys"),
        ("/oauth2/v1/keys", "/oauth2/v1/keys"),
    ],
)
def test_jwks_publishes_rsa_signing_keys(http: httpx.Client, url: str, spec_path: str) -> None:
    response = http.get(url)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=3832304, must-revalidate"
    _assert_jwks_conforms(spec_path, response)
    (key,) = response.json()["keys"]
    assert key["kty"] == "RSA" and key["use"] == "sig" and key["alg"] == "RS256"
    assert key["e"] == "AQAB" and len(key["kid"]) == 43


def test_org_and_custom_servers_have_different_keys(http: httpx.Client) -> None:
    org = http.get("/oauth2/v1/keys").json()["keys"][0]["kid"]
    custom = http.get("/oauth2/default/v1/keys").json()["keys"][0]["kid"]
    assert org != custom


def test_unknown_server_keys_404(http: httpx.Client) -> None:
    assert http.get("/oauth2/ausNope/v1/keys").status_code == 404


def test_rotation_keeps_previous_key_until_retired(okta: FakeOkta, http: httpx.Client) -> None:
    before = http.get("/oauth2/default/v1/keys").json()["keys"][0]["kid"]

    okta.state.rotate_keys("default")
    rotated = [k["kid"] for k in http.get("/oauth2/default/v1/keys").json()["keys"]]
    okta.state.retire_keys("default")
    retired = [k["kid"] for k in http.get("/oauth2/default/v1/keys").json()["keys"]]

    assert rotated[1] == before and rotated[0] != before
    assert retired == [rotated[0]]


def test_reset_keeps_keys_cheap_and_stable(okta: FakeOkta, http: httpx.Client) -> None:
    before = http.get("/oauth2/default/v1/keys").json()
    okta.state.rotate_keys("default")

    okta.reset()

    assert http.get("/oauth2/default/v1/keys").json() == before


def test_token_signed_before_rotation_verifies_until_retired(
    okta: FakeOkta, http: httpx.Client, ready: Registered
) -> None:
    def mint() -> str:
        response = http.post(
            "/oauth2/default/v1/token",
            data={"grant_type": "client_credentials", "scope": "portal"},
            auth=(ready.client_id, ready.client_secret),
        )
        return str(response.json()["access_token"])

    def verifies(token: str) -> bool:
        jwks = jwt.PyJWKSet.from_dict(http.get("/oauth2/default/v1/keys").json())
        kid = jwt.get_unverified_header(token)["kid"]
        if kid not in [key.key_id for key in jwks.keys]:
            return False
        jwt.decode(
            token,
            jwks[kid].key,
            algorithms=["RS256"],
            audience="api://default",
            options={"verify_exp": False, "verify_iat": False},
        )
        return True

    before = mint()
    okta.state.rotate_keys("default")
    after = mint()

    assert jwt.get_unverified_header(after)["kid"] != jwt.get_unverified_header(before)["kid"]
    assert verifies(before) and verifies(after)
    okta.state.retire_keys("default")
    assert not verifies(before) and verifies(after)


def test_a_key_generated_ahead_is_the_one_its_first_use_gets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from dcr_harness.fakes.okta import keys

    index = 9_001  # beyond any index a fake takes
    monkeypatch.delitem(keys._POOL, index, raising=False)
    release = threading.Event()
    generate = keys._generate
    generated: list[int] = []

    def slow_generate(at: int) -> keys.SigningKey:
        generated.append(at)
        release.wait(5)
        return generate(at)

    monkeypatch.setattr(keys, "_generate", slow_generate)
    keys.generate_ahead(index)
    keys.generate_ahead(index)  # already on its way: not a second thread
    got: list[keys.SigningKey] = []
    first_use = threading.Thread(target=lambda: got.append(keys.pool_key(index)))
    first_use.start()
    first_use.join(0.2)
    assert first_use.is_alive(), "the first use did not wait for the key being made"
    release.set()
    first_use.join(5)
    assert got == [keys.pool_key(index)]
    assert generated == [index]
    monkeypatch.delitem(keys._POOL, index)


def test_a_run_of_feature_files_has_fake_oktas_key_made_while_it_collects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dcr_harness._entry.suite import suite
    from dcr_harness.fakes.okta import keys

    ahead: list[int] = []
    monkeypatch.setattr(keys, "generate_ahead", ahead.append)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DCR_HARNESS_CONFIG", raising=False)
    arguments = ["--co", "-q", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    assert suite([], None, None).run(arguments) == 0
    assert set(ahead) == {keys.FIRST_SERVER_KEY_INDEX}
