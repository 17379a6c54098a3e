"""Indicators and values over the API: values go in through the importer's own rules, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.indicators.models import Indicator, Value
from tests.api.helpers import bearer, call
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(world: Any) -> Indicator:
    return make_indicator()


def _rows(year: int = 2023, **extra: Any) -> list[dict[str, Any]]:
    base = {"indicator": "sysselsattning", "year": year, "area_code": "1480", **extra}
    return [{**base, "sex": "K", "estimate": 74.5, "se": 0.6}, {**base, "sex": "M", "estimate": 77.25}]


def test_values_are_imported_once_and_a_repeat_changes_nothing(world: Any, indicator: Indicator) -> None:
    client = bearer(world, "process_owner")
    body = {"source_label": "SCB via API", "rows": _rows()}
    first = call(client, "POST", "/api/indicator-values", body, HTTP_IDEMPOTENCY_KEY="scb-2023")
    assert first.status_code == 200
    assert first.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "missing": 0,
        "indicators": ["sysselsattning"],
    }
    replay = call(client, "POST", "/api/indicator-values", body, HTTP_IDEMPOTENCY_KEY="scb-2023")
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    again = call(client, "POST", "/api/indicator-values", body).json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    women = Value.objects.get(indicator=indicator, year=2023, sex="K", subgroup=None)
    assert (women.estimate, women.se, women.area.code) == (74.5, 0.6, "1480")
    assert AuditEntry.objects.filter(code="indicator.values_imported").count() == 1


def test_bad_rows_are_all_reported_in_swedish_and_nothing_is_written(
    world: Any, indicator: Indicator
) -> None:
    client = bearer(world, "administrator")
    before = Value.objects.count()
    rows = [
        *_rows(),
        {"indicator": "sysselsattning", "year": 2023, "area_code": "9999", "sex": "K", "estimate": 1},
    ]
    response = call(client, "POST", "/api/indicator-values", {"rows": rows})
    assert response.status_code == 422
    assert response.json()["detail"] == "Anropet innehåller ogiltiga uppgifter."
    assert {
        "field": "rows",
        "message": "Rad 3: okänt område ”9999”. Ange dess namn i area_name för att skapa det.",
    } in (response.json()["errors"])
    assert Value.objects.count() == before


def test_a_person_based_figure_given_only_as_a_total_is_refused(world: Any, indicator: Indicator) -> None:
    response = call(
        bearer(world, "process_owner"),
        "POST",
        "/api/indicator-values",
        {"rows": [{"indicator": "sysselsattning", "year": 2024, "area_code": "1480", "estimate": 70}]},
    )
    assert response.status_code == 422
    assert "kvinnor (K) och män (M)" in response.json()["errors"][0]["message"]


def test_readers_may_not_import(world: Any, indicator: Indicator) -> None:
    response = call(bearer(world, "reader"), "POST", "/api/indicator-values", {"rows": _rows()})
    assert response.status_code == 403 and not Value.objects.filter(year=2023).exists()


def test_values_page_and_filter(world: Any, indicator: Indicator) -> None:
    client = bearer(world, "reader")
    url = f"/api/indicators/{indicator.pk}/values"
    totals = client.get(f"{url}?year=2022&dimension=&sex=T&limit=2").json()
    assert totals["count"] == 3 and len(totals["items"]) == 2
    assert {v["area_code"] for v in client.get(f"{url}?year=2022&dimension=&sex=T").json()["items"]} == {
        "1480",
        "1480-N",
        "1480-S",
    }
    education = client.get(f"{url}?year=2020&dimension=utbildning&sex=T").json()["items"]
    assert [(v["subgroup"], v["estimate"]) for v in education] == [
        ("low", 55.0),
        ("mid", 70.0),
        ("high", 85.0),
    ]
    assert client.get(f"{url}?area_code=1480-N&sex=K&dimension=").json()["count"] == 3


def test_indicator_edit_links_goals_and_refuses_stale_versions(world: Any, indicator: Indicator) -> None:
    client = bearer(world, "process_owner")
    area = world.objects["own_target_area"]
    url = f"/api/indicators/{indicator.pk}"
    ok = call(client, "PATCH", url, {"version": 1, "name": "Sysselsättning", "target_area_ids": [area.pk]})
    assert ok.status_code == 200 and ok.json()["target_area_ids"] == [area.pk]
    assert AuditEntry.objects.filter(code="indicator.links_changed").count() == 1
    stale = call(client, "PATCH", url, {"version": 1, "name": "Annat"})
    assert stale.status_code == 409
    assert call(bearer(world, "participant"), "PATCH", url, {"version": 2, "name": "X"}).status_code == 403
    listed = client.get(f"/api/indicators?target_area_id={area.pk}").json()
    assert [i["name"] for i in listed["items"]] == ["Sysselsättning"]
    indicator.refresh_from_db()
    assert indicator.name == "Sysselsättning"
