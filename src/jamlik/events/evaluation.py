"""Actions and results of the evaluation survey: define it, send it, answer it, summarise it, pass it on.

Every change is one transaction with its audit row, except an anonymous answer: like an anonymous answer
to a follow-up round (see followup/actions.py), it writes no audit row, because a row written at that
moment would sit in the log's time and sequence next to whatever else its author did.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import altair as alt
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.audit import log_action
from jamlik.core.models import User
from jamlik.events import evaluation_emails
from jamlik.events.actions import default_site_url
from jamlik.events.evaluation_models import (
    ANONYMITY_THRESHOLD,
    RATING_SCALE,
    FollowUpFeed,
    Invitation,
    Response,
    ResponseAnswer,
    Survey,
    SurveyQuestion,
)
from jamlik.events.models import Event, Registration, Session, hash_token
from jamlik.followup import actions as followup_actions
from jamlik.followup.models import FollowUpRound, RoundGroup
from jamlik.followup.models import Question as FollowUpQuestion
from jamlik.indicators.charts import render_svg


class EvaluationError(Exception):
    """A request the survey's rules refuse; the message is shown to the user as it is."""

    def __init__(self, message: Any, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


# --- Defining the survey ------------------------------------------------------------------------


def do_create_survey(event: Event, *, acting_user: User | None, **fields: Any) -> Survey:
    if Survey.objects.filter(event=event).exists():
        raise EvaluationError(gettext_lazy("The event already has an evaluation survey."), "exists")
    survey: Survey = create_logged(
        Survey, acting_user=acting_user, audit_code="evaluation.created", event=event, **fields
    )
    return survey


def do_update_survey(
    survey: Survey, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Change dates or texts. Anonymity is a promise to the people asked: fixed once the survey is sent."""
    if survey.has_been_sent() and "anonymous" in data and data["anonymous"] != survey.anonymous:
        raise EvaluationError(
            gettext_lazy("The survey has been sent, so whether it is anonymous can no longer be changed."),
            "anonymity_fixed",
        )
    return save_versioned(
        survey,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="evaluation.changed",
    )


def check_question(survey: Survey, *, kind: str, options: str, session: Session | None) -> None:
    """The rules for one question; the form shows the same messages beside the fields."""
    option_list = [line.strip() for line in options.splitlines() if line.strip()]
    if kind == SurveyQuestion.Kind.CHOICE and len(option_list) < 2:
        raise EvaluationError(gettext_lazy("A single-choice question needs at least two options."), "options")
    if kind == SurveyQuestion.Kind.CHOICE and len(set(option_list)) != len(option_list):
        raise EvaluationError(gettext_lazy("Each option can only be given once."), "options")
    if kind != SurveyQuestion.Kind.CHOICE and option_list:
        raise EvaluationError(gettext_lazy("Only single-choice questions have options."), "options")
    if session is not None and session.event_id != survey.event_id:
        raise EvaluationError(gettext_lazy("The session belongs to another event."), "session")


def do_add_survey_question(
    survey: Survey,
    *,
    acting_user: User | None,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    session: Session | None = None,
    options: str = "",
) -> SurveyQuestion:
    """Add a question at the end. Once sent, the questions are fixed so that answers stay comparable."""
    if survey.has_been_sent():
        raise EvaluationError(
            gettext_lazy("The survey has been sent; its questions can no longer be changed."), "sent"
        )
    check_question(survey, kind=kind, options=options, session=session)
    last = survey.questions.order_by("-position").values_list("position", flat=True).first() or 0
    question: SurveyQuestion = create_logged(
        SurveyQuestion,
        acting_user=acting_user,
        audit_code="evaluation.question_added",
        survey=survey,
        position=last + 1,
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        session=session,
        options="\n".join(line.strip() for line in options.splitlines() if line.strip()),
    )
    return question


# --- Sending ------------------------------------------------------------------------------------


def survey_recipients(survey: Survey) -> Any:
    """Confirmed registrations not yet invited: sending again reaches only people added since."""
    return (
        Registration.objects.confirmed()
        .filter(event_id=survey.event_id)
        .exclude(survey_invitations__survey=survey)
        .order_by("pk")
    )


def do_send_survey(survey: Survey, *, acting_user: User | None, site_url: str = "") -> int:
    """Invite every confirmed registrant not yet invited, each with a personal answer link.

    Returns how many were invited now (0 when everyone already had it). The e-mails go after commit.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).select_related("event").get(pk=survey.pk)
        now = timezone.now()
        if now < survey.event.ends_at:
            raise EvaluationError(gettext_lazy("The survey can be sent once the event has ended."), "early")
        if now >= survey.closes_at:
            raise EvaluationError(
                gettext_lazy("The survey has closed; change its closing date first."), "closed"
            )
        if not survey.questions.exists():
            raise EvaluationError(gettext_lazy("Add at least one question before sending."), "empty")
        pairs = [(registration, secrets.token_urlsafe(32)) for registration in survey_recipients(survey)]
        new = Invitation.objects.bulk_create(
            Invitation(survey=survey, registration=registration, token_hash=hash_token(token), sent_at=now)
            for registration, token in pairs
        )
        by_pk = {invitation.pk: token for invitation, (_registration, token) in zip(new, pairs, strict=True)}
        if survey.first_sent_at is None and new:
            Survey.objects.filter(pk=survey.pk).update(first_sent_at=now)
        log_action(
            "evaluation.sent",
            actor=acting_user,
            obj=survey,
            changes={"recipients": len(new), "invited_in_total": survey.invitations.count()},
        )
        if by_pk:
            transaction.on_commit(
                partial(evaluation_emails.send_invitations, by_pk, site_url or default_site_url())
            )
    return len(new)


# --- Answering ----------------------------------------------------------------------------------


def questions_for(invitation: Invitation) -> list[SurveyQuestion]:
    """The survey's questions for this registrant: a session's questions only if they had a seat in it."""
    seated = set(invitation.registration.session_seats.values_list("session_id", flat=True))
    return [
        q
        for q in invitation.survey.questions.select_related("session")
        if q.session_id is None or q.session_id in seated
    ]


@dataclass(frozen=True)
class AnswerValue:
    rating: int | None = None
    choice: str = ""
    text: str = ""

    def is_empty(self) -> bool:
        return self.rating is None and not self.choice and not self.text.strip()


def _check_answers(questions: list[SurveyQuestion], answers: Mapping[SurveyQuestion, AnswerValue]) -> None:
    allowed = {q.pk for q in questions}
    for question, value in answers.items():
        if question.pk not in allowed:
            raise EvaluationError(gettext_lazy("An answer is to a question you were not asked."), "foreign")
        if value.rating is not None and value.rating not in RATING_SCALE:
            raise EvaluationError(gettext_lazy("A rating goes from 1 to 5."), "rating")
        if value.choice and value.choice not in question.option_list():
            raise EvaluationError(gettext_lazy("Choose one of the options given."), "choice")
    for question in questions:
        if question.required and answers.get(question, AnswerValue()).is_empty():
            raise EvaluationError(
                _("Answer the question “%(question)s”.") % {"question": question.text}, "required"
            )


def do_answer_survey(invitation: Invitation, *, answers: Mapping[SurveyQuestion, AnswerValue]) -> Response:
    """Save one person's answers, once. A second answer with the same link is refused.

    The invitation is marked answered with a conditional update in the same transaction, so two
    submissions racing each other cannot both get through. For an anonymous survey the response gets
    no registration and no audit row is written (see the module docstring).
    """
    survey = invitation.survey
    now = timezone.now()
    if not survey.is_open(now):
        raise EvaluationError(gettext_lazy("The survey is closed."), "closed")
    questions = questions_for(invitation)
    _check_answers(questions, answers)
    with transaction.atomic():
        marked = Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True)
        if not marked:
            raise EvaluationError(
                gettext_lazy("You have already answered this survey. Thank you!"), "answered"
            )
        response = Response.objects.create(
            survey=survey,
            registration=None if survey.anonymous else invitation.registration,
            is_anonymous=survey.anonymous,
        )
        ResponseAnswer.objects.bulk_create(
            ResponseAnswer(
                response=response,
                question=question,
                rating=value.rating,
                choice=value.choice,
                text=value.text.strip(),
            )
            for question, value in answers.items()
            if not value.is_empty()
        )
        if not survey.anonymous:
            log_action(
                "evaluation.answered",
                actor=None,
                actor_name=f"registration {invitation.registration_id}",
                obj=survey,
                changes={"response": str(response.pk)},
            )
    invitation.answered = True
    return response


