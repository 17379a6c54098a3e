"""Change processes over the API: the processes app's rules and actions, paging, filters and errors."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.api.models import IdempotencyRecord
from jamlik.core.actions import do_create_unit
from jamlik.core.models import AuditEntry, OrganisationUnit
from jamlik.processes.models import ChangeProcess
from tests.api.helpers import bearer, call

pytestmark = pytest.mark.django_db


def test_list_pages_and_filters(world: Any) -> None:
    client = bearer(world, "reader")
    first = client.get("/api/processes?limit=2").json()
    assert first["count"] == 3 and [p["name"] for p in first["items"]] == ["Annan process", "Egen process"]
    rest = client.get("/api/processes?limit=2&offset=2").json()
    assert [p["name"] for p in rest["items"]] == ["Process i B"]
    in_b = client.get(f"/api/processes?owner_unit_id={world.unit_b.pk}").json()
    assert [p["name"] for p in in_b["items"]] == ["Process i B"]
    assert client.get("/api/processes?status=proposed").json()["count"] == 0
    assert client.get("/api/processes?year=2019").json()["count"] == 0  # all started in 2020
    assert client.get("/api/processes?year=2024").json()["count"] == 3


def test_create_goes_through_the_action_once_even_when_repeated(world: Any) -> None:
    client = bearer(world, "process_owner")
    sector = OrganisationUnit.objects.get(code="A1")
    body = {
        "name": "Trygga skolvägar",
        "owner_unit_id": world.unit_a.pk,
        "purpose": "Fler barn går säkert till skolan",
        "sector_ids": [sector.pk],
        "target_area_ids": [world.objects["own_target_area"].pk],
        "start": "2025-01-01",
    }
    first = call(client, "POST", "/api/processes", body, HTTP_IDEMPOTENCY_KEY="skolvag-1")
    again = call(client, "POST", "/api/processes", body, HTTP_IDEMPOTENCY_KEY="skolvag-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    process = ChangeProcess.objects.get(name="Trygga skolvägar")
    assert first.json()["sector_ids"] == [sector.pk] and first.json()["status"] == "proposed"
    # The action keeps the first purpose in the history and writes one audit row.
    assert process.purpose_versions.get().purpose == "Fler barn går säkert till skolan"
    assert AuditEntry.objects.for_object(process).filter(code="changeprocess.created").count() == 1


def test_bad_input_is_refused_in_swedish_and_changes_nothing(world: Any) -> None:
    client = bearer(world, "process_owner")
    sector = OrganisationUnit.objects.get(code="A1")
    before = ChangeProcess.objects.count()
    not_an_administration = call(client, "POST", "/api/processes", {"name": "X", "owner_unit_id": sector.pk})
    assert not_an_administration.status_code == 422
    assert not_an_administration.json()["errors"] == [
        {"field": "owner_unit", "message": f"Det finns inget sådant objekt (id {sector.pk})."}
    ]
    backwards = call(
        client,
        "POST",
        "/api/processes",
        {"name": "X", "owner_unit_id": world.unit_a.pk, "start": "2025-05-01", "end": "2025-01-01"},
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"] == "Anropet innehåller ogiltiga uppgifter."
    assert backwards.json()["errors"][0]["message"] == "Slutdatumet kan inte vara före startdatumet."
    assert ChangeProcess.objects.count() == before


def test_update_sets_relations_and_a_stale_version_gets_409(world: Any) -> None:
    client = bearer(world, "process_leader")
    process = world.objects["own_process"]
    strategy = world.objects["own_strategy"]
    url = f"/api/processes/{process.pk}"
    ok = call(client, "PATCH", url, {"version": 1, "name": "Eget namn", "strategy_ids": [strategy.pk]})
    assert ok.status_code == 200
    assert ok.json()["version"] == 2 and ok.json()["strategy_ids"] == [strategy.pk]
    stale = call(client, "PATCH", url, {"version": 1, "name": "Sent namn"})
    assert stale.status_code == 409 and stale.json()["changed_fields"] == ["name"]
    process.refresh_from_db()
    assert process.name == "Eget namn"
    assert AuditEntry.objects.for_object(process).filter(code="changeprocess.changed").count() == 1


def test_explicit_null_clears_an_answer_but_a_left_out_field_stays(world: Any) -> None:
    client = bearer(world, "process_owner")
    process = world.objects["own_process"]
    url = f"/api/processes/{process.pk}"
    set_both = call(client, "PATCH", url, {"version": 1, "knowledge_certain": True, "values_agreed": False})
    assert set_both.json()["problem_type"] == "knowledge_agreed"
    cleared = call(client, "PATCH", url, {"version": 2, "knowledge_certain": None}).json()
    assert cleared["knowledge_certain"] is None and cleared["values_agreed"] is False


def test_a_leader_cannot_edit_a_process_they_do_not_lead(world: Any) -> None:
    client = bearer(world, "process_leader")
    other = world.objects["other_process"]
    response = call(client, "PATCH", f"/api/processes/{other.pk}", {"version": 1, "name": "Kapat"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Du har inte behörighet att göra detta."
    other.refresh_from_db()
    assert other.name == "Annan process"


def test_a_failed_create_does_not_keep_its_idempotency_key(world: Any) -> None:
    client = bearer(world, "process_owner")
    bad = call(
        client,
        "POST",
        "/api/processes",
        {"name": "", "owner_unit_id": world.unit_a.pk},
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert bad.status_code == 422 and not IdempotencyRecord.objects.exists()
    unit = do_create_unit(acting_user=None, name="Förvaltning C", code="C", kind="administration")
    good = call(
        client, "POST", "/api/processes", {"name": "Ny", "owner_unit_id": unit.pk}, HTTP_IDEMPOTENCY_KEY="k"
    )
    assert good.status_code == 201


def test_the_schema_documents_each_models_own_choices() -> None:
    from django.test import Client

    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert schema["ProcessOut"]["properties"]["status"]["enum"] == [s.value for s in ChangeProcess.Status]
    assert schema["RegistrationOut"]["properties"]["status"]["enum"] == ["confirmed", "waiting", "cancelled"]
