"""Encryption at rest: no plaintext in the columns, key rotation re-encrypts every row, and production
refuses to start without real keys."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from jamlik.casework import checks
from jamlik.casework.actions import do_add_note, do_create_plan, do_rate_life_area
from jamlik.casework.crypto import CaseworkKeyError
from jamlik.casework.models import LifeArea, Note, Plan
from tests.casework.helpers import Casework

SECRET = "Remiss till psykolog efter lång sjukskrivning"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_the_database_holds_no_plaintext_of_encrypted_fields(cw: Casework) -> None:
    assert cw.plan is not None
    member = cw.plan.team.get(profession="social_worker")
    note = do_add_note(cw.plan, acting_user=None, member=member, text=SECRET)
    rating = do_rate_life_area(
        cw.plan,
        acting_user=None,
        life_area=LifeArea.objects.get(name="Hälsa"),
        situation=SECRET,
        participant_rating=3,
        professional_rating=5,
    )
    for table, column, pk in [
        ("casework_note", "text", note.pk),
        ("casework_lifearearating", "situation", rating.pk),
        ("casework_plan", "final_goal", cw.plan.pk),
    ]:
        stored = raw(table, column, pk)
        assert stored.startswith("gAAAAA"), (table, column)
        assert "psykolog" not in stored and "fritidspedagog" not in stored
    assert Note.objects.get(pk=note.pk).text == SECRET


@override_settings(CASEWORK_PERSONAL_MODE=True)
def test_identity_fields_are_encrypted_in_personal_mode(cw: Casework) -> None:
    plan = do_create_plan(
        acting_user=None,
        professional=cw.professionals["socsek"],
        case_code="FFIA-P-1",
        offered_on=datetime.date(2026, 2, 1),
        participant_name="Kim Påhittad",
        personnummer="19811218-9876",
    )
    assert "Påhittad" not in raw("casework_plan", "participant_name", plan.pk)
    assert "9876" not in raw("casework_plan", "personnummer", plan.pk)
    assert Plan.objects.get(pk=plan.pk).participant_name == "Kim Påhittad"


def test_key_rotation_re_encrypts_every_row(cw: Casework, settings: Any) -> None:
    assert cw.plan is not None
    old = list(settings.CASEWORK_KEYS)
    new = Fernet.generate_key().decode()
    member = cw.plan.team.get(profession="social_worker")
    note = do_add_note(cw.plan, acting_user=None, member=member, text=SECRET)
    before = raw("casework_note", "text", note.pk)
    settings.CASEWORK_KEYS = [new, *old]
    call_command("rotate_casework_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.CASEWORK_KEYS = [new]
    assert raw("casework_note", "text", note.pk) != before
    assert Note.objects.get(pk=note.pk).text == SECRET
    assert Plan.objects.get(pk=cw.plan.pk).final_goal == "Studier till fritidspedagog"
    settings.CASEWORK_KEYS = old
    with pytest.raises(CaseworkKeyError):
        Note.objects.get(pk=note.pk)


def test_production_refuses_to_start_without_real_keys(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.CASEWORK_DEVELOPMENT_KEY = True
    assert [e.id for e in checks.casework_keys()] == ["casework.E001"]
    settings.CASEWORK_DEVELOPMENT_KEY = False
    settings.CASEWORK_KEYS = ["not-a-key"]
    assert [e.id for e in checks.casework_keys()] == ["casework.E002"]
    settings.CASEWORK_KEYS = [Fernet.generate_key().decode()]
    assert checks.casework_keys() == []
