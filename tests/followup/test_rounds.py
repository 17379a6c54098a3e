"""Follow-up rounds: questions in order, groups with dates, answers from the facilitator and participants."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.followup.models import Answer, FollowUpRound

pytestmark = pytest.mark.django_db


def test_a_round_keeps_its_questions_in_order_and_gets_the_usual_method(world: Any) -> None:
    round_ = actions.do_create_round(
        acting_user=world.users[Role.PROCESS_OWNER],
        owner_unit=world.unit_a,
        title="Runda",
        questions=["Bra?", "  ", "Utmanande?", "Idéer?"],
    )
    assert [q.text for q in round_.questions.all()] == ["Bra?", "Utmanande?", "Idéer?"]
    assert len(round_.steps()) == 4
    entry = AuditEntry.objects.for_object(round_).get()
    assert entry.code == "followupround.created" and entry.actor == world.users[Role.PROCESS_OWNER]


def test_the_owner_creates_a_round_through_the_form(owner_client: Any, world: Any) -> None:
    response = owner_client.post(
        reverse("followup:round_create"),
        {
            "title": "Vårens uppföljning",
            "owner_unit": world.unit_a.pk,
            "questions": "Bra?\nUtmanande?",
            "allow_anonymous": "on",
        },
    )
    round_ = FollowUpRound.objects.get(title="Vårens uppföljning")
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.questions.count() == 2 and len(round_.steps()) == 4


def test_the_owner_cannot_create_a_round_for_another_unit(owner_client: Any, world: Any) -> None:
    response = owner_client.post(
        reverse("followup:round_create"), {"title": "X", "owner_unit": world.unit_b.pk, "questions": "Bra?"}
    )
    assert response.status_code == 400
    assert not FollowUpRound.objects.filter(title="X").exists()


def test_the_facilitator_writes_one_answer_per_line_and_sees_the_method(owner_client: Any, fu: Any) -> None:
    round_, group = fu["own_round"], fu["own_group"]
    page = owner_client.get(reverse("followup:record_answers", args=[round_.pk]))
    assert all(step in page.content.decode() for step in round_.steps())
    second = round_.questions.all()[1]
    response = owner_client.post(
        reverse("followup:record_answers", args=[round_.pk]),
        {"group": group.pk, f"q{second.pk}": "Tidsbrist\n\n  Otydligt mandat  "},
    )
    assert response.status_code == 302
    answers = Answer.objects.filter(question=second).order_by("text")
    assert [a.text for a in answers] == ["Otydligt mandat", "Tidsbrist"]
    assert all(a.group == group and a.author is None and not a.is_anonymous for a in answers)
    assert AuditEntry.objects.filter(code="answer.recorded", actor__username="process_owner").exists()


def test_a_participant_answers_in_their_own_name(as_role: Any, fu: Any, world: Any) -> None:
    client = as_role(Role.PARTICIPANT)
    round_ = fu["own_round"]
    first = round_.questions.first()
    response = client.post(
        reverse("followup:answer_round", args=[round_.pk]),
        {"group": fu["own_group"].pk, f"q{first.pk}": "Bra stöd"},
    )
    assert response.status_code == 302
    answer = Answer.objects.get(text="Bra stöd")
    assert answer.author == world.users[Role.PARTICIPANT].person
    entry = AuditEntry.objects.get(code="answer.submitted")
    assert entry.actor == world.users[Role.PARTICIPANT] and str(answer.pk) in entry.changes["answers"]


def test_only_the_people_asked_answer_and_only_while_the_round_is_open(
    as_role: Any, fu: Any, world: Any
) -> None:
    round_ = fu["own_round"]
    url = reverse("followup:answer_round", args=[round_.pk])
    assert as_role(Role.READER).get(url).status_code == 403
    assert as_role(Role.PARTICIPANT).get(url).status_code == 200
    actions.do_set_round_open(round_, acting_user=world.users[Role.PROCESS_OWNER], is_open=False)
    assert as_role(Role.PARTICIPANT).get(url).status_code == 403


def test_a_body_group_asks_everyone_in_its_unit_in_the_role(fu: Any, world: Any) -> None:
    from jamlik.core.actions import do_add_membership

    round_ = fu["own_round"]
    reader = world.users[Role.READER].person
    group = actions.do_add_round_group(
        round_,
        acting_user=None,
        name="Förvaltningsledningen",
        date=datetime.date(2024, 8, 20),
        body_unit=world.unit_a,
        body_role="management",
    )
    assert not group.asks(reader)
    do_add_membership(
        acting_user=None, person=reader, unit=world.unit_a, role="management", start=datetime.date(2020, 1, 1)
    )
    assert group.asks(reader)
    assert round_ in FollowUpRound.objects.asking(reader)


def test_the_participant_finds_the_round_on_the_follow_up_page(as_role: Any, fu: Any) -> None:
    page = as_role(Role.PARTICIPANT).get(reverse("followup:index")).content.decode()
    assert reverse("followup:answer_round", args=[fu["own_round"].pk]) in page
    page = as_role(Role.READER).get(reverse("followup:index")).content.decode()
    assert reverse("followup:answer_round", args=[fu["own_round"].pk]) not in page


def test_closing_a_round_counts_its_anonymous_answers_in_the_audit_row(fu: Any, world: Any) -> None:
    round_, group = fu["own_round"], fu["own_group"]
    question = round_.questions.first()
    participant = world.users[Role.PARTICIPANT]
    actions.do_submit_answers(
        round_,
        acting_user=participant,
        person=participant.person,
        group=group,
        answers={question: "Ett\nTvå"},
        anonymous=True,
    )
    actions.do_set_round_open(round_, acting_user=world.users[Role.PROCESS_OWNER], is_open=False)
    entry = AuditEntry.objects.get(code="followupround.closed")
    assert entry.changes["anonymous_answers"] == 2


def test_the_round_page_lists_answers_with_question_group_and_date(as_role: Any, fu: Any) -> None:
    page = as_role(Role.READER).get(fu["own_round"].get_absolute_url()).content.decode()
    assert "Ledning" in page and "Bra stöd från ledningen" in page and "Ledarforum var bra" in page
    assert "Processledningsteamet, 2024-05-09" in page
