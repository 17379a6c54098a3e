"""Demo: last year's regional meeting place on labour-market work (after seed 004), with its evaluation.

Participants chose three seminars, one in each slot, and evaluated the day afterwards. Sessions are
paraphrased from the seed; every speaker, participant and answer is invented. Everything goes through the
actions. The event lies in the past, so registering and answering are done while the event's
registration and the survey are still open, and then the closing times are set back to where they
belong, through the same edit actions an organiser uses (the audit log shows it).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from jamlik.core.models import OrganisationUnit
from jamlik.events.actions import (
    NewRegistrant,
    do_bulk_register,
    do_create_event,
    do_update_event,
)
from jamlik.events.demo_programme import add_programme, local_time
from jamlik.events.evaluation import (
    AnswerValue,
    do_add_survey_question,
    do_answer_survey,
    do_create_survey,
    do_send_survey,
    do_update_survey,
)
from jamlik.events.evaluation_models import Invitation, Survey, SurveyQuestion
from jamlik.events.models import Event, Session

SITE_URL = "http://localhost:8000"

# Slot (start, end, label) → sessions (title, speakers, room, seats, description).
SEMINARS = [
    (
        (10, 0, 11, 0, "Seminarier 1"),
        [
            (
                "Drivkrafter och möjligheter i försörjningsstödet",
                "Ulla Berglund",
                "Sal 1",
                40,
                "En pågående statlig utredning om vägar från ekonomiskt bistånd till arbete: vilja, "
                "möjlighet och samverkan när någon saknar sjukpenninggrundande inkomst.",
            ),
            (
                "Familjecentrerat arbetssätt",
                "Nora Lind, Kevin Osei",
                "Sal 2",
                30,
                "Socialsekreterare, arbetsmarknadskonsulent och deltagare gör en gemensam plan över sex "
                "livsområden, med delmål på vägen mot egen försörjning.",
            ),
        ],
    ),
    (
        (11, 15, 12, 15, "Seminarier 2"),
        [
            (
                "Kompetensbehov och rörlighet på arbetsmarknaden",
                "Tobias Kvist",
                "Sal 1",
                40,
                "Vad forskningen om branschers släktskap säger om vilka jobb som ligger nära det människor "
                "redan kan.",
            ),
            (
                "Systematisk uppföljning med nyckeltal",
                "Malin Sjöberg",
                "Sal 2",
                30,
                "Varje vecka och varje månad: så följer en kommun upp kostnader, vägar till arbete och "
                "tiden från ansökan till beslut.",
            ),
        ],
    ),
    (
        (13, 15, 14, 15, "Seminarier 3"),
        [
            (
                "Kulturmöten i arbetsmarknadsinsatser",
                "Reza Amini",
                "Sal 1",
                40,
                "Om bemötande, förväntningar och förtroende när deltagare och handläggare har olika "
                "erfarenheter med sig.",
            ),
            (
                "Hjulet – brottsförebyggande arbete steg för steg",
                "Jenny Falk",
                "Sal 2",
                30,
                "Från lägesbild och problemanalys till genomförande och utvärdering.",
            ),
        ],
    ),
]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Fatima",
    "Johan",
    "Sara",
    "Ahmed",
    "Karin",
    "Lena",
    "Per",
    "Elin",
    "Ali",
    "Maria",
]
LAST_NAMES = ["Andersson", "Nilsson", "Hussein", "Svensson", "Lindberg", "Ahmadi", "Berg", "Holm", "Öberg"]
UNIT_CODES = ["AVF", "AVF", "AVF", "SRF", "SDF-AN", "SDF-CE", "SDF-VH", "SDF-NH", "UBF"]

GOOD = [
    "Bra att få träffa andra som arbetar med samma frågor i andra kommuner.",
    "Seminariet om familjecentrerat arbetssätt gav mig konkreta idéer att ta med hem.",
    "Blandningen av forskning och praktiska exempel fungerade väldigt bra.",
    "Skönt med en avslappnad stämning och gott om tid för samtal i pauserna.",
    "Inledningen satte ord på varför samverkan är så svår – och nödvändig.",
    "Att se hur en annan kommun följer upp med nyckeltal varje vecka var inspirerande.",
    "Nätverkandet! Jag har redan bokat ett uppföljande möte med två kollegor.",
    "Bra bredd i programmet, med olika perspektiv på arbetsmarknadsfrågorna.",
]
BETTER = [
    "Längre seminarier – det blev ont om tid för frågor.",
    "Fler exempel från mindre kommuner.",
    "Dela gärna presentationerna i förväg.",
    "Salarna var för små för de populäraste seminarierna.",
    "Mer tid för erfarenhetsutbyte i mindre grupper.",
    "Ta med deltagarnas egna röster, inte bara handläggarnas.",
]


def _meeting_day(today: datetime.date) -> datetime.date:
    """The second Tuesday of May last year: always in the past, like the seed's day (14 May)."""
    day = datetime.date(today.year - 1, 5, 8)
    while day.weekday() != 1:
        day += datetime.timedelta(days=1)
    return day


