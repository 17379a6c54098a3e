"""Editing programme goals: valid edits are saved and audited, bad input and stale saves change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.core.models import AuditEntry
from jamlik.goals.models import Programme, Strategy, TargetArea

pytestmark = pytest.mark.django_db


def owner_client(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["process_owner"])
    return client


def test_edit_strategy_saves_and_audits(world: Any) -> None:
    strategy = world.objects["own_strategy"]
    response = owner_client(world).post(
        f"/program/strategier/{strategy.pk}/andra/",
        {"name": "Ny lydelse", "description": "Varför", "position": 2, "version": strategy.version},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.name, strategy.version) == ("Ny lydelse", 2)
    entry = AuditEntry.objects.for_object(strategy).get(code="strategy.changed")
    assert entry.actor == world.users["process_owner"]
    assert entry.changes["name"] == ["Strategi A", "Ny lydelse"]


def test_empty_name_is_rejected_in_swedish_and_nothing_changes(world: Any) -> None:
    strategy = world.objects["own_strategy"]
    response = owner_client(world).post(
        f"/program/strategier/{strategy.pk}/andra/", {"name": "", "position": 1, "version": strategy.version}
    )
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.name == "Strategi A" and strategy.version == 1


def test_second_editor_is_refused_and_keeps_their_text(world: Any) -> None:
    strategy = world.objects["own_strategy"]
    first, second = owner_client(world), Client()
    second.force_login(world.users["administrator"])
    url = f"/program/strategier/{strategy.pk}/andra/"
    assert first.post(url, {"name": "Första", "position": 1, "version": 1}).status_code == 302
    response = second.post(url, {"name": "Andra", "position": 1, "version": 1})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Andra"' in page  # the second editor's text is still in the form
    assert "Första" in page  # and the saved value is shown beside it
    strategy.refresh_from_db()
    assert strategy.name == "Första"
    assert AuditEntry.objects.for_object(strategy).filter(code="strategy.changed").count() == 1


def test_programme_period_must_be_in_order(world: Any) -> None:
    programme = world.objects["own_programme"]
    response = owner_client(world).post(
        f"/program/{programme.pk}/andra/",
        {"name": "P", "owner_unit": world.unit_a.pk, "start_year": 2026, "end_year": 2018, "version": 1},
    )
    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.end_year == 2026


def test_create_strategy_through_the_form(world: Any) -> None:
    area = world.objects["own_target_area"]
    response = owner_client(world).post(
        f"/program/malomraden/{area.pk}/strategier/ny/", {"name": "Ny", "position": 5}
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(name="Ny")
    assert strategy.target_area == area
    assert AuditEntry.objects.for_object(strategy).filter(code="strategy.created").exists()


def test_programme_page_query_count_does_not_grow_with_strategies(world: Any) -> None:
    client = owner_client(world)
    programme: Programme = world.objects["own_programme"]
    url = f"/program/{programme.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(20):
        area = TargetArea.objects.create(programme=programme, name=f"M{i}")
        Strategy.objects.create(target_area=area, name=f"S{i}")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_process_owner_can_only_place_a_programme_in_their_own_units(world: Any) -> None:
    response = owner_client(world).post(
        "/program/nytt/",
        {"name": "Fel enhet", "owner_unit": world.unit_b.pk, "start_year": 2020, "end_year": 2022},
    )
    assert response.status_code == 400
    assert not Programme.objects.filter(name="Fel enhet").exists()


def test_administrator_role_may_use_the_django_admin(world: Any) -> None:
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get("/admin/core/organisationunit/add/").status_code == 200