# --- Results ------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: SurveyQuestion
    count: int
    hidden: bool
    rows: list[ResultRow] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    svg: str = ""


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responses: int
    questions: list[QuestionResult]
    threshold: int

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.responses / self.invited) if self.invited else None


def _bar_chart(rows: list[ResultRow], title: str) -> str:
    """Horizontal bars, one per answer option, in the options' own order."""
    values = [{"label": row.label, "count": row.count} for row in rows]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#0b5394")
        .encode(
            y=alt.Y("label:N", title=None, sort=[row.label for row in rows]),
            x=alt.X("count:Q", title=_("Number of answers"), axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=420, height=28 * len(rows), title=title, description=title)
    )
    return render_svg(chart.to_dict(validate=False))


def _rows(labels: list[str], counts: Mapping[str, int]) -> list[ResultRow]:
    total = sum(counts.values())
    return [
        ResultRow(label, counts.get(label, 0), round(100 * counts.get(label, 0) / total) if total else 0)
        for label in labels
    ]


def _question_result(
    question: SurveyQuestion, answers: list[ResponseAnswer], anonymous: bool, charts: bool
) -> QuestionResult:
    count = len(answers)
    result = QuestionResult(question, count, hidden=anonymous and count < ANONYMITY_THRESHOLD)
    if result.hidden or not count:
        return result
    if question.kind == SurveyQuestion.Kind.RATING:
        ratings = [a.rating for a in answers if a.rating is not None]
        counts = {str(n): ratings.count(n) for n in RATING_SCALE}
        result.rows = _rows([str(n) for n in RATING_SCALE], counts)
        result.mean = round(sum(ratings) / len(ratings), 1) if ratings else None
    elif question.kind == SurveyQuestion.Kind.CHOICE:
        chosen = [a.choice for a in answers]
        options = question.option_list()
        labels = options + sorted({c for c in chosen if c not in options})
        result.rows = _rows(labels, {label: chosen.count(label) for label in labels})
    else:
        result.texts = sorted(a.text for a in answers if a.text)
    if result.rows and charts:
        result.svg = _bar_chart(result.rows, question.text)
    return result


