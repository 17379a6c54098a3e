"""The evaluation survey after an event: questions, personal invitations, responses.

Anonymity is kept by the tables themselves, not only by the pages. An invitation knows whom it was sent
to and whether it has been answered, but not when (a time would match the response's). A response of an
anonymous survey has no registration (a check constraint forbids one), no timestamp and a random key, so
its row order and key cannot be laid beside the invitations either. The answers hang on the response
and have random keys for the same reason.

What the tables cannot hide: marking the invitation and saving the response happen in one transaction,
so someone with raw access to a PostgreSQL database could match the two rows by the system column
`xmin` (the writing transaction's id). Nobody reaches that through the application.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.models import VersionedModel
from jamlik.events.models import Event, Registration, Session, hash_token

# Below this many answers to a question of an anonymous survey its results are not shown (nor passed
# on to a follow-up round): with one or two answers the organiser could guess who wrote them.
ANONYMITY_THRESHOLD = 3
RATING_SCALE = range(1, 6)


class Survey(VersionedModel):
    """The one evaluation survey of an event, defined by the organiser and sent after the event."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="survey"
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions, e.g. why you ask and how the answers will be used."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Answers are stored without any link to the person; only that they have answered is kept, so "
            "nobody answers twice. Cannot be changed once the survey has been sent."
        ),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), help_text=_("After this time no more answers are taken."))
    first_sent_at = models.DateTimeField(_("first sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_open"
            )
        ]

    def __str__(self) -> str:
        return str(_("Evaluation of %(title)s") % {"title": self.event.title})

    def get_absolute_url(self) -> str:
        return reverse("events:evaluation", args=[self.event_id])

    def permission_unit_id(self) -> int:
        return self.event.organiser_unit_id

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_been_sent(self) -> bool:
        return self.first_sent_at is not None


class SurveyQuestion(models.Model):
    """One question of a survey: a rating 1–5 (of the day, or of one session), a choice, or free text."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        CHOICE = "choice", _("Single choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_questions",
        help_text=_("For a question about one session: only the people who had a seat in it are asked."),
    )
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For a single-choice question: one option per line, at least two."),
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def by_token(self, token: str) -> Invitation | None:
        return (
            self.select_related("survey__event__organiser_unit", "registration")
            .filter(token_hash=hash_token(token))
            .first()
        )


class Invitation(models.Model):
    """The survey sent to one registrant, with its own personal answer link (only the hash is kept)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    # Deliberately no time: a time of answering would match the response it produced.
    answered = models.BooleanField(_("answered"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "registration"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.survey} – {self.registration.name}"


class Response(models.Model):
    """One person's filled-in survey. Anonymous: no registration, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    is_anonymous = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(registration__isnull=True),
                name="response_anonymous_no_person",
            ),
            models.UniqueConstraint(fields=["survey", "registration"], name="response_once_per_registration"),
        ]

    def __str__(self) -> str:
        return str(self.survey)


class ResponseAnswer(models.Model):
    """The answer to one question in one response: a rating, a chosen option or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.text}: {self.rating or self.choice or self.text[:60]}"


class FollowUpFeed(models.Model):
    """A free-text answer passed on to a follow-up round's question, so passing it again adds nothing."""

    answer = models.ForeignKey(ResponseAnswer, on_delete=models.CASCADE, related_name="feeds")
    followup_question = models.ForeignKey(
        "followup.Question", on_delete=models.CASCADE, related_name="evaluation_feeds"
    )
    followup_answer = models.ForeignKey(
        "followup.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("answer passed to a follow-up round")
        verbose_name_plural = _("answers passed to follow-up rounds")
        constraints = [
            models.UniqueConstraint(fields=["answer", "followup_question"], name="evaluation_feed_once")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.followup_question_id}"


__all__ = [
    "ANONYMITY_THRESHOLD",
    "RATING_SCALE",
    "FollowUpFeed",
    "Invitation",
    "Response",
    "ResponseAnswer",
    "Survey",
    "SurveyQuestion",
]
