"""The evaluation survey: defining it, sending it once, answering once, anonymity, results, follow-up."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.events.actions import do_register
from jamlik.events.evaluation import (
    AnswerValue,
    EvaluationError,
    do_add_survey_question,
    do_answer_survey,
    do_create_survey,
    do_feed_followup_round,
    do_send_survey,
    survey_results,
)
from jamlik.events.evaluation_models import Invitation, Response, ResponseAnswer, Survey, SurveyQuestion
from jamlik.events.models import Event, Registration
from jamlik.followup import actions as followup_actions
from jamlik.followup.models import Answer as FollowUpAnswer
from tests.events.helpers import make_event

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _client(world: Any, role: str = "process_owner") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.fixture
def event(world: Any) -> Event:
    """An event a month ahead: four confirmed registrants with morning sessions, and one cancelled."""
    event = make_event(world.unit_a, capacity=10, release_in_days=None)
    morning = list(event.sessions.filter(slot__label="Förmiddag").order_by("title"))
    for n, name in enumerate(["Ada Ek", "Bo Ask", "Cia Alm", "Dan Lind"]):
        do_register(event, name=name, email=f"p{n}@example.org", unit=world.unit_a, sessions=[morning[n % 2]])
    gone, _token = do_register(event, name="Eva Borta", email="gone@example.org", unit=world.unit_a)
    from jamlik.events.actions import do_cancel_registration

    do_cancel_registration(gone)
    return event


def _survey(event: Event, *, anonymous: bool = True) -> Survey:
    survey = do_create_survey(
        event,
        acting_user=None,
        anonymous=anonymous,
        opens_at=event.ends_at,
        closes_at=event.ends_at + datetime.timedelta(days=14),
    )
    do_add_survey_question(survey, acting_user=None, kind="rating", text="Helheten", required=True)
    do_add_survey_question(survey, acting_user=None, kind="choice", text="Igen?", options="Ja\nKanske\nNej")
    do_add_survey_question(survey, acting_user=None, kind="text", text="Bäst?")
    return survey


def _after(event: Event) -> Any:
    return time_machine.travel(event.ends_at + HOUR)


def _questions(survey: Survey) -> dict[str, SurveyQuestion]:
    return {q.text: q for q in survey.questions.all()}


def _tokens_from_outbox() -> list[str]:
    return [re.search(r"/moten/utvardering/([^/\s]+)/", m.body).group(1) for m in mail.outbox]  # type: ignore[union-attr]


# --- Defining ------------------------------------------------------------------------------------


def test_organiser_defines_the_survey_with_swedish_messages_for_bad_input(world: Any, event: Event) -> None:
    client = _client(world)
    url = reverse("events:evaluation", args=[event.pk])
    assert "Skapa enkäten" in client.get(url).content.decode()
    bad = client.post(url, {"opens_at": "2020-01-01T10:00", "closes_at": "2019-01-01T10:00"})
    assert bad.status_code == 400
    assert "Enkäten kan inte öppna innan evenemanget börjar." in bad.content.decode()
    assert "Enkäten måste stänga efter att den öppnar." in bad.content.decode()
    assert not Survey.objects.exists()

    opens = (event.ends_at + HOUR).strftime("%Y-%m-%dT%H:%M")
    closes = (event.ends_at + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    created = client.post(url, {"opens_at": opens, "closes_at": closes, "anonymous": "on", "intro": "Tack!"})
    assert created.status_code == 302
    survey = Survey.objects.get(event=event)
    assert survey.anonymous
    assert AuditEntry.objects.filter(code="evaluation.created", object_id=str(survey.pk)).exists()

    add = reverse("events:evaluation_question_create", args=[event.pk])
    one_option = client.post(add, {"kind": "choice", "text": "Igen?", "options": "Ja"})
    assert one_option.status_code == 400
    assert "En flervalsfråga behöver minst två alternativ." in one_option.content.decode()
    text_with_options = client.post(add, {"kind": "text", "text": "Bäst?", "options": "Ja\nNej"})
    assert "Bara flervalsfrågor har alternativ." in text_with_options.content.decode()
    assert client.post(add, {"kind": "rating", "text": "Helheten", "required": "on"}).status_code == 302
    assert list(survey.questions.values_list("text", flat=True)) == ["Helheten"]


def test_a_session_question_must_be_about_the_events_own_session(world: Any, event: Event) -> None:
    survey = _survey(event)
    other = make_event(world.unit_b, title="Annat")
    with pytest.raises(EvaluationError) as refused:
        do_add_survey_question(
            survey, acting_user=None, kind="rating", text="Passet?", session=other.sessions.first()
        )
    assert refused.value.code == "session"


# --- Sending -------------------------------------------------------------------------------------


def test_sending_reaches_each_confirmed_registrant_once(world: Any, event: Event) -> None:
    survey = _survey(event)
    with pytest.raises(EvaluationError) as early:
        do_send_survey(survey, acting_user=None)
    assert early.value.code == "early"
    url = reverse("events:evaluation_send", args=[event.pk])
    with _after(event):
        client = _client(world)  # logged in now: a session from a month ago would have expired
        with django_capture_on_commit():
            assert client.post(url).status_code == 302
        assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.org" for n in range(4)]
        assert len(set(_tokens_from_outbox())) == 4
        assert mail.outbox[0].subject == "Hur var dagen?: Jämlikhetskonferensen"
        assert "Enkäten är anonym" in mail.outbox[0].body
        with django_capture_on_commit():
            client.post(url)
        assert len(mail.outbox) == 4
    assert Invitation.objects.filter(survey=survey).count() == 4
    assert not Invitation.objects.filter(registration__status=Registration.Status.CANCELLED).exists()
    sent = AuditEntry.objects.filter(code="evaluation.sent").order_by("pk")
    assert [row.changes["recipients"] for row in sent] == [4, 0]
    survey.refresh_from_db()
    with pytest.raises(EvaluationError):
        do_add_survey_question(survey, acting_user=None, kind="text", text="För sent")


def django_capture_on_commit() -> Any:
    """Run on-commit callbacks at once inside the test transaction, like a real commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


