"""Fetching follow-up objects for a user: invisible and non-existent objects answer alike (404).

Parts (questions, themes, answers, plan themes, actions …) are fetched through the object that owns
them, and the owner's permission decides.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from jamlik.followup.models import (
    Action,
    ActionPlan,
    Answer,
    FollowUpRound,
    Forum,
    ForumMeeting,
    Idea,
    LearningLog,
    Question,
    Theme,
    WheelStop,
    WorkshopSubmission,
)

M = TypeVar("M", bound=models.Model)


def _get(request: HttpRequest, queryset: models.QuerySet[M], pk: Any, perm: str, owner: Any = None) -> M:
    obj = queryset.filter(pk=pk).first()
    if obj is None or not request.user.has_perm(perm, owner(obj) if owner else obj):
        raise Http404
    return obj


def _can(request: HttpRequest, perm: str, obj: Any) -> bool:
    return bool(request.user.has_perm(perm, obj))


def get_round_for_user(request: HttpRequest, pk: int) -> tuple[FollowUpRound, bool]:
    round_ = _get(
        request,
        FollowUpRound.objects.select_related("owner_unit", "process"),
        pk,
        "followup.view_followupround",
    )
    return round_, _can(request, "followup.change_followupround", round_)


def get_question_for_user(request: HttpRequest, pk: int) -> tuple[Question, bool]:
    question = _get(
        request,
        Question.objects.select_related("round"),
        pk,
        "followup.view_followupround",
        owner=lambda q: q.round,
    )
    return question, _can(request, "followup.change_followupround", question.round)


def get_theme_for_user(request: HttpRequest, pk: int) -> tuple[Theme, bool]:
    theme = _get(
        request,
        Theme.objects.select_related("question__round"),
        pk,
        "followup.view_followupround",
        owner=lambda t: t.question.round,
    )
    return theme, _can(request, "followup.change_followupround", theme.question.round)


def get_answer_for_user(request: HttpRequest, pk: Any) -> tuple[Answer, bool]:
    answer = _get(
        request,
        Answer.objects.select_related("question__round", "group", "theme"),
        pk,
        "followup.view_followupround",
        owner=lambda a: a.question.round,
    )
    return answer, _can(request, "followup.change_followupround", answer.question.round)


def get_log_for_user(request: HttpRequest, pk: int) -> tuple[LearningLog, bool]:
    log = _get(
        request, LearningLog.objects.select_related("process", "author"), pk, "followup.view_learninglog"
    )
    return log, _can(request, "followup.change_learninglog", log)


def get_idea_for_user(request: HttpRequest, pk: int) -> tuple[Idea, bool]:
    idea = _get(request, Idea.objects.select_related("owner_unit"), pk, "followup.view_idea")
    return idea, _can(request, "followup.change_idea", idea)


def get_plan_for_user(request: HttpRequest, pk: int) -> tuple[ActionPlan, bool]:
    plan = _get(
        request, ActionPlan.objects.select_related("owner_unit", "process"), pk, "followup.view_actionplan"
    )
    return plan, _can(request, "followup.change_actionplan", plan)


def get_action_for_user(request: HttpRequest, pk: int) -> tuple[Action, bool]:
    action = _get(
        request,
        Action.objects.select_related("theme__plan", "owner"),
        pk,
        "followup.view_actionplan",
        owner=lambda a: a.theme.plan,
    )
    return action, _can(request, "followup.change_actionplan", action.theme.plan)


def get_stop_for_user(request: HttpRequest, pk: int) -> tuple[WheelStop, bool]:
    stop = _get(
        request, WheelStop.objects.select_related("unit", "owner", "room"), pk, "followup.view_wheelstop"
    )
    return stop, _can(request, "followup.change_wheelstop", stop)


def get_forum_for_user(request: HttpRequest, pk: int) -> tuple[Forum, bool]:
    forum = _get(request, Forum.objects.select_related("owner_unit"), pk, "followup.view_forum")
    return forum, _can(request, "followup.change_forum", forum)


def get_meeting_for_user(request: HttpRequest, pk: int) -> tuple[ForumMeeting, bool]:
    meeting = _get(
        request,
        ForumMeeting.objects.select_related("forum"),
        pk,
        "followup.view_forum",
        owner=lambda m: m.forum,
    )
    return meeting, _can(request, "followup.change_forum", meeting.forum)


def get_submission_for_user(request: HttpRequest, pk: int) -> tuple[WorkshopSubmission, bool]:
    submission = _get(
        request,
        WorkshopSubmission.objects.select_related("forum"),
        pk,
        "followup.view_workshopsubmission",
    )
    return submission, _can(request, "followup.change_workshopsubmission", submission)
