"""Konnect's list endpoints as their specs document them: every documented filter works, an
undocumented one, an unknown operator or an out-of-enum value is a 400 with its ``choices``
whether the list is empty or not, and ``sort`` takes ``field``, ``-field``, ``field asc`` and
``field desc``."""

from __future__ import annotations

import httpx
import pytest

from dcr_harness.fakes.konnect import FakeKonnect
from tests.fakes.konnect.helpers import dcr_setup, login

APPS = "/api/v3/applications"


def choices_of(response: httpx.Response, field: str) -> list[str]:
    assert response.status_code == 400, response.text
    (problem,) = response.json()["invalid_parameters"]
    assert problem["field"] == field and problem["rule"] == "enum" and problem["source"] == "query"
    assert problem["choices"], problem
    return list(problem["choices"])


@pytest.fixture
def developer_apps(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> tuple[str, str]:
    """Two applications of a signed-in developer, one per strategy: (first, second) ids."""
    _, strategy_id, _, _ = dcr_setup(konnect, admin)
    login(konnect, portal_http)
    made = []
    for name in ("beta app", "alpha app"):
        body = {"name": name, "auth_strategy_id": strategy_id}
        response = portal_http.post(APPS, json=body)
        assert response.status_code == 201, response.text
        made.append(response.json()["id"])
    return made[0], made[1]


def test_the_documented_application_filters_work(
    portal_http: httpx.Client, developer_apps: tuple[str, str], konnect: FakeKonnect
) -> None:
    strategy_id = next(iter(konnect.state.strategies))
    by_strategy = portal_http.get(APPS, params={"filter[auth_strategy_id]": strategy_id})
    assert by_strategy.status_code == 200, by_strategy.text
    assert len(by_strategy.json()["data"]) == 2
    assert portal_http.get(APPS, params={"filter[team_id][neq]": "t1"}).status_code == 200
    named = portal_http.get(APPS, params={"filter[name][contains]": "alpha"}).json()["data"]
    assert [a["name"] for a in named] == ["alpha app"]


def test_an_undocumented_filter_is_refused_with_its_choices_on_an_empty_list_too(
    konnect: FakeKonnect, admin: httpx.Client, portal_http: httpx.Client
) -> None:
    dcr_setup(konnect, admin)
    login(konnect, portal_http)
    assert portal_http.get(APPS).json()["data"] == []
    choices = choices_of(portal_http.get(APPS, params={"filter[colour]": "red"}), "filter[colour]")
    assert {"name", "auth_strategy_id", "team_id"} <= set(choices)


def test_an_unknown_operator_names_the_operators(
    portal_http: httpx.Client, developer_apps: tuple[str, str]
) -> None:
    refused = portal_http.get(APPS, params={"filter[name][like]": "a"})
    assert choices_of(refused, "filter[name][like]") == [
        "eq",
        "neq",
        "contains",
        "ocontains",
        "oeq",
    ]


def test_a_registration_status_filter_takes_only_a_status(
    portal_http: httpx.Client, developer_apps: tuple[str, str]
) -> None:
    registrations = f"{APPS}/{developer_apps[0]}/registrations"
    assert portal_http.get(registrations, params={"filter[status]": "pending"}).status_code == 200
    assert (
        portal_http.get(registrations, params={"filter[api_name]": "Orders API"}).status_code == 200
    )
    assert portal_http.get(registrations, params={"filter[id]": "x"}).status_code == 200
    refused = portal_http.get(registrations, params={"filter[status]": "waiting"})
    assert choices_of(refused, "filter[status]") == ["approved", "pending", "revoked", "rejected"]


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("name", "alpha app"),
        ("-name", "beta app"),
        ("name desc", "beta app"),
        ("name asc", "alpha app"),
    ],
)
def test_every_documented_sort_form_sorts(
    portal_http: httpx.Client, developer_apps: tuple[str, str], sort: str, first: str
) -> None:
    answer = portal_http.get(APPS, params={"sort": sort})
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"][0]["name"] == first


@pytest.mark.parametrize("sort", ["name sideways", "-name desc", "name desc extra"])
def test_a_malformed_sort_is_refused(
    portal_http: httpx.Client, developer_apps: tuple[str, str], sort: str
) -> None:
    answer = portal_http.get(APPS, params={"sort": sort})
    assert answer.status_code == 400, answer.text
    assert answer.json()["invalid_parameters"][0]["field"] == "sort"


def test_an_unsortable_field_names_the_sortable_ones(
    portal_http: httpx.Client, developer_apps: tuple[str, str]
) -> None:
    assert "name" in choices_of(portal_http.get(APPS, params={"sort": "colour"}), "sort")


def test_the_documented_api_version_filter_works(admin: httpx.Client, konnect: FakeKonnect) -> None:
    konnect.seed_api("Orders API")
    answer = admin.get("/v3/apis", params={"filter[version]": "v9"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"] == []


@pytest.mark.parametrize("value", [0, -1])
def test_a_key_auth_ttl_below_the_specs_minimum_is_refused(admin: httpx.Client, value: int) -> None:
    body = {
        "name": "keys",
        "display_name": "Keys",
        "strategy_type": "key_auth",
        "configs": {"key-auth": {"key_names": ["apikey"], "ttl": {"value": value, "unit": "days"}}},
    }
    refused = admin.post("/v2/application-auth-strategies", json=body)
    assert refused.status_code == 400, refused.text
    (problem,) = refused.json()["invalid_parameters"]
    assert problem["rule"] == "min" and problem["minimum"] == 1
    assert problem["field"].endswith("ttl.value")


def test_a_ttl_of_one_day_is_accepted(admin: httpx.Client) -> None:
    body = {
        "name": "keys",
        "display_name": "Keys",
        "strategy_type": "key_auth",
        "configs": {"key-auth": {"key_names": ["apikey"], "ttl": {"value": 1, "unit": "days"}}},
    }
    assert admin.post("/v2/application-auth-strategies", json=body).status_code == 201
