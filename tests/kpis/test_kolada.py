"""Kolada v3 through respx with responses in the API's shape (tests/fixtures/kolada_v3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from jamlik.kpis import kolada
from jamlik.kpis.actions import ValuesRejected, do_fetch_kolada_values
from jamlik.kpis.models import KpiValue
from tests.kpis.factories import make_kpi, sector

pytestmark = pytest.mark.django_db

BASE = "https://kolada.test/v3"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kolada_v3"
TITLES = {
    "U31402": "U. Väntetid i antal dagar från första kontakttillfället för ansökan vid nybesök "
    "till beslut inom försörjningsstöd, medelvärde",
    "N31807": "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)",
}


def recorded(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    settings.JAMLIK_KOLADA_V3_BASE_URL = BASE


@pytest.mark.parametrize("kpi_id", sorted(TITLES))
def test_metadata_id_and_title_match_the_recorded_response(kpi_id: str) -> None:
    with respx.mock(assert_all_called=True) as mock:
        mock.get(f"{BASE}/kpi/{kpi_id}").mock(
            return_value=httpx.Response(200, json=recorded(f"kpi_{kpi_id}.json"))
        )
        meta = kolada.fetch_metadata(kpi_id, client=httpx.Client())
    assert meta["id"] == kpi_id and meta["title"] == TITLES[kpi_id]


def test_yearly_values_are_fetched_over_pages_and_stored_once(world: Any) -> None:
    kpi = make_kpi(
        sector(world),
        code="u31402",
        cadence="year",
        source="kolada",
        kolada_id="U31402",
        kolada_municipality="1384",
    )
    with respx.mock(assert_all_called=True) as mock:
        mock.get(f"{BASE}/kpi/U31402").mock(
            return_value=httpx.Response(200, json=recorded("kpi_U31402.json"))
        )
        url = f"{BASE}/data/kpi/U31402/municipality/1384/year/2021,2022,2023,2024"
        mock.get(url, params={"page": "2"}).mock(
            return_value=httpx.Response(200, json=recorded("data_U31402_page2.json"))
        )
        mock.get(url).mock(return_value=httpx.Response(200, json=recorded("data_U31402_page1.json")))
        result = do_fetch_kolada_values(
            kpi, acting_user=None, years=[2021, 2022, 2023, 2024], client=httpx.Client()
        )
    assert (result.created, result.updated) == (3, 0)  # 2024 has no value yet and is skipped
    stored = dict(KpiValue.objects.filter(kpi=kpi).values_list("period", "value"))
    assert stored == {"2021": 5.2, "2022": 4.0, "2023": 3.1}


def test_without_a_base_url_nothing_is_fetched_and_the_message_is_swedish(world: Any, settings: Any) -> None:
    settings.JAMLIK_KOLADA_V3_BASE_URL = ""
    kpi = make_kpi(
        sector(world), code="n31807", cadence="year", kolada_id="N31807", kolada_municipality="1384"
    )
    with pytest.raises(ValuesRejected) as failed:
        do_fetch_kolada_values(kpi, acting_user=None, years=[2023])
    assert "JAMLIK_KOLADA_V3_BASE_URL" in failed.value.errors[0] and "är tom" in failed.value.errors[0]
