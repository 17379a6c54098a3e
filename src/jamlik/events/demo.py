"""Demo events: the city's yearly equality conference (seed 003), a leaders' forum series, and last
year's regional meeting place with its finished evaluation (seed 004, in evaluation_demo.py).

The allocation table is the one in the seed's invitation; the programme paraphrases its sessions and
every speaker and registrant is invented. Everything goes through the actions, and loading twice
creates nothing new (each event is looked up by its title first).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from jamlik.core.actions import do_create_unit
from jamlik.core.models import OrganisationUnit
from jamlik.events.actions import (
    NewRegistrant,
    do_add_question,
    do_add_quota,
    do_bulk_register,
    do_cancel_registration,
    do_create_event,
)
from jamlik.events.demo_programme import add_programme, local_time
from jamlik.events.evaluation_demo import load_meeting_place_demo
from jamlik.events.models import Event, Question, Registration, Session

SITE_URL = "http://localhost:8000"

# Administrations the allocation table names, under the city (code, name). Districts share one quota.
ADMINISTRATIONS = [
    ("SDF-AN", "Stadsdelsförvaltningen Angered"),
    ("SDF-CE", "Stadsdelsförvaltningen Centrum"),
    ("SDF-VH", "Stadsdelsförvaltningen Västra Hisingen"),
    ("SRF", "Social resursförvaltning"),
    ("GSF", "Grundskoleförvaltningen"),
    ("FSF", "Förskoleförvaltningen"),
    ("UBF", "Utbildningsförvaltningen"),
    ("AVF", "Arbetsmarknad och vuxenutbildning"),
    ("SBK", "Stadsbyggnadskontoret"),
    ("KOMS", "Konsument och medborgarservice"),
    ("KUF", "Kulturförvaltningen"),
    ("MF", "Miljöförvaltningen"),
    ("SLK", "Stadsledningskontoret"),
    ("SHAB", "Göteborgs Stadshus AB"),
]

# Seed 003's allocation table: quota name, seats, unit codes ("GBG" = every other administration).
QUOTAS = [
    ("Stadsdelsförvaltningarna (totalt)", 200, ["SDF-NH", "SDF-AN", "SDF-CE", "SDF-VH"]),
    ("Social resursförvaltning", 30, ["SRF"]),
    ("Grundskoleförvaltningen", 25, ["GSF"]),
    ("Förskoleförvaltningen", 25, ["FSF"]),
    ("Utbildningsförvaltningen", 20, ["UBF"]),
    ("Arbetsmarknad och vuxenutbildning", 15, ["AVF"]),
    ("Stadsbyggnadskontoret", 12, ["SBK"]),
    ("Konsument och medborgarservice", 12, ["KOMS"]),
    ("Kulturförvaltningen", 30, ["KUF"]),
    ("Övriga fackförvaltningar", 40, ["GBG"]),
    ("Kommunstyrelsen och Stadsledningskontoret", 20, ["SLK"]),
    ("Bolag inom Stadshus AB", 30, ["SHAB"]),
    ("Externa/Övriga", 40, []),
]

# Time slot (start, end, label) → sessions (title, speakers, room, seats, description).
PROGRAMME = [
    (
        (9, 0, 9, 45, "Inledning"),
        [
            (
                "Socialt innovationslabb – för jämlik stad och hållbart arbetsliv",
                "Helena Strand, Mikael Åberg",
                "Stora salen",
                500,
                "Ett nytt projekt prövar innovationslabb i fyra pilotförvaltningar, för att föra in "
                "jämlikhet i ledning, uppföljning och HR-arbete.",
            )
        ],
    ),
    (
        (10, 0, 11, 0, "Seminarier 1"),
        [
            (
                "Närområden som bryr sig",
                "Jonas Mellberg",
                "Sal A",
                150,
                "Hur skola, socialtjänst, polis, civilsamhälle och boende i ett område arbetar systematiskt "
                "tillsammans för att skydda barn och unga – erfarenheter av Communities That Care.",
            ),
            (
                "Barn bygger staden",
                "Sofia Lind, Amir Karimi",
                "Sal B",
                120,
                "Barnkonventionen är lag: hur kan barn och unga sätta avtryck i stadsutveckling "
                "och arkitektur?",
            ),
            (
                "Nudging som verktyg för Agenda 2030",
                "Petra Holm",
                "Sal C",
                120,
                "Att göra hållbara val enklare: hur människor fattar beslut, vilka tankefällor vi ska se upp "
                "med och när det är rimligt att påverka beteenden.",
            ),
            (
                "Utökade hembesök – vad ser vi hittills?",
                "Elin Rask, Kerstin Ode",
                "Sal D",
                100,
                "Fler hembesök hos förstagångsföräldrar i utvalda områden: uppföljning av de "
                "första effekterna.",
            ),
        ],
    ),
    (
        (13, 0, 14, 0, "Seminarier 2"),
        [
            (
                "Kan en ny socialtjänstlag bana väg för förebyggande arbete?",
                "Birgitta Wallin",
                "Stora salen",
                250,
                "Översynen av socialtjänstlagen och vad den kan betyda för ett långsiktigt främjande och "
                "förebyggande arbete.",
            ),
            (
                "Skola som arena",
                "Oskar Nilsson",
                "Sal A",
                100,
                "Skolor som mötesplatser för barn och vuxna efter skoltid, i samverkan mellan näringsliv, "
                "civilsamhälle och det offentliga.",
            ),
            (
                "Förutsättningar för tidiga insatser",
                "Maria Dahl",
                "Sal B",
                40,
                "En rapport om förutsättningarna i staden för tidiga, främjande och förebyggande insatser.",
            ),
            (
                "Konst och kultur för alla barn",
                "Lena Fors",
                "Sal C",
                40,
                "Kulturstarka områden och barn som knappt tar del av kulturlivet: hur blir "
                "tillgången jämlik?",
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
    "Mohammed",
    "Lena",
    "Per",
    "Elin",
    "Ali",
    "Maria",
    "Lars",
    "Hanna",
    "Yusuf",
    "Emma",
    "Nils",
    "Leyla",
    "Olof",
    "Ida",
    "Hassan",
    "Sofia",
    "Anders",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Hussein",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Ali",
    "Lindberg",
    "Ahmadi",
    "Berg",
    "Holm",
]
EXTERNAL_ORGANISATIONS = [
    "Västra Götalandsregionen",
    "Polisen",
    "Göteborgs universitet",
    "Räddningsmissionen",
]


@contextmanager
def _no_mail() -> Iterator[None]:
    """Demo registrants have invented addresses: nothing is sent while loading."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


