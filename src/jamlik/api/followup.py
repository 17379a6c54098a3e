"""Follow-up rounds and their answers over the API, through the followup app's rules and actions.

Anonymity is kept as in the UI: no answer the API returns names its author (named or not), a
participant's own answers are acknowledged only with a count, and the idempotency store never keeps
a record of that request (see `idempotency.NOT_RECORDED`), since it would tie the caller to the round.
"""

import datetime
import uuid
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from jamlik.api.common import (
    MAX_PK,
    Paging,
    acting,
    invalid,
    known_pk,
    patch_data,
    referenced,
    require,
    visible,
)
from jamlik.followup import actions
from jamlik.followup.access import get_round_for_user
from jamlik.followup.forms import managed_units
from jamlik.followup.models import Answer, FollowUpRound, Question, RoundGroup, person_of
from jamlik.processes.models import ChangeProcess

router = Router(tags=["follow-up"])

VIEW = "followup.view_followupround"


class QuestionOut(Schema):
    id: int
    position: int
    text: str


class GroupOut(Schema):
    id: int
    name: str
    date: datetime.date


QuestionText = Annotated[str, StringConstraints(max_length=500)]


class RoundOut(Schema):
    id: int
    owner_unit_id: int
    title: str
    description: str
    process_id: int | None
    method_steps: str
    is_open: bool
    allow_anonymous: bool
    questions: list[QuestionOut]
    groups: list[GroupOut]
    version: int

    @staticmethod
    def resolve_questions(obj: FollowUpRound) -> list[Question]:
        return list(obj.questions.all())

    @staticmethod
    def resolve_groups(obj: FollowUpRound) -> list[RoundGroup]:
        return list(obj.groups.all())


class RoundIn(Schema):
    owner_unit_id: int
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    process_id: int | None = None
    method_steps: str | None = Field(None, description="Leave out for the usual four steps.")
    allow_anonymous: bool = True
    questions: list[QuestionText] = Field(default_factory=list, max_length=100)


class RoundPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    process_id: int | None = None
    method_steps: str | None = None
    allow_anonymous: bool | None = None


class AnswerOut(Schema):
    """An answer, without any author: the UI shows none either, and anonymous ones have none."""

    id: uuid.UUID
    question_id: int
    group_id: int
    theme_id: int | None
    text: str


class AnswerText(Schema):
    question_id: int
    text: str = Field(min_length=1, max_length=10_000)


class AnswersIn(Schema):
    group_id: int
    answers: list[AnswerText] = Field(min_length=1, max_length=100)


class OwnAnswersIn(AnswersIn):
    anonymous: bool = False


class AnswersSent(Schema):
    count: int


def round_queryset() -> Any:
    return FollowUpRound.objects.select_related("owner_unit").prefetch_related("questions", "groups")


def _process(data: dict[str, Any]) -> dict[str, Any]:
    if "process_id" in data:
        data["process"] = referenced(ChangeProcess.objects.all(), data.pop("process_id"), "process")
    return data


def _answers(round_: FollowUpRound, payload: AnswersIn) -> tuple[RoundGroup, dict[Question, str]]:
    """The group and {question: text} the actions take; ids outside this round are a 422."""
    group = referenced(RoundGroup.objects.filter(round=round_), payload.group_id, "group")
    questions = {q.pk: q for q in round_.questions.all()}
    texts: dict[Question, str] = {}
    for item in payload.answers:
        question = questions.get(item.question_id)
        if question is None:
            raise invalid("answers", _("The question does not belong to this follow-up round."))
        texts[question] = "\n".join(filter(None, [texts.get(question, ""), item.text]))
    assert group is not None
    return group, texts


@router.get("/followup-rounds", response=list[RoundOut], operation_id="round_list")
@paginate(Paging)
def round_list(
    request: HttpRequest,
    owner_unit_id: int | None = Query(None, ge=1, le=MAX_PK),
    process_id: int | None = Query(None, ge=1, le=MAX_PK),
    is_open: bool | None = None,
) -> Any:
    rounds = round_queryset().order_by("-pk")
    if owner_unit_id is not None:
        rounds = rounds.filter(owner_unit_id=owner_unit_id)
    if process_id is not None:
        rounds = rounds.filter(process_id=process_id)
    if is_open is not None:
        rounds = rounds.filter(is_open=is_open)
    return visible(request, rounds, VIEW)