# --- Answering -----------------------------------------------------------------------------------


def test_answering_through_the_link_works_once(world: Any, event: Event) -> None:
    survey = _survey(event)
    questions = _questions(survey)
    with _after(event):
        with django_capture_on_commit():
            do_send_survey(survey, acting_user=None)
        token = _tokens_from_outbox()[0]
        url = reverse("events:evaluation_answer", args=[token])
        client = Client()
        page = client.get(url)
        assert page.status_code == 200
        assert "Utvärdering av Jämlikhetskonferensen" in page.content.decode()
        data = {
            f"q_{questions['Helheten'].pk}": "4",
            f"q_{questions['Igen?'].pk}": "Ja",
            f"q_{questions['Bäst?'].pk}": "Samtalen i pauserna",
        }
        thanks = client.post(url, data)
        assert "Tack! Dina svar är sparade." in thanks.content.decode()
        again = client.post(url, {**data, f"q_{questions['Helheten'].pk}": "1"})
        assert again.status_code == 200
        assert "Du har redan svarat på enkäten. Tack!" in again.content.decode()
        assert "Du har redan svarat" in client.get(url).content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert list(
        ResponseAnswer.objects.filter(question=questions["Helheten"]).values_list("rating", flat=True)
    ) == [4]
    assert client.get(reverse("events:evaluation_answer", args=["fel-lank"])).status_code == 404


def test_bad_answers_get_swedish_messages_and_save_nothing(world: Any, event: Event) -> None:
    survey = _survey(event)
    questions = _questions(survey)
    with _after(event):
        with django_capture_on_commit():
            do_send_survey(survey, acting_user=None)
        url = reverse("events:evaluation_answer", args=[_tokens_from_outbox()[0]])
        client = Client()
        missing = client.post(url, {f"q_{questions['Igen?'].pk}": "Ja"})
        assert missing.status_code == 400
        assert "Välj ett betyg från 1 till 5." in missing.content.decode()
        wrong = client.post(
            url, {f"q_{questions['Helheten'].pk}": "9", f"q_{questions['Igen?'].pk}": "Kanhända"}
        )
        assert wrong.status_code == 400
        assert "Välj ett av de givna alternativen." in wrong.content.decode()
        long = client.post(
            url, {f"q_{questions['Helheten'].pk}": "3", f"q_{questions['Bäst?'].pk}": "x" * 3001}
        )
        assert "Håll svaret under 3000 tecken" in long.content.decode()
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(answered=True).exists()
    with time_machine.travel(survey.closes_at + HOUR):
        closed = client.get(url)
        assert "Enkäten är stängd." in closed.content.decode()
        with pytest.raises(EvaluationError) as refused:
            do_answer_survey(
                Invitation.objects.first(), answers={questions["Helheten"]: AnswerValue(rating=3)}
            )
        assert refused.value.code == "closed"


