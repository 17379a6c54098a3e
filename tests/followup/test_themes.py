"""The compiler groups answers under themes: create, rename, merge, move, accept a suggestion."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.followup.models import Answer, Theme

pytestmark = pytest.mark.django_db

ANSWERS = [
    "Stödet från ledningen har varit starkt",
    "Ledningen har gett tydligt stöd",
    "Kollegial coaching har gett lärande",
    "Coaching i grupp har gett gemensamt lärande",
    "Lokalerna var för små",
]


@pytest.fixture
def answers(fu: Any) -> list[Answer]:
    round_ = fu["own_round"]
    question = round_.questions.all()[1]
    return actions.do_record_answers(
        round_, acting_user=None, group=fu["own_group"], answers={question: "\n".join(ANSWERS)}
    )


def test_rename_merge_and_move_keep_question_group_and_date(
    owner_client: Any, answers: list[Answer], world: Any
) -> None:
    question = answers[0].question
    owner = world.users[Role.PROCESS_OWNER]
    support = actions.do_create_theme(question, acting_user=owner, name="Stöd", answers=answers[:1])
    leadership = actions.do_create_theme(question, acting_user=owner, name="Ledning", answers=answers[1:2])

    owner_client.post(reverse("followup:theme_rename", args=[support.pk]), {"name": "Ledningens stöd"})
    owner_client.post(reverse("followup:theme_merge", args=[support.pk]), {"sources": [leadership.pk]})
    owner_client.post(reverse("followup:answer_move", args=[answers[4].pk]), {"theme": support.pk})
    owner_client.post(reverse("followup:answer_move", args=[answers[4].pk]), {"theme": ""})

    support.refresh_from_db()
    assert support.name == "Ledningens stöd"
    assert not Theme.objects.filter(pk=leadership.pk).exists()
    assert {a.text for a in support.answers.all()} == set(ANSWERS[:2])
    moved = Answer.objects.get(pk=answers[4].pk)
    assert moved.theme is None and moved.question == question and moved.group.date == answers[4].group.date
    codes = list(AuditEntry.objects.filter(actor=owner).values_list("code", flat=True))
    assert {"theme.created", "theme.renamed", "theme.merged", "answer.moved"} <= set(codes)


def test_answers_cannot_move_to_another_question_s_theme(fu: Any, answers: list[Answer], world: Any) -> None:
    with pytest.raises(ValidationError):
        actions.do_move_answer(answers[0], acting_user=world.users[Role.PROCESS_OWNER], theme=fu["own_theme"])


def test_the_compile_page_suggests_themes_and_accepting_one_creates_it(
    owner_client: Any, answers: list[Answer]
) -> None:
    question = answers[0].question
    page = owner_client.get(reverse("followup:compile", args=[question.round_id]))
    suggestions = page.context["questions"][1].suggestions
    grouped = [{a.text for a in s.items} for s in suggestions]
    assert set(ANSWERS[:2]) in grouped and set(ANSWERS[2:4]) in grouped
    coaching = next(s for s in suggestions if {a.text for a in s.items} == set(ANSWERS[2:4]))
    response = owner_client.post(
        reverse("followup:theme_create", args=[question.pk]),
        {"name": coaching.label, "answers": [a.pk for a in coaching.items]},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name=coaching.label)
    assert {a.text for a in theme.answers.all()} == set(ANSWERS[2:4])
    # Grouped answers are no longer suggested.
    page = owner_client.get(reverse("followup:compile", args=[question.round_id]))
    assert all(
        not {a.text for a in s.items} & set(ANSWERS[2:4]) for s in page.context["questions"][1].suggestions
    )


def test_the_compile_page_runs_a_fixed_number_of_queries(
    owner_client: Any, answers: list[Answer], django_assert_max_num_queries: Any
) -> None:
    url = reverse("followup:compile", args=[answers[0].question.round_id])
    owner_client.get(url)
    with django_assert_max_num_queries(25):
        owner_client.get(url)
