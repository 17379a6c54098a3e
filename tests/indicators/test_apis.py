"""The PxWebApi v2 and Kolada clients against recorded answers (respx); nothing leaves the machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from django.core.management import CommandError, call_command
from django.utils import translation

from jamlik.indicators.importers import ImportFailed, write_cube, write_values
from jamlik.indicators.importers.apis import fetch_kolada, fetch_pxweb_table, request_with_retries
from jamlik.indicators.models import Indicator, Value

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "indicators"
PXWEB = "https://pxweb.test/api/v2"
KOLADA = "https://kolada.test/v2"
pytestmark = pytest.mark.django_db


def fixture(name: str) -> Any:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("KOLADA", KOLADA)
    return json.loads(text)


@pytest.fixture
def services(settings: Any) -> None:
    settings.JAMLIK_PXWEB_BASE_URL = PXWEB
    settings.JAMLIK_KOLADA_BASE_URL = KOLADA


def no_sleep(seconds: float) -> None:
    pass


@respx.mock
def test_pxweb_posts_the_selection_and_parses_json_stat(services: None) -> None:
    route = respx.post(f"{PXWEB}/tables/TAB1234/data").mock(
        return_value=httpx.Response(200, json=fixture("pxweb_TAB1234.json"))
    )
    cube = fetch_pxweb_table("TAB1234", {"Region": ["1480", "1480-02"], "Kon": ["1", "2"]}, sleep=no_sleep)
    request = route.calls.last.request
    assert request.url.params["outputFormat"] == "json-stat2"
    assert json.loads(request.content) == {
        "selection": [
            {"variableCode": "Region", "valueCodes": ["1480", "1480-02"]},
            {"variableCode": "Kon", "valueCodes": ["1", "2"]},
        ]
    }
    assert [v.role for v in cube.variables] == ["region", "sex", "contents", "time"]
    result = write_cube(cube, acting_user=None, source_label="PxWebApi TAB1234")
    assert (result.created, result.missing) == (11, 1)
    assert Value.objects.get(area__code="1480", year=2021, sex="M").estimate == 80.1
    assert write_cube(cube, acting_user=None, source_label="PxWebApi TAB1234").unchanged == 11


@respx.mock
def test_pxweb_retries_with_backoff_then_succeeds(services: None) -> None:
    route = respx.post(f"{PXWEB}/tables/TAB1234/data").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectTimeout("slow"),
            httpx.Response(200, json=fixture("pxweb_TAB1234.json")),
        ]
    )
    waits: list[float] = []
    fetch_pxweb_table("TAB1234", {}, sleep=waits.append)
    assert route.call_count == 3
    assert waits == [1.0, 2.0]


@respx.mock
def test_pxweb_gives_up_with_a_clear_message(services: None) -> None:
    respx.post(f"{PXWEB}/tables/TAB1234/data").mock(return_value=httpx.Response(429))
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        fetch_pxweb_table("TAB1234", {}, sleep=no_sleep)
    assert caught.value.errors == ["The service could not be reached after 4 attempts: status 429."]


@respx.mock
def test_pxweb_client_error_is_not_retried(services: None) -> None:
    route = respx.post(f"{PXWEB}/tables/NOPE/data").mock(return_value=httpx.Response(404))
    with pytest.raises(ImportFailed):
        fetch_pxweb_table("NOPE", {}, sleep=no_sleep)
    assert route.call_count == 1


@respx.mock
def test_pxweb_malformed_answer_imports_nothing(services: None) -> None:
    broken = fixture("pxweb_TAB1234.json")
    broken["value"] = broken["value"][:-1]
    respx.post(f"{PXWEB}/tables/TAB1234/data").mock(return_value=httpx.Response(200, json=broken))
    cube = fetch_pxweb_table("TAB1234", {}, sleep=no_sleep)
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        write_cube(cube, acting_user=None, source_label="x")
    assert "11 figures but its variables describe 12" in caught.value.errors[0]
    respx.post(f"{PXWEB}/tables/TAB1234/data").mock(return_value=httpx.Response(200, text="<html>"))
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        fetch_pxweb_table("TAB1234", {}, sleep=no_sleep)
    assert "not valid JSON" in caught.value.errors[0]
    assert Value.objects.count() == 0


def test_no_base_url_means_no_request(settings: Any) -> None:
    settings.JAMLIK_PXWEB_BASE_URL = ""
    settings.JAMLIK_KOLADA_BASE_URL = ""
    with respx.mock(assert_all_called=False) as mock, translation.override("en"):
        with pytest.raises(ImportFailed) as caught:
            fetch_pxweb_table("TAB1234", {})
        assert "JAMLIK_PXWEB_BASE_URL is empty" in caught.value.errors[0]
        with pytest.raises(ImportFailed):
            fetch_kolada("N00945", ["1480"], [2022])
        assert not mock.calls


def mock_kolada() -> respx.Route:
    respx.get(f"{KOLADA}/kpi/N00945").mock(return_value=httpx.Response(200, json=fixture("kolada_kpi.json")))
    respx.get(f"{KOLADA}/municipality/1480,0180").mock(
        return_value=httpx.Response(200, json=fixture("kolada_municipality.json"))
    )
    data_url = f"{KOLADA}/data/kpi/N00945/municipality/1480,0180/year/2022,2023"
    respx.get(data_url, params={"page": "2"}).mock(
        return_value=httpx.Response(200, json=fixture("kolada_data_page2.json"))
    )
    return respx.get(data_url).mock(return_value=httpx.Response(200, json=fixture("kolada_data_page1.json")))


@respx.mock
def test_kolada_metadata_values_and_paging(services: None) -> None:
    mock_kolada()
    meta, rows, missing = fetch_kolada("N00945", ["1480", "0180"], [2022, 2023], sleep=no_sleep)
    assert meta.code == "n00945" and meta.person_based
    assert meta.name == "Invånare med eftergymnasial utbildning, andel (%)"
    assert len(rows) == 12 and missing == 1
    assert {r.sex for r in rows} == {"T", "K", "M"}
    result = write_values(rows, acting_user=None, source_label="Kolada", metas=[meta], missing=missing)
    assert result.created == 12
    assert Indicator.objects.get(code="n00945").source == "Kolada"
    assert Value.objects.get(area__code="0180", year=2023, sex="K").estimate == 62.0
    again = write_values(rows, acting_user=None, source_label="Kolada", metas=[meta], missing=missing)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)


@respx.mock
def test_kolada_through_the_command(services: None, capsys: pytest.CaptureFixture[str]) -> None:
    mock_kolada()
    call_command("import_indicators", "kolada", "N00945", "--municipality", "1480", "--municipality", "0180",
                 "--years", "2022-2023")  # fmt: skip
    assert Value.objects.filter(indicator__code="n00945").count() == 12
    with pytest.raises(CommandError):
        call_command("import_indicators", "kolada", "N00945", "--years", "2022")


def test_transport_errors_are_retried_then_reported() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("timeout", request=request)

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        translation.override("en"),
        pytest.raises(ImportFailed) as caught,
    ):
        request_with_retries(client, "GET", "https://example.test/x", sleep=no_sleep)
    assert len(calls) == 4
    assert "no answer (ReadTimeout)" in caught.value.errors[0]