def test_session_questions_go_only_to_people_seated_in_the_session(world: Any, event: Event) -> None:
    survey = _survey(event)
    session = event.sessions.filter(slot__label="Förmiddag").order_by("title").first()
    about = do_add_survey_question(survey, acting_user=None, kind="rating", text="Passet?", session=session)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    seated = Invitation.objects.get(registration__session_seats__session=session, registration__name="Ada Ek")
    elsewhere = Invitation.objects.exclude(registration__session_seats__session=session).first()
    from jamlik.events.evaluation import questions_for

    assert about in questions_for(seated)
    assert about not in questions_for(elsewhere)
    with _after(event), pytest.raises(EvaluationError) as refused:
        do_answer_survey(
            elsewhere,
            answers={_questions(survey)["Helheten"]: AnswerValue(rating=3), about: AnswerValue(rating=5)},
        )
    assert refused.value.code == "foreign"


# --- Anonymity -----------------------------------------------------------------------------------


def _answer_all(event: Event, survey: Survey, ratings: list[int]) -> None:
    questions = _questions(survey)
    invitations = list(Invitation.objects.filter(survey=survey).order_by("pk"))
    with _after(event):
        for invitation, rating in zip(invitations, ratings, strict=False):
            answers = {
                questions["Helheten"]: AnswerValue(rating=rating),
                questions["Bäst?"]: AnswerValue(text=f"Bra {rating}"),
            }
            if rating >= 4:
                answers[questions["Igen?"]] = AnswerValue(choice="Ja")
            do_answer_survey(invitation, answers=answers)


def test_anonymous_answers_hold_no_link_to_the_person_in_the_database(world: Any, event: Event) -> None:
    survey = _survey(event, anonymous=True)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    before = AuditEntry.objects.count()
    _answer_all(event, survey, [5, 4, 3])
    assert Response.objects.filter(survey=survey).count() == 3
    assert not Response.objects.filter(registration__isnull=False).exists()
    assert set(Response.objects.values_list("is_anonymous", flat=True)) == {True}
    assert Invitation.objects.filter(answered=True).count() == 3
    # No audit row either: its time and order would point back to the person.
    assert AuditEntry.objects.count() == before
    # The database itself refuses an anonymous response with a person on it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, registration=event.registrations.first(), is_anonymous=True)


def test_named_answers_keep_the_registration_and_are_logged(world: Any, event: Event) -> None:
    survey = _survey(event, anonymous=False)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    _answer_all(event, survey, [5])
    response = Response.objects.get()
    assert response.registration is not None and not response.is_anonymous
    assert AuditEntry.objects.filter(code="evaluation.answered").count() == 1


def test_anonymity_cannot_be_switched_off_after_sending(world: Any, event: Event) -> None:
    survey = _survey(event)
    with _after(event):
        do_send_survey(survey, acting_user=None)
        client = _client(world)
        url = reverse("events:evaluation_edit", args=[event.pk])
        response = client.post(
            url,
            {
                "version": survey.version,
                "intro": "Ny text",
                "opens_at": survey.opens_at.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": survey.closes_at.strftime("%Y-%m-%dT%H:%M"),
            },
        )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.anonymous and survey.intro == "Ny text"


# --- Results -------------------------------------------------------------------------------------


