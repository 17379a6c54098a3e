"""The demo data set: a district administration working under a city's equality programme.

The programme's target areas and strategies are facts from the city programme that seed 000 quotes;
every person is invented. Loading goes through the actions like any other change, and is idempotent:
each object is looked up by a stable key first, so a second run creates nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from jamlik.casework.demo import load_casework_demo
from jamlik.core.actions import do_add_membership, do_create_person, do_create_unit
from jamlik.core.models import OrganisationUnit, User
from jamlik.core.roles import Role
from jamlik.events.demo import load_events_demo
from jamlik.followup.demo import load_followup_demo
from jamlik.goals.actions import (
    do_add_knowledge_item,
    do_add_principle,
    do_add_strategy,
    do_add_target_area,
    do_create_programme,
)
from jamlik.goals.models import KnowledgeItem, Programme
from jamlik.indicators.demo import load_indicators_demo
from jamlik.kpis.demo import load_kpis_demo
from jamlik.labour.demo import load_labour_demo
from jamlik.proposals.demo import load_processes_demo
from jamlik.reports.demo import load_reports_demo

DEMO_PASSWORD = "Jamlik-demo-2026"  # noqa: S105  (documented in the README; demo database only)

UNITS = [
    # code, name, kind, parent code, development unit
    ("GBG", "Göteborgs Stad", "administration", None, False),
    ("SDF-NH", "Stadsdelsförvaltningen Norra Hisingen", "administration", "GBG", False),
    ("UTB", "Sektor utbildning", "sector", "SDF-NH", False),
    ("IFO-FH", "Sektor individ- och familjeomsorg, funktionshinder", "sector", "SDF-NH", False),
    ("KOF", "Sektor kultur och fritid", "sector", "SDF-NH", False),
    ("AO-HSV", "Sektor äldreomsorg, hälso- och sjukvård", "sector", "SDF-NH", False),
    ("UA", "Utvecklingsavdelningen", "department", "SDF-NH", True),
    ("IFO-BU", "Barn och unga", "department", "IFO-FH", False),
    ("KOF-BIB", "Biblioteken", "unit", "KOF", False),
]

# username, first name, last name, title, unit code, membership role, system roles
PEOPLE = [
    ("admin", "Alva", "Admin", "Systemförvaltare", "SDF-NH", "staff", [Role.ADMINISTRATOR]),
    (
        "agnes",
        "Agnes",
        "Lindqvist",
        "Utvecklingsledare jämlikhet",
        "SDF-NH",
        "process_owner",
        [Role.PROCESS_OWNER],
    ),
    ("omar", "Omar", "Haddad", "Enhetschef", "IFO-BU", "process_leader", [Role.PROCESS_LEADER]),
    ("sara", "Sara", "Berg", "Verksamhetsutvecklare", "UA", "process_leader", [Role.PROCESS_LEADER]),
    ("karin", "Karin", "Ek", "Stadsdelsdirektör", "SDF-NH", "management", [Role.MANAGEMENT_MEMBER]),
    ("jonas", "Jonas", "Nyberg", "Bibliotekarie", "KOF-BIB", "staff", [Role.PARTICIPANT]),
    ("leila", "Leila", "Ahmadi", "Ledamot i stadsdelsnämnden", "SDF-NH", "staff", [Role.READER]),
]

TARGET_AREAS: list[tuple[str, list[str]]] = [
    (
        "Skapa god start och goda uppväxtvillkor",
        [
            "Ge varje barn möjlighet att utvecklas till sin fulla potential",
            "Fokusera på tidiga insatser",
            "Stärka vuxna runt barn",
            "Främja barns språkutveckling på samtliga arenor där barn och unga vistas",
            "Ge barn och unga möjlighet till att stärka sociala nätverk och förmågor",
            "Ge barn och unga möjlighet till delaktighet, inflytande och rätt att vara sig själva",
            "Barn och unga ska ha tillgänglig och meningsfull fritid",
        ],
    ),
    (
        "Skapa förutsättningar för arbete",
        [
            "Matcha kompetens för att underlätta inträdet på arbetsmarknaden",
            "Skräddarsy utbildning och lärande för att underlätta inträdet på arbetsmarknaden",
            "Arbeta för att ge rätt information till arbetsgivare",
            "Underlätta första steget in på arbetsmarknaden",
            "Bredda möjligheten till inträde på arbetsmarknaden",
            "Verka för livslångt lärande",
            "Utveckla arbetsgivarrollen",
        ],
    ),
    (
        "Skapa hållbara och jämlika livsmiljöer",
        [
            "Öka delaktighet och inflytande i stadsutvecklingen",
            "Skapa förutsättningar för en fungerande närmiljö",
            "Minska boendesegregation",
            "Öka tillgången till bostäder",
            "Jämlik tillgång till stadens resurser",
        ],
    ),
    (
        "Skapa förutsättningar för delaktighet, inflytande och tillit",
        [
            "Systematiskt integrera delaktighetsperspektivet",
            "Öka valdeltagande",
            "Skapa inkluderande medborgardialog",
            "Tillhandahålla arenor för medborgardrivna mötesplatser",
            "Utveckla delaktigheten i mötet med stadens verksamheter",
            "Stärka tjänstepersonernas bemötande för att skapa tillit",
            "Skapa delaktighet och tillit genom nya former av deltagande",
        ],
    ),
]

PRINCIPLES = [
    ("Långsiktigt fokus", "Arbetet planeras för effekter som syns först efter flera år."),
    ("Tidiga insatser", "Insatser tidigt i barns liv och tidigt i varje skede av livet."),
    (
        "För alla, mest till dem som behöver det mest",
        "Insatser riktas till hela staden men med mer resurser där behoven är störst.",
    ),
    (
        "Samverkan över gränser",
        "Samarbete över förvaltnings-, sektors- och organisationsgränser på alla nivåer.",
    ),
    (
        "Kunskaps- och erfarenhetsbaserat",
        "Arbetet vilar på forskning, beprövad erfarenhet och invånares kunskap.",
    ),
    ("Normmedvetet och intersektionellt", "Arbetet synliggör normer och hur olika maktordningar samverkar."),
]

KNOWLEDGE = [
    (KnowledgeItem.Kind.STRATEGY, "Framtidstro och medskapande"),
    (KnowledgeItem.Kind.STRATEGY, "Hållbarhet och strukturellt perspektiv"),
    (KnowledgeItem.Kind.STRATEGY, "Infrastruktur och mötesplatser"),
    (KnowledgeItem.Kind.STRATEGY, "Helhetssyn och samverkan"),
    (KnowledgeItem.Kind.PERSPECTIVE, "Komplexa och svårlösta samhällsfrågor"),
    (KnowledgeItem.Kind.PERSPECTIVE, "Positiv, proaktiv säkerhet i stället för negativ, reaktiv säkerhet"),
    (KnowledgeItem.Kind.PERSPECTIVE, "Tillit mellan människor som grund för ett demokratiskt samhälle"),
    (KnowledgeItem.Kind.PERSPECTIVE, "Normkritik och samverkande maktordningar som skapar ojämlikhet"),
]


def _unit(code: str) -> OrganisationUnit:
    return OrganisationUnit.objects.get(code=code)


def load_demo() -> int:
    """Load everything that is missing; returns how many top-level objects were created.

    One transaction for the whole: a demo is loaded completely or not at all (before, a failure in the
    events part left the processes loaded)."""
    with transaction.atomic():
        return _load_all()


def _load_all() -> int:
    created = 0
    with transaction.atomic():
        for role in Role:
            Group.objects.get_or_create(name=role.value)
        for code, name, kind, parent, is_dev in UNITS:
            if not OrganisationUnit.objects.filter(code=code).exists():
                do_create_unit(
                    acting_user=None,
                    name=name,
                    code=code,
                    kind=kind,
                    parent=_unit(parent) if parent else None,
                    is_development_unit=is_dev,
                )
                created += 1
        for username, first, last, title, unit_code, membership_role, roles in PEOPLE:
            created += _load_person(username, first, last, title, unit_code, membership_role, roles)
        programme = Programme.objects.filter(name="Program för Jämlikt Göteborg").first()
        if programme is None:
            programme = _load_programme()
            created += 1
        created += load_processes_demo(programme)
    load_indicators_demo()
    load_labour_demo()
    load_events_demo()
    load_followup_demo()
    load_kpis_demo()
    load_casework_demo(DEMO_PASSWORD)
    load_reports_demo()
    return created


def _load_person(
    username: str, first: str, last: str, title: str, unit_code: str, membership_role: str, roles: list[Any]
) -> int:
    if User.objects.filter(username=username).exists():
        return 0
    email = f"{username}@example.org"
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        email=email,
        first_name=first,
        last_name=last,
        is_staff=Role.ADMINISTRATOR in roles,
        is_superuser=Role.ADMINISTRATOR in roles,
    )
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    person = do_create_person(
        acting_user=None, first_name=first, last_name=last, email=email, title=title, user=user
    )
    do_add_membership(
        acting_user=None,
        person=person,
        unit=_unit(unit_code),
        role=membership_role,
        start=datetime.date(2015, 1, 1),
    )
    return 1


def _load_programme() -> Programme:
    programme = do_create_programme(
        acting_user=None,
        name="Program för Jämlikt Göteborg",
        owner_unit=_unit("SDF-NH"),
        start_year=2018,
        end_year=2026,
        adopted_by="Kommunfullmäktige, januari 2018",
        description=(
            "Stadens program för att minska skillnaderna i livsvillkor och hälsa. Stadsdelen kopplar sitt "
            "lokala arbete med förändringsprocesser till programmets fyra målområden."
        ),
    )
    for position, (area_name, strategies) in enumerate(TARGET_AREAS, start=1):
        area = do_add_target_area(programme, acting_user=None, name=area_name, position=position)
        for strategy_position, strategy in enumerate(strategies, start=1):
            do_add_strategy(area, acting_user=None, name=strategy, position=strategy_position)
    for position, (name, description) in enumerate(PRINCIPLES, start=1):
        do_add_principle(programme, acting_user=None, name=name, description=description, position=position)
    for position, (kind, name) in enumerate(KNOWLEDGE, start=1):
        do_add_knowledge_item(programme, acting_user=None, kind=kind, name=name, position=position)
    return programme
