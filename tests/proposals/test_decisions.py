"""Decisions, feedback and assessments through the actions and pages."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.proposals.actions import do_create_proposal, do_decide_proposal, do_record_assessment
from jamlik.proposals.models import Feedback, Proposal

D = datetime.date


def client_for(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.django_db(transaction=True)
def test_decision_gives_feedback_audit_row_and_mail_after_commit(fresh_world: Any) -> None:
    world = fresh_world
    proposal = world.objects["own_proposal"]
    leader = world.users[Role.PROCESS_LEADER]
    leader.person.email = "ledare@example.org"
    leader.person.save()
    manager = world.users[Role.MANAGEMENT_MEMBER]
    mail.outbox.clear()
    decision = do_decide_proposal(
        proposal,
        acting_user=manager,
        kind="trial",
        body="Förvaltningsledningen",
        motivation="Prova ett år",
        decided_on=D(2021, 5, 1),
        trial_start=D(2021, 8, 1),
        trial_end=D(2022, 7, 31),
    )
    proposal.refresh_from_db()
    assert proposal.latest_decision == decision
    assert "Prova ett år" in decision.feedback.text
    entry = AuditEntry.objects.for_object(proposal).filter(code="proposal.decided").get()
    assert entry.actor == manager
    assert entry.changes["kind"] == "trial"
    assert [m.to for m in mail.outbox] == [["ledare@example.org"]]


def test_decision_rules(world: Any) -> None:
    proposal = world.objects["own_proposal"]
    with pytest.raises(ValidationError):
        do_decide_proposal(proposal, acting_user=None, kind="rejected", body="FVL")
    with pytest.raises(ValidationError):
        do_decide_proposal(proposal, acting_user=None, kind="referred", body="FVL", motivation="Inte vårt")
    with pytest.raises(ValidationError):
        do_decide_proposal(proposal, acting_user=None, kind="trial", body="FVL", trial_start=D(2021, 1, 1))
    assert not proposal.decisions.exists()
    assert not AuditEntry.objects.for_object(proposal).filter(code="proposal.decided").exists()


def test_latest_assessment_is_the_latest_by_date_and_all_are_kept(world: Any) -> None:
    proposal = world.objects["own_decided_proposal"]
    user = world.users[Role.MANAGEMENT_MEMBER]
    later = do_record_assessment(
        proposal,
        acting_user=user,
        state="implemented",
        assessed_on=D(2021, 8, 1),
        assessor_name="Eva Exempel",
        assessor_role="Koordinator",
    )
    do_record_assessment(
        proposal,
        acting_user=user,
        state="partly",
        assessed_on=D(2021, 3, 1),
        assessor_name="Eva Exempel",
        assessor_role="Koordinator",
    )
    proposal.refresh_from_db()
    assert proposal.latest_assessment == later
    assert proposal.assessments.count() == 2
    assert AuditEntry.objects.for_object(proposal).filter(code="proposal.assessed").count() == 2
    assert not Proposal.objects.decided_not_implemented().filter(pk=proposal.pk).exists()


def test_decided_but_not_implemented_and_stale_lists(world: Any) -> None:
    decided = world.objects["own_decided_proposal"]
    do_record_assessment(
        decided,
        acting_user=None,
        state="waiting",
        assessed_on=D(2021, 1, 1),
        assessor_name="A",
        assessor_role="B",
    )
    assert decided in Proposal.objects.decided_not_implemented()
    with time_machine.travel(datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC)):
        fresh = do_create_proposal(
            world.objects["own_process"], acting_user=None, title="Färskt", submitted_on=D(2021, 5, 25)
        )
        stale = set(Proposal.objects.stale(weeks=8))
    assert world.objects["own_proposal"] in stale
    assert fresh not in stale
    assert decided not in stale


def test_feedback_reaches_the_leaders_and_they_mark_it_read(world: Any) -> None:
    client = client_for(world, Role.PROCESS_LEADER)
    response = client.get(reverse("proposals:feedback"))
    assert response.status_code == 200
    shown = list(response.context["feedback"])
    assert shown == [world.objects["own_feedback"]]
    response = client.post(reverse("proposals:feedback_acknowledge", args=[shown[0].pk]))
    assert response.status_code == 302
    feedback = Feedback.objects.get(pk=shown[0].pk)
    assert feedback.acknowledged_by == world.users[Role.PROCESS_LEADER]
    assert AuditEntry.objects.filter(code="proposal.feedback_read").count() == 1


def test_management_decides_through_the_page(world: Any) -> None:
    client = client_for(world, Role.MANAGEMENT_MEMBER)
    proposal = world.objects["own_proposal"]
    url = reverse("proposals:decide", args=[proposal.pk])
    bad = client.post(url, {"kind": "rejected", "decided_on": "2021-05-01", "body": "FVL", "motivation": ""})
    assert bad.status_code == 400
    assert not proposal.decisions.exists()
    response = client.post(
        url,
        {
            "kind": "prioritised",
            "decided_on": "2021-05-01",
            "body": "FVL",
            "motivation": "Viktigt",
            "feedback": "Kör!",
        },
    )
    assert response.status_code == 302
    assert proposal.decisions.get().feedback.text == "Kör!"


def test_lists_keep_their_query_count(world: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(15):
        p = do_create_proposal(
            world.objects["own_process"], acting_user=None, title=f"F{i}", submitted_on=D(2020, 1, 1)
        )
        if i % 2:
            do_decide_proposal(p, acting_user=None, kind="prioritised", body="FVL", decided_on=D(2020, 2, 1))
    client = client_for(world, Role.READER)
    for name in ("proposals:queue", "proposals:not_implemented", "proposals:stale"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("proposals:feedback")).status_code == 200


def test_export_escapes_formulas(world: Any) -> None:
    do_create_proposal(
        world.objects["own_process"],
        acting_user=None,
        title='=HYPERLINK("http://x")',
        heading="+1",
        submitted_on=D(2021, 1, 1),
    )
    client = client_for(world, Role.READER)
    body = client.get(reverse("proposals:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    row = next(r for r in rows if "HYPERLINK" in r[2])
    assert row[2].startswith("'=") and row[1] == "'+1"
    data = client.get(reverse("proposals:export_xlsx")).content
    sheet = load_workbook(io.BytesIO(data)).active
    titles = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in titles
    assert all(not (isinstance(t, str) and t.startswith("=")) for t in titles)


def test_target_area_page_lists_linked_proposals_with_status(world: Any) -> None:
    area = world.objects["own_target_area"]
    proposal = world.objects["own_decided_proposal"]
    proposal.target_areas.add(area)
    client = client_for(world, Role.READER)
    response = client.get(reverse("goals:target_area_detail", args=[area.pk]))
    assert response.status_code == 200
    assert list(response.context["linked_proposals"]) == [proposal]


def test_timeline_shows_everything_in_date_order(world: Any) -> None:
    from jamlik.processes.actions import do_add_activity, do_change_purpose

    process = world.objects["own_process"]
    do_change_purpose(process, acting_user=None, purpose="Syfte", on=D(2020, 2, 1))
    do_add_activity(process, acting_user=None, date=D(2020, 3, 1), kind="workshop", description="Verkstad")
    proposal = do_create_proposal(
        process, acting_user=None, title="Tidslinjeförslag", submitted_on=D(2020, 4, 1)
    )
    do_decide_proposal(proposal, acting_user=None, kind="prioritised", body="FVL", decided_on=D(2020, 5, 1))
    do_record_assessment(
        proposal,
        acting_user=None,
        state="implemented",
        assessed_on=D(2020, 9, 1),
        assessor_name="A",
        assessor_role="B",
    )
    client = client_for(world, Role.READER)
    timeline = client.get(reverse("processes:detail", args=[process.pk])).context["timeline"]
    kinds = [e.kind for e in timeline if e.on >= D(2020, 2, 1)]
    dates = [e.on for e in timeline]
    assert dates == sorted(dates)
    for kind in ("purpose", "activity", "proposal", "decision", "assessment"):
        assert kind in kinds
    assert kinds.index("purpose") < kinds.index("activity") < kinds.index("assessment")
