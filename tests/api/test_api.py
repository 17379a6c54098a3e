"""The API: tokens, the same rules and actions as the UI, idempotent POSTs, edit conflicts, Swedish errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.api.actions import do_create_api_token, do_revoke_api_token
from jamlik.api.models import ApiToken
from jamlik.core.models import AuditEntry
from jamlik.goals.models import Programme

pytestmark = pytest.mark.django_db


def bearer(world: Any, role: str) -> tuple[Client, str]:
    user = world.users[role]
    _, token = do_create_api_token(user, acting_user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}"), token


def test_token_is_stored_hashed_and_can_be_revoked(world: Any) -> None:
    client, plaintext = bearer(world, "reader")
    token = ApiToken.objects.get()
    assert plaintext not in token.token_hash and token.prefix == plaintext[:10]
    assert client.get("/api/programmes").status_code == 200
    do_revoke_api_token(token, acting_user=world.users["administrator"])
    response = client.get("/api/programmes")
    assert response.status_code == 401
    assert response.json()["detail"] == "Logga in eller skicka en giltig API-nyckel."


def test_list_pages_and_filters(world: Any) -> None:
    client, _ = bearer(world, "reader")
    body = client.get("/api/programmes?limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert client.get("/api/programmes?start_year=1999").json()["count"] == 0


def test_create_through_the_action_with_audit_and_idempotency(world: Any) -> None:
    client, _ = bearer(world, "process_owner")
    payload = {"name": "Nytt program", "owner_unit_id": world.unit_a.pk, "start_year": 2025, "end_year": 2030}
    first = client.post(
        "/api/programmes", json.dumps(payload), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    again = client.post(
        "/api/programmes", json.dumps(payload), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    programme = Programme.objects.get(name="Nytt program")
    assert AuditEntry.objects.for_object(programme).filter(code="programme.created").count() == 1


def test_bad_input_gets_a_swedish_message_and_changes_nothing(world: Any) -> None:
    client, _ = bearer(world, "process_owner")
    before = Programme.objects.count()
    response = client.post(
        "/api/programmes",
        json.dumps({"name": "", "owner_unit_id": world.unit_a.pk, "start_year": 2030, "end_year": 2020}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Anropet innehåller ogiltiga uppgifter."
    assert Programme.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("adopted_by", "Kommun\x00styrelsen"), ("name", "Program \x1b[31m"), ("name", "Halv \ud861 surrogat")],
)
def test_characters_no_database_can_hold_are_refused_with_the_field_named(
    world: Any, field: str, value: str
) -> None:
    """A NUL in a text field made PostgreSQL fail (a 500, found by the fuzzing on PostgreSQL); a lone
    surrogate cannot be encoded at all. Both are refused at the door, naming the field, and nothing is
    written."""
    client, _ = bearer(world, "process_owner")
    before = Programme.objects.count(), AuditEntry.objects.count()
    payload = {"name": "Program", "owner_unit_id": world.unit_a.pk, "start_year": 2025, "end_year": 2030}
    response = client.post(
        "/api/programmes", json.dumps(payload | {field: value}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert "inte är tillåtet" in response.json()["errors"][0]["message"]
    assert (Programme.objects.count(), AuditEntry.objects.count()) == before


def test_a_body_over_the_limit_is_a_413_with_a_swedish_message(world: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client, _ = bearer(world, "administrator")
    rows = [{"indicator_id": 1, "year": 2020, "estimate": 1.0}] * 1000
    response = client.post("/api/indicator-values", json.dumps(rows), content_type="application/json")
    assert response.status_code == 413
    assert "för stort" in response.json()["detail"]


def test_a_nul_in_a_query_parameter_is_refused(world: Any) -> None:
    client, _ = bearer(world, "reader")
    response = client.get("/api/processes", {"status": "active\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_stale_version_is_refused_with_409(world: Any) -> None:
    client, _ = bearer(world, "process_owner")
    strategy = world.objects["own_strategy"]
    url = f"/api/strategies/{strategy.pk}"
    ok = client.patch(url, json.dumps({"version": 1, "name": "Först"}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, json.dumps({"version": 1, "name": "Sen"}), content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["changed_fields"] == ["name"]
    strategy.refresh_from_db()
    assert strategy.name == "Först"


def test_other_units_programme_cannot_be_changed(world: Any) -> None:
    client, _ = bearer(world, "process_owner")
    other = world.objects["other_programme"]
    response = client.patch(
        f"/api/programmes/{other.pk}",
        json.dumps({"version": 1, "name": "X"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Program B"


def test_openapi_schema_is_served() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/programmes" in schema["paths"]


def test_health_endpoints_answer_without_details() -> None:
    client = Client()
    assert client.get("/halsa/live/").json() == {"status": "ok"}
    assert client.get("/halsa/redo/").json() == {"status": "ok"}


def test_patch_that_breaks_a_model_rule_is_a_422_not_a_crash(world: Any) -> None:
    client, _ = bearer(world, "process_owner")
    programme = world.objects["own_programme"]
    response = client.patch(
        f"/api/programmes/{programme.pk}",
        json.dumps({"version": 1, "start_year": 2077}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end_year"
    programme.refresh_from_db()
    assert (programme.start_year, programme.version) == (2018, 1)
