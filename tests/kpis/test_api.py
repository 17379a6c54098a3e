"""KPI values over the API: an upsert keyed by KPI, period and sex; bad rows refused in Swedish."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.kpis.models import KpiValue
from tests.api.helpers import bearer, call
from tests.kpis.factories import kpi_objects

pytestmark = pytest.mark.django_db


def test_the_same_post_twice_stores_one_value(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    client = bearer(world, "process_leader")
    body = {"rows": [{"period": "2024-W21", "value": 5.5}, {"period": "2024-w22", "value": 5}]}
    first = call(client, "POST", f"/api/kpis/{kpi.pk}/values", body)
    assert first.status_code == 200 and first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    again = call(client, "POST", f"/api/kpis/{kpi.pk}/values", body)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    keyed = call(client, "POST", f"/api/kpis/{kpi.pk}/values", body, HTTP_IDEMPOTENCY_KEY="v-21")
    replay = call(client, "POST", f"/api/kpis/{kpi.pk}/values", body, HTTP_IDEMPOTENCY_KEY="v-21")
    assert replay["Idempotent-Replayed"] == "true" and replay.json() == keyed.json()
    assert KpiValue.objects.filter(kpi=kpi, period__in=["2024-W21", "2024-W22"], sex="T").count() == 2
    assert (
        AuditEntry.objects.filter(
            code="kpi.values_recorded", object_id=str(kpi.pk), actor__isnull=False
        ).count()
        == 1
    )
    changed = call(
        client, "POST", f"/api/kpis/{kpi.pk}/values", {"rows": [{"period": "2024-W21", "value": 4}]}
    )
    assert changed.json()["updated"] == 1 and KpiValue.objects.get(kpi=kpi, period="2024-W21").value == 4


def test_bad_rows_are_refused_in_swedish_and_nothing_is_written(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    before = KpiValue.objects.count()
    body = {"rows": [{"period": "2024-W23", "value": 1}, {"period": "2021-W53", "value": 2}]}
    response = call(bearer(world, "administrator"), "POST", f"/api/kpis/{kpi.pk}/values", body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Anropet innehåller ogiltiga uppgifter."
    assert "Rad 2: perioden '2021-W53' är inte en vecka" in response.json()["errors"][0]["message"]
    assert KpiValue.objects.count() == before


def test_outsider_is_refused_and_the_chart_is_readable(world: Any) -> None:
    objects = kpi_objects(world)
    other = objects["other_kpi"]
    refused = call(
        bearer(world, "process_owner"),
        "POST",
        f"/api/kpis/{other.pk}/values",
        {"rows": [{"period": "2024-W01", "value": 1}]},
    )
    assert refused.status_code == 403
    chart = call(bearer(world, "reader"), "GET", f"/api/kpis/{objects['own_kpi'].pk}/chart").json()
    assert chart["variation"] == "improvement_low" and chart["kind"] == "i"
    assert chart["points"][0]["period"] == "2024-W01" and chart["points"][-1]["low"] is True
