"""The participant's rights: everything held (GDPR art. 15), thinning, and the retention purge."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from jamlik.casework.actions import do_add_note, do_close_plan
from jamlik.casework.models import AccessLogEntry, Note, Plan
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from tests.casework.helpers import CASE_CODE, Casework


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_personal_data_command_exports_a_participant(cw: Casework) -> None:
    assert cw.plan is not None
    member = cw.plan.team.get(profession="labour_consultant")
    do_add_note(cw.plan, acting_user=None, member=member, text="Praktik på stadsmiljöförvaltningen")
    Client().force_login(cw.users["chef"])
    export = json.loads(run("person_data", "--case", CASE_CODE))
    assert export["plan"]["final_goal"] == "Studier till fritidspedagog"
    assert [n["text"] for n in export["notes"]] == ["Praktik på stadsmiljöförvaltningen"]
    assert len(export["team"]) == 2
    assert "access_log" in export


def test_the_team_downloads_the_export_and_the_download_is_logged(cw: Casework) -> None:
    assert cw.plan is not None
    client = Client()
    client.force_login(cw.users["chef"])
    response = client.get(f"/familjearbete/planer/{cw.plan.pk}/export/")
    assert response.status_code == 200
    assert json.loads(response.content)["plan"]["case_code"] == CASE_CODE
    assert AccessLogEntry.objects.filter(user=cw.users["chef"], action="export").exists()


def test_erasure_thins_the_plan_but_keeps_the_counts(world: Any, cw: Casework) -> None:
    assert cw.plan is not None
    member = cw.plan.team.get(profession="social_worker")
    do_add_note(cw.plan, acting_user=None, member=member, text="Känsligt")
    with pytest.raises(CommandError):
        run("person_data", "--case", CASE_CODE, "--anonymise", "--by", "nobody")
    run("person_data", "--case", CASE_CODE, "--anonymise", "--by", world.users[Role.ADMINISTRATOR].username)
    plan = Plan.objects.get(pk=cw.plan.pk)
    assert plan.erased_at is not None and plan.final_goal == "" and plan.case_code != CASE_CODE
    assert plan.participant_sex == "woman"
    assert not Note.objects.filter(plan=plan).exists()
    assert AuditEntry.objects.filter(code="casework_plan.thinned").exists()


def test_the_retention_purge_thins_old_plans_and_old_access_log_rows(cw: Casework, settings: Any) -> None:
    assert cw.plan is not None
    do_close_plan(cw.plan, acting_user=None, outcome="studies", outcome_on=datetime.date(2026, 6, 1))
    Plan.objects.filter(pk=cw.plan.pk).update(closed_on=datetime.date(2015, 1, 1))
    old = AccessLogEntry.objects.create(
        username="x",
        relation="team",
        plan=cw.plan,
        section="overview",
        action="read",
        at=timezone.now() - datetime.timedelta(days=6 * 365),
    )
    recent = AccessLogEntry.objects.create(
        username="x",
        relation="team",
        plan=cw.plan,
        section="overview",
        action="read",
        at=timezone.now() - datetime.timedelta(days=4 * 365),
    )
    output = run("purge_audit")
    assert "familjeplaner" in output
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    assert Plan.objects.get(pk=cw.plan.pk).erased_at is not None


def test_the_access_log_cannot_be_changed_or_deleted(cw: Casework) -> None:
    assert cw.plan is not None
    entry = AccessLogEntry.objects.create(
        username="x", relation="team", plan=cw.plan, section="s", action="read"
    )
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(section="y")
    with pytest.raises(PermissionError):
        entry.save()