def load_meeting_place_demo(today: datetime.date) -> int:
    """Load the meeting place and its evaluation unless it is there already; returns events created."""
    day = _meeting_day(today)
    title = f"Mötesplats Arbetsmarknad {day.year}"
    if Event.objects.filter(title=title).exists():
        return 0
    event = _create_event(title, day)
    _register(event)
    do_update_event(
        event,
        acting_user=None,  # type: ignore[arg-type]
        data={"registration_closes_at": local_time(day - datetime.timedelta(days=7), 23, 59)},
        expected_version=event.version,
    )
    _evaluate(event)
    return 1


def _create_event(title: str, day: datetime.date) -> Event:
    event = do_create_event(
        acting_user=None,
        kind=Event.Kind.WORKSHOP,
        title=title,
        starts_at=local_time(day, 9, 0),
        ends_at=local_time(day, 15, 30),
        place="Konferenscentrum Hisingen, Göteborg",
        description=(
            "En mötesplats för alla som arbetar med arbetsmarknadsfrågor: föreläsningar, seminarier och "
            "erfarenhetsutbyte. Varje deltagare väljer ett seminarium i vart och ett av de tre passen."
        ),
        organiser_unit=OrganisationUnit.objects.get(code="AVF"),
        capacity=70,
        # Open while the demo registers people; closed again right after (see the module docstring).
        registration_closes_at=timezone.now() + datetime.timedelta(hours=1),
        quota_release_at=None,
        max_sessions=3,
    )
    add_programme(event, day, SEMINARS)
    return event


def _register(event: Event) -> None:
    rng = random.Random(2024)
    units = {unit.code: unit for unit in OrganisationUnit.objects.filter(code__in=UNIT_CODES)}
    by_slot: dict[int, list[Session]] = {}
    for session in event.sessions.select_related("slot"):
        by_slot.setdefault(session.slot_id, []).append(session)
    people = [
        NewRegistrant(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"motesplats.{n}@example.org",
            unit=units.get(rng.choice(UNIT_CODES)),
            sessions=[rng.choice(options) for options in by_slot.values()],
        )
        for n in range(64)
    ]
    do_bulk_register(event, people)


def _evaluate(event: Event) -> Survey:
    """An anonymous survey, sent after the day and answered by about seven in ten; now closed."""
    survey = do_create_survey(
        event,
        acting_user=None,
        intro="Tack för att du var med! Dina svar hjälper oss att planera nästa mötesplats.",
        anonymous=True,
        opens_at=event.ends_at,
        closes_at=timezone.now() + datetime.timedelta(hours=1),
    )
    overall = do_add_survey_question(
        survey,
        acting_user=None,
        kind=SurveyQuestion.Kind.RATING,
        text="Vad tyckte du om dagen som helhet?",
        required=True,
    )
    per_session = {
        session.pk: do_add_survey_question(
            survey,
            acting_user=None,
            kind=SurveyQuestion.Kind.RATING,
            text="Hur givande var seminariet?",
            session=session,
        )
        for session in event.sessions.order_by("slot__starts_at", "title")
    }
    again = do_add_survey_question(
        survey,
        acting_user=None,
        kind=SurveyQuestion.Kind.CHOICE,
        text="Vill du komma på nästa mötesplats?",
        options="Ja\nKanske\nNej",
    )
    best = do_add_survey_question(
        survey, acting_user=None, kind=SurveyQuestion.Kind.TEXT, text="Vad var det bästa med dagen?"
    )
    better = do_add_survey_question(
        survey, acting_user=None, kind=SurveyQuestion.Kind.TEXT, text="Vad kan vi göra bättre nästa gång?"
    )
    do_send_survey(survey, acting_user=None, site_url=SITE_URL)
    rng = random.Random(514)
    invitations = (
        Invitation.objects.filter(survey=survey).select_related("survey", "registration").order_by("pk")
    )
    for invitation in invitations:
        if rng.random() > 0.7:
            continue
        answers = {overall: AnswerValue(rating=rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 5])[0])}
        for seat in invitation.registration.session_seats.all():
            if rng.random() < 0.9:
                answers[per_session[seat.session_id]] = AnswerValue(
                    rating=rng.choices([2, 3, 4, 5], weights=[1, 2, 5, 4])[0]
                )
        answers[again] = AnswerValue(choice=rng.choices(["Ja", "Kanske", "Nej"], weights=[7, 3, 1])[0])
        if rng.random() < 0.6:
            answers[best] = AnswerValue(text=rng.choice(GOOD))
        if rng.random() < 0.4:
            answers[better] = AnswerValue(text=rng.choice(BETTER))
        do_answer_survey(invitation, answers=answers)
    survey.refresh_from_db()
    do_update_survey(
        survey,
        acting_user=None,  # type: ignore[arg-type]
        data={"closes_at": event.ends_at + datetime.timedelta(days=21)},
        expected_version=survey.version,
    )
    return survey