def _unit(code: str) -> OrganisationUnit:
    return OrganisationUnit.objects.get(code=code)


def _ensure_units() -> None:
    city = _unit("GBG")
    for code, name in ADMINISTRATIONS:
        if not OrganisationUnit.objects.filter(code=code).exists():
            do_create_unit(acting_user=None, name=name, code=code, kind="administration", parent=city)


def _conference_day(today: datetime.date) -> datetime.date:
    """The last Wednesday of May that is still ahead, like the seed's conference (27 May)."""
    year = today.year if today < datetime.date(today.year, 5, 1) else today.year + 1
    day = datetime.date(year, 5, 31)
    while day.weekday() != 2:
        day -= datetime.timedelta(days=1)
    return day


def load_events_demo() -> int:
    """Load the demo events that are missing; returns how many events were created."""
    created = 0
    with _no_mail(), transaction.atomic():
        _ensure_units()
        day = _conference_day(timezone.localdate())
        title = f"Jämlikhetskonferensen {day.year}"
        if not Event.objects.filter(title=title).exists():
            _load_conference(title, day)
            created += 1
        created += _load_forums(timezone.localdate())
        created += load_meeting_place_demo(timezone.localdate())
    return created


def _load_conference(title: str, day: datetime.date) -> Event:
    event = do_create_event(
        acting_user=None,
        kind=Event.Kind.CONFERENCE,
        title=title,
        starts_at=local_time(day, 8, 30),
        ends_at=local_time(day, 16, 0),
        place="Burgården konferens, Göteborg",
        description=(
            "Flera hundra medarbetare och förtroendevalda från nämnder, förvaltningar och bolag möts kring "
            "målet att Göteborg ska vara en jämlik stad. I år handlar dagen om stadens främjande och "
            "förebyggande arbete – inom organisationen och för göteborgarna.\n\nFör en rättvis fördelning "
            "gäller en platsfördelning per förvaltning fram till en månad före konferensen; därefter är "
            "alla lediga platser öppna för alla medarbetare, förtroendevalda och samverkansparter."
        ),
        organiser_unit=_unit("SLK"),
        capacity=500,
        registration_closes_at=local_time(day - datetime.timedelta(days=7), 23, 59),
        quota_release_at=local_time(day - datetime.timedelta(days=30), 0, 0),
        max_sessions=0,
        hold_hours=48,
        answer_retention_days=30,
    )
    for position, (name, size, codes) in enumerate(QUOTAS, start=1):
        do_add_quota(
            event, acting_user=None, name=name, size=size, units=[_unit(c) for c in codes], position=position
        )
    add_programme(event, day, PROGRAMME)
    diet = do_add_question(event, acting_user=None, text="Specialkost eller allergier", position=1)
    access = do_add_question(
        event,
        acting_user=None,
        text="Behov av tillgänglighetsanpassning",
        help_text="Till exempel hörslinga, teckentolk eller plats för rullstol.",
        position=2,
    )
    _load_registrations(event, diet, access)
    return event