def survey_results(survey: Survey, *, charts: bool = True) -> SurveyResults:
    """Counts per question, with a chart and a table each; small anonymous groups are held back."""
    by_question: dict[int, list[ResponseAnswer]] = {}
    for answer in ResponseAnswer.objects.filter(response__survey=survey).order_by("pk"):
        by_question.setdefault(answer.question_id, []).append(answer)
    questions = [
        _question_result(q, by_question.get(q.pk, []), survey.anonymous, charts)
        for q in survey.questions.select_related("session")
    ]
    return SurveyResults(
        survey=survey,
        invited=survey.invitations.count(),
        responses=survey.responses.count(),
        questions=questions,
        threshold=ANONYMITY_THRESHOLD,
    )


# --- Passing answers on to a follow-up round ----------------------------------------------------


def feed_group(round_: FollowUpRound, event: Event, *, acting_user: User | None) -> RoundGroup:
    """The round's group for this event's participants, created the first time answers are passed on."""
    name = _("Evaluation: %(title)s") % {"title": event.title}
    date = timezone.localtime(event.starts_at).date()
    group = RoundGroup.objects.filter(round=round_, name=name, date=date).first()
    if group is None:
        group = followup_actions.do_add_round_group(round_, acting_user=acting_user, name=name, date=date)
    return group


def do_feed_followup_round(
    survey: Survey,
    *,
    acting_user: User,
    question: SurveyQuestion,
    target: FollowUpQuestion,
) -> int:
    """Pass the free-text answers of `question` to the follow-up question `target`, each as one answer.

    Answers passed on before are skipped, so doing it twice adds nothing. For an anonymous survey a
    question with fewer answers than the threshold passes nothing on. Returns how many were added.
    """
    if question.survey_id != survey.pk or question.kind != SurveyQuestion.Kind.TEXT:
        raise EvaluationError(gettext_lazy("Only the survey's free-text questions can be passed on."), "kind")
    with transaction.atomic():
        round_ = FollowUpRound.objects.select_for_update().get(pk=target.round_id)
        answers = list(ResponseAnswer.objects.filter(question=question).exclude(text="").order_by("pk"))
        if survey.anonymous and len(answers) < ANONYMITY_THRESHOLD:
            raise EvaluationError(
                gettext_lazy("Too few answers to pass on without risking someone's anonymity."), "too_few"
            )
        done = set(
            FollowUpFeed.objects.filter(followup_question=target, answer__in=answers).values_list(
                "answer_id", flat=True
            )
        )
        new = [a for a in answers if a.pk not in done]
        if new:
            group = feed_group(round_, survey.event, acting_user=acting_user)
            # One follow-up answer per line: each evaluation answer is made one line first.
            text = "\n".join(" ".join(a.text.split()) for a in new)
            created = followup_actions.do_record_answers(
                round_, acting_user=acting_user, group=group, answers={target: text}
            )
            FollowUpFeed.objects.bulk_create(
                FollowUpFeed(answer=a, followup_question=target, followup_answer=f)
                for a, f in zip(new, created, strict=True)
            )
        log_action(
            "evaluation.fed_followup",
            actor=acting_user,
            obj=survey,
            changes={
                "question": question.text,
                "round": {"id": round_.pk, "repr": str(round_)},
                "followup_question": target.text,
                "added": len(new),
                "already_there": len(done),
            },
        )
    return len(new)


def feedable_rounds(user: Any) -> list[FollowUpRound]:
    """Follow-up rounds the user may compile, i.e. add answers to."""
    rounds = FollowUpRound.objects.select_related("owner_unit").prefetch_related("questions").order_by("-pk")
    return [r for r in rounds if user.has_perm("followup.change_followupround", r)]
