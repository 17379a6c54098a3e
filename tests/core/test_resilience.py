"""Backup and restore drill, personal-data export and anonymisation, ending sessions on deactivation."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from jamlik.core.backup import model_counts
from jamlik.core.models import AuditEntry, Person
from jamlik.core.personal_data import do_anonymise_person, do_deactivate_user, export_person
from jamlik.goals.models import Strategy
from tests.conftest import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_record_into_an_empty_database(
    fresh_world: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "docs").mkdir(parents=True)
    (settings.MEDIA_ROOT / "docs" / "plan.txt").write_text("handlingsplan")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    before = model_counts()
    strategy_names = sorted(Strategy.objects.values_list("name", flat=True))
    call_command("flush", "--noinput", verbosity=0)
    (settings.MEDIA_ROOT / "docs" / "plan.txt").unlink()
    assert Strategy.objects.count() == 0
    call_command("restore", str(archive), stdout=StringIO())
    assert model_counts() == before
    assert sorted(Strategy.objects.values_list("name", flat=True)) == strategy_names
    assert (settings.MEDIA_ROOT / "docs" / "plan.txt").read_text() == "handlingsplan"
    assert Client().login(username="reader", password=PASSWORD)


@pytest.mark.django_db
def test_restore_refuses_a_database_with_data(world: Any, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    with pytest.raises(Exception, match="inte tom"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_export_of_a_person_contains_their_records(world: Any) -> None:
    person = world.users["process_leader"].person
    out = StringIO()
    call_command("person_data", str(person.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["person"]["first_name"] == "Process_leader"
    assert "core.Membership" in data["related"] and "processes.ProcessLeadership" in data["related"]
    assert "password" not in data["user"]
    assert export_person(person)["user"]["username"] == "process_leader"


@pytest.mark.django_db
def test_anonymising_keeps_records_but_removes_identity(world: Any) -> None:
    user = world.users["process_leader"]
    person = user.person
    client = Client()
    client.force_login(user)
    do_anonymise_person(person, acting_user=world.users["administrator"])
    person = Person.objects.get(pk=person.pk)
    assert person.first_name == "Anonymiserad" and person.email == ""
    assert world.objects["own_process"].leaderships.filter(person=person).exists()
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password() and user.email == ""
    assert client.get("/program/").status_code == 302  # the open session ended
    assert AuditEntry.objects.filter(code="person.anonymised").count() == 1


@pytest.mark.django_db
def test_deactivating_a_user_ends_their_sessions(world: Any) -> None:
    client = Client()
    client.force_login(world.users["reader"])
    assert client.get("/program/").status_code == 200
    do_deactivate_user(world.users["reader"], acting_user=world.users["administrator"])
    assert client.get("/program/").status_code == 302
    assert AuditEntry.objects.get(code="user.deactivated").changes == {"sessions_ended": 1}