def _load_registrations(event: Event, diet: Question, access: Question) -> None:
    """About three hundred registrations, some beyond their quota; the same every time (seeded)."""
    rng = random.Random(2020)
    districts = list(OrganisationUnit.objects.filter(code__startswith="SDF").order_by("code")) + list(
        OrganisationUnit.objects.filter(parent__code="SDF-NH").order_by("code")
    )
    # Demand per quota: the culture administration, the city planning office and the external quota
    # get more people than seats, so their waiting lists fill up.
    demand: list[str | None] = (
        ["SDF"] * 110
        + ["KUF"] * 36
        + ["SBK"] * 15
        + [None] * 46
        + ["SRF"] * 12
        + ["GSF"] * 10
        + ["FSF"] * 8
        + ["UBF"] * 6
        + ["AVF"] * 6
        + ["KOMS"] * 5
        + ["MF"] * 10
        + ["SLK"] * 6
        + ["SHAB"] * 8
    )
    rng.shuffle(demand)
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    by_slot: dict[int, list[Session]] = {}
    for session in event.sessions.select_related("slot"):
        by_slot.setdefault(session.slot_id, []).append(session)
    people: list[NewRegistrant] = []
    for n, code in enumerate(demand):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        organisation = ""
        if code == "SDF":
            unit: OrganisationUnit | None = rng.choice(districts)
        elif code is not None:
            unit = units[code]
        else:
            unit, organisation = None, rng.choice(EXTERNAL_ORGANISATIONS)
        sessions = [rng.choice(options) for options in by_slot.values() if rng.random() < 0.85]
        answers = {}
        if rng.random() < 0.2:
            answers[diet] = rng.choice(["Vegetarisk", "Glutenfri", "Laktosfri", "Vegan", "Nötallergi"])
        if rng.random() < 0.05:
            answers[access] = rng.choice(["Hörslinga", "Plats för rullstol", "Teckentolk"])
        people.append(
            NewRegistrant(
                name=f"{first} {last}",
                email=f"{first}.{last}.{n}@example.org".lower(),
                unit=unit,
                organisation=organisation,
                answers=answers,
                sessions=sessions,
            )
        )
    # One bulk action with the allocation computed once, by the same rules as a single registration.
    made = do_bulk_register(event, people)
    # A few change their minds; their seats go to the waiting list at once (two of them in culture,
    # whose quota is full, so the demo shows offers waiting for an answer).
    culture = [
        r for r in made if r.status == Registration.Status.CONFIRMED and r.unit and r.unit.code == "KUF"
    ]
    for registration in culture[:2] + rng.sample(made, 4):
        do_cancel_registration(registration, site_url=SITE_URL)


FORUM_TOPICS = [
    "Ledarskap för jämlikhet – vad säger uppföljningen?",
    "Normmedvetet bemötande i mötet med invånare",
    "Tidiga insatser: från förslag till beslut",
    "Lärande och tecken på förändring",
]


def _load_forums(today: datetime.date) -> int:
    """A leaders' forum series: eight meetings a year, four with an equality focus (these four)."""
    created = 0
    year = today.year + 1
    series = f"Ledarforum {year}"
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    for index, topic in enumerate(FORUM_TOPICS):
        title = f"Ledarforum: {topic}"
        if Event.objects.filter(title=title, series=series).exists():
            continue
        day = datetime.date(year, 2 + index * 3, 10)
        event = do_create_event(
            acting_user=None,
            kind=Event.Kind.FORUM,
            title=title,
            series=series,
            starts_at=local_time(day, 13, 0),
            ends_at=local_time(day, 16, 0),
            place="Stadsdelshuset, Norra Hisingen",
            description="Ledarforum för chefer i stadsdelen, med jämlikhet i fokus.",
            organiser_unit=_unit("SDF-NH"),
            capacity=40,
            registration_closes_at=local_time(day - datetime.timedelta(days=3), 23, 59),
            quota_release_at=None,
        )
        rng = random.Random(index)
        people = []
        for n in range(12 + index * 4):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            people.append(
                NewRegistrant(
                    name=f"{first} {last}",
                    email=f"chef.{index}.{n}@example.org",
                    unit=units[rng.choice(["SDF-NH", "UTB", "IFO-FH", "KOF", "AO-HSV", "UA"])],
                )
            )
        do_bulk_register(event, people)
        created += 1
    return created