@router.post("/followup-rounds", response={201: RoundOut}, operation_id="round_create")
def round_create(request: HttpRequest, payload: RoundIn) -> Any:
    require(request, "followup.add_followupround")
    data = _process(payload.dict())
    # The same units the web form offers: the ones the caller manages.
    data["owner_unit"] = referenced(managed_units(request.user), data.pop("owner_unit_id"), "owner_unit")
    round_ = actions.do_create_round(acting_user=acting(request), **data)
    return Status(201, round_queryset().get(pk=round_.pk))


@router.get("/followup-rounds/{pk}", response=RoundOut, operation_id="round_detail")
def round_detail(request: HttpRequest, pk: int) -> Any:
    round_, _can_edit = get_round_for_user(request, known_pk(pk))
    return round_


@router.patch("/followup-rounds/{pk}", response=RoundOut, operation_id="round_update")
def round_update(request: HttpRequest, pk: int, payload: RoundPatch) -> Any:
    round_, can_edit = get_round_for_user(request, known_pk(pk))
    if not can_edit:
        raise PermissionDenied
    version, data = patch_data(payload, nullable=("process_id",))
    actions.do_update_round(
        round_, acting_user=acting(request), data=_process(data), expected_version=version
    )
    return round_queryset().get(pk=round_.pk)


@router.get("/followup-rounds/{pk}/answers", response=list[AnswerOut], operation_id="answer_list")
@paginate(Paging)
def answer_list(
    request: HttpRequest,
    pk: int,
    question_id: int | None = Query(None, ge=1, le=MAX_PK),
    group_id: int | None = Query(None, ge=1, le=MAX_PK),
    ungrouped: bool | None = Query(
        None, description="Only answers not yet under a theme (or only those under one)."
    ),
) -> Any:
    """Answers in a stable order that says nothing about when or by whom they were written."""
    round_, _can_edit = get_round_for_user(request, known_pk(pk))
    answers = Answer.objects.filter(question__round=round_).order_by(
        "question__position", "group__date", "text", "pk"
    )
    if question_id is not None:
        answers = answers.filter(question_id=question_id)
    if group_id is not None:
        answers = answers.filter(group_id=group_id)
    if ungrouped is not None:
        answers = answers.filter(theme__isnull=ungrouped)
    return answers


@router.post("/followup-rounds/{pk}/answers", response={201: AnswersSent}, operation_id="answer_submit")
def answer_submit(request: HttpRequest, pk: int, payload: OwnAnswersIn) -> Any:
    """A participant's own answers, named or (where the round allows it) anonymous; the reply is a count.

    The Idempotency-Key header is not honoured here: keeping the request would link the caller to it.
    """
    round_, _can_edit = get_round_for_user(request, known_pk(pk))
    require(request, "followup.answer_followupround", round_)
    person = person_of(request.user)
    if person is None:  # an account without a person record is asked in no group
        raise invalid("group", _("You are not asked in this group."))
    if payload.anonymous and not round_.allow_anonymous:
        # Refused rather than saved with the name: the caller asked for anonymity.
        raise invalid("anonymous", _("This follow-up round does not allow anonymous answers."))
    group, texts = _answers(round_, payload)
    count = actions.do_submit_answers(
        round_,
        acting_user=acting(request),
        person=person,
        group=group,
        answers=texts,
        anonymous=payload.anonymous,
    )
    return Status(201, {"count": count})


@router.post(
    "/followup-rounds/{pk}/recorded-answers", response={201: list[AnswerOut]}, operation_id="answer_record"
)
def answer_record(request: HttpRequest, pk: int, payload: AnswersIn) -> Any:
    """The facilitator writes down what a group said, one answer per line, without names."""
    round_, can_edit = get_round_for_user(request, known_pk(pk))
    if not can_edit:
        raise PermissionDenied
    group, texts = _answers(round_, payload)
    return Status(
        201, actions.do_record_answers(round_, acting_user=acting(request), group=group, answers=texts)
    )
