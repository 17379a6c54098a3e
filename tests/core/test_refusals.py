"""Every refusal (403) lands in the audit log with the user, the path, the request id and the address."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.api.actions import do_create_api_token
from jamlik.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(code="access.denied").order_by("pk"))


def test_a_page_refused_to_a_user_is_logged(world: Any) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(world.users["reader"])
    assert client.get("/program/nytt/").status_code == 403
    [entry] = refusals()
    assert entry.actor == world.users["reader"]
    assert entry.actor_name == "reader"
    assert entry.changes == {"path": "/program/nytt/", "method": "GET"}
    assert entry.ip == "10.1.2.3"
    assert len(entry.request_id) == 32


def test_each_refusal_has_its_own_request_id(world: Any) -> None:
    client = Client()
    client.force_login(world.users["participant"])
    client.get("/program/nytt/")
    client.post("/program/nytt/", {})
    first, second = refusals()
    assert first.changes["method"] == "GET" and second.changes["method"] == "POST"
    assert first.request_id and first.request_id != second.request_id


def test_an_allowed_page_writes_no_refusal(world: Any) -> None:
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get("/program/nytt/").status_code == 200
    assert refusals() == []


def test_an_api_refusal_with_a_session_is_logged(world: Any) -> None:
    client = Client()
    client.force_login(world.users["reader"])
    body = {"name": "P", "owner_unit_id": world.unit_a.pk, "start_year": 2020, "end_year": 2021}
    response = client.post("/api/programmes", json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    [entry] = refusals()
    assert entry.actor == world.users["reader"]
    assert entry.changes == {"path": "/api/programmes", "method": "POST"}
    assert entry.ip == "127.0.0.1"


def test_an_api_refusal_with_a_token_names_the_token_owner(world: Any) -> None:
    user = world.users["participant"]
    _, token = do_create_api_token(user, acting_user=user, name="test")
    body = {"name": "P", "owner_unit_id": world.unit_a.pk, "start_year": 2020, "end_year": 2021}
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/programmes", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403
    [entry] = refusals()
    assert entry.actor == user


def test_an_anonymous_csrf_refusal_is_logged(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "reader", "password": "x"})
    assert response.status_code == 403
    [entry] = refusals()
    assert entry.actor is None
    assert entry.changes["path"] == "/konto/logga-in/"
    # The refused login never reached the password check.
    assert not AuditEntry.objects.filter(code="auth.login_failed").exists()