def test_results_count_answers_and_hold_back_small_anonymous_groups(world: Any, event: Event) -> None:
    survey = _survey(event)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    _answer_all(event, survey, [5, 4, 2])
    results = survey_results(survey, charts=False)
    assert (results.invited, results.responses, results.response_rate) == (4, 3, 75)
    overall, again, best = results.questions
    assert not overall.hidden
    assert [(row.label, row.count) for row in overall.rows] == [
        ("1", 0),
        ("2", 1),
        ("3", 0),
        ("4", 1),
        ("5", 1),
    ]
    assert overall.mean == 3.7
    # Only two answered the choice question: too few to show in an anonymous survey.
    assert again.count == 2 and again.hidden and again.rows == []
    assert best.texts == ["Bra 2", "Bra 4", "Bra 5"]

    page = _client(world).get(reverse("events:evaluation_results", args=[event.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert ">75 %<" in html
    assert "<svg" in html and "<table" in html
    assert "För få svar för att visa utan risk för någons anonymitet." in html
    assert "Bra 4" in html


def test_named_survey_shows_even_a_single_answer(world: Any, event: Event) -> None:
    survey = _survey(event, anonymous=False)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    _answer_all(event, survey, [5])
    overall = survey_results(survey, charts=False).questions[0]
    assert not overall.hidden and overall.count == 1


# --- Feeding a follow-up round -------------------------------------------------------------------


def test_free_text_answers_feed_a_follow_up_round_once(world: Any, event: Event) -> None:
    survey = _survey(event)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    _answer_all(event, survey, [5, 4, 3])
    round_ = followup_actions.do_create_round(
        acting_user=None, owner_unit=world.unit_a, title="Uppföljning våren", questions=["Vad har varit bra?"]
    )
    target = round_.questions.get()
    client = _client(world)
    url = reverse("events:evaluation_feed", args=[event.pk])
    page = client.get(url)
    assert "Uppföljning våren" in page.content.decode()
    data = {"question": _questions(survey)["Bäst?"].pk, "target": target.pk}
    assert client.post(url, data).status_code == 302
    texts = sorted(FollowUpAnswer.objects.filter(question=target).values_list("text", flat=True))
    assert texts == ["Bra 3", "Bra 4", "Bra 5"]
    assert not FollowUpAnswer.objects.filter(author__isnull=False).exists()
    assert client.post(url, data).status_code == 302
    assert FollowUpAnswer.objects.filter(question=target).count() == 3
    rows = AuditEntry.objects.filter(code="evaluation.fed_followup").order_by("pk")
    assert [(r.changes["added"], r.changes["already_there"]) for r in rows] == [(3, 0), (0, 3)]
    assert AuditEntry.objects.filter(code="answer.recorded").count() == 1
    group = FollowUpAnswer.objects.filter(question=target).first().group
    assert group.name == "Utvärdering: Jämlikhetskonferensen"

    wrong = client.post(url, {"question": _questions(survey)["Helheten"].pk, "target": target.pk})
    assert wrong.status_code == 400
    other_round = followup_actions.do_create_round(
        acting_user=None, owner_unit=world.unit_b, title="Annan enhets runda", questions=["Fråga?"]
    )
    refused = client.post(url, {**data, "target": other_round.questions.get().pk})
    assert refused.status_code == 400
    assert "Välj en fråga i en uppföljningsrunda som du sammanställer." in refused.content.decode()
    assert not FollowUpAnswer.objects.filter(question__round=other_round).exists()


def test_too_few_anonymous_answers_are_not_passed_on(world: Any, event: Event) -> None:
    survey = _survey(event)
    with _after(event):
        do_send_survey(survey, acting_user=None)
    _answer_all(event, survey, [5, 4])
    round_ = followup_actions.do_create_round(
        acting_user=None, owner_unit=world.unit_a, title="Runda", questions=["Bra?"]
    )
    with pytest.raises(EvaluationError) as refused:
        do_feed_followup_round(
            survey,
            acting_user=world.users["process_owner"],
            question=_questions(survey)["Bäst?"],
            target=round_.questions.get(),
        )
    assert refused.value.code == "too_few"
    assert not FollowUpAnswer.objects.exists()


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_has_a_finished_evaluation_and_loads_once(world: Any) -> None:
    from jamlik.demo.loader import load_demo
    from jamlik.events.demo import load_events_demo

    load_demo()
    survey = Survey.objects.get(event__title__startswith="Mötesplats Arbetsmarknad")
    assert not survey.is_open() and survey.anonymous
    results = survey_results(survey, charts=False)
    assert results.invited == survey.event.registrations.filter(status="confirmed").count()
    assert results.responses >= 30
    assert all(not q.hidden for q in results.questions if q.question.session_id is None)
    counts = (Event.objects.count(), Response.objects.count(), ResponseAnswer.objects.count())
    assert load_events_demo() == 0
    assert (Event.objects.count(), Response.objects.count(), ResponseAnswer.objects.count()) == counts
