"""Demo data for family-centred work: the two cases of seed 004, retold, in method mode.

Every name is invented; the participants have none at all (method mode knows them by case code only).
Loaded through the actions and idempotent: each object is looked up by a stable key first.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from jamlik.casework import actions
from jamlik.casework.defaults import ensure_default_life_areas
from jamlik.casework.models import Goal, LifeArea, Plan, Professional, Resource
from jamlik.core.actions import do_add_membership, do_create_person, do_create_unit
from jamlik.core.models import OrganisationUnit, User

D = datetime.date

UNITS = [
    # code, name, parent code (falls back to no parent when the demo's tree is not there)
    ("IFO-EB", "Ekonomiskt bistånd", "IFO-FH"),
    ("AM-KC", "Arbetsmarknad, kompetenscenter", "SDF-NH"),
]

# username, first, last, title, unit, membership, profession, side
PEOPLE = [
    ("mira", "Mira", "Sandell", "Socialsekreterare", "IFO-EB", "staff", "social_worker", "social"),
    ("elias", "Elias", "Wiklund", "Arbetsmarknadskonsulent", "AM-KC", "staff", "labour_consultant", "labour"),
    ("hanna", "Hanna", "Öberg", "Socialsekreterare", "IFO-EB", "staff", "social_worker", "social"),
    ("rasmus", "Rasmus", "Dahl", "Arbetsmarknadskonsulent", "AM-KC", "staff", "labour_consultant", "labour"),
    ("lena", "Lena", "Strand", "Enhetschef ekonomiskt bistånd", "IFO-EB", "manager", None, ""),
    ("per", "Per", "Holm", "Enhetschef arbetsmarknad", "AM-KC", "manager", None, ""),
]

RESOURCES = [
    ("Läxhjälp på biblioteket", "Förskola", "Gratis läxhjälp för skolbarn två eftermiddagar i veckan."),
    ("Fritidsbanken", "Nätverk", "Lånar ut sport- och fritidsutrustning gratis, som ett bibliotek."),
    ("Lovaktiviteter för barn och unga", "Nätverk", "Avgiftsfria aktiviteter under skollov."),
    ("Öppen förskola", "Förskola", "Träffpunkt för föräldrar och barn som inte har förskoleplats än."),
    (
        "Budget- och skuldrådgivning",
        "Hushållsekonomi",
        "Hjälp att lägga en budget och få ordning på skulder.",
    ),
    ("Föräldrastöd i grupp", "Nätverk", "Träffar för föräldrar om vardagen med barn, med barnvakt på plats."),
    ("Hälsovägledning", "Hälsa", "Samtal om sömn, mat och rörelse, och hjälp att hitta rätt i vården."),
]


def _unit(code: str, name: str, parent_code: str) -> OrganisationUnit:
    unit = OrganisationUnit.objects.filter(code=code).first()
    if unit is None:
        parent = OrganisationUnit.objects.filter(code=parent_code).first()
        unit = do_create_unit(acting_user=None, name=name, code=code, kind="unit", parent=parent)
    return unit


def _professional(row: tuple[Any, ...], password: str) -> Professional | None:
    username, first, last, title, unit_code, membership, profession, side = row
    user = User.objects.filter(username=username).first()
    unit = OrganisationUnit.objects.get(code=unit_code)
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=password,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
        )
        person = do_create_person(
            acting_user=None, first_name=first, last_name=last, email=user.email, title=title, user=user
        )
        do_add_membership(acting_user=None, person=person, unit=unit, role=membership, start=D(2024, 1, 1))
    person = user.person
    if profession is None:
        return None
    found = Professional.objects.filter(person=person).first()
    return found or actions.do_register_professional(
        acting_user=None, person=person, unit=unit, profession=profession, side=side
    )


def _area(name: str) -> LifeArea:
    return LifeArea.objects.get(name=name)


def _first_case(sw: Professional, ac: Professional) -> None:
    """A single parent of two: a first job that ended, then support in parallel, and studies."""
    plan = actions.do_create_plan(
        acting_user=None,
        professional=sw,
        case_code="FFIA-DEMO-01",
        offered_on=D(2025, 9, 1),
        started_on=D(2025, 9, 8),
        participant_sex="woman",
        household_type="single",
        children_0_5=1,
        children_6_12=1,
        final_goal_type="studies",
        final_goal="Studerar på en utbildning till fritidspedagog med studiemedel.",
        follow_up="Var tolfte vecka, första gången efter fyra veckor; socialsekreteraren kallar.",
    )
    actions.do_add_team_member(plan, acting_user=None, professional=ac)
    member = plan.team.get(profession="social_worker")
    for area, situation, need, support, mine, theirs in [
        (
            "Hushållsekonomi",
            "Försörjningsstöd sedan anställningen upphörde.",
            "Egen inkomst.",
            "Budgetsamtal.",
            3,
            3,
        ),
        (
            "Nätverk",
            "Ingen som kan hämta eller lämna barnen.",
            "Avlastning i vardagen.",
            "Familjestöd.",
            2,
            3,
        ),
        (
            "Välfärdssystemet",
            "Osäker på vilka ersättningar som gäller vid studier.",
            "Överblick.",
            "Genomgång.",
            4,
            5,
        ),
        ("Bostad", "Hyresrätt, trygg.", "–", "–", 8, 8),
        ("Förskola", "Det ena barnet har svårt i skolan.", "Utredning av barnets behov.", "Remiss.", 4, 3),
        ("Hälsa", "Frånvaro för egen sjukdom och vab.", "Samtalskontakt.", "Remiss till psykolog.", 3, 4),
    ]:
        actions.do_rate_life_area(
            plan,
            acting_user=None,
            life_area=_area(area),
            rated_on=D(2025, 9, 8),
            situation=situation,
            need=need,
            support=support,
            participant_rating=mine,
            professional_rating=theirs,
        )
    goals = [
        actions.do_add_goal(
            plan,
            acting_user=None,
            member=member,
            life_area=_area(area),
            text=text,
            owner_role=owner,
            due_on=due,
            weight=weight,
        )
        for area, text, owner, due, weight in [
            (
                "Hälsa",
                "Har en samtalskontakt hos psykolog och går på besöken.",
                "participant",
                D(2025, 11, 1),
                2,
            ),
            (
                "Nätverk",
                "Familjen har fått familjestöd och har hjälp med hämtning två dagar i veckan.",
                "social_worker",
                D(2025, 12, 1),
                1,
            ),
            (
                "Förskola",
                "Barnets utredning är gjord och stödet i skolan är på plats.",
                "social_worker",
                D(2026, 1, 15),
                1,
            ),
            (
                "Välfärdssystemet",
                "Har provat att studera på en studiemotiverande folkhögskolekurs i tre månader.",
                "labour_consultant",
                D(2026, 2, 28),
                3,
            ),
        ]
    ]
    for area, title, owner, start, end in [
        ("Hälsa", "Remiss till psykolog", "social_worker", D(2025, 9, 15), D(2026, 3, 1)),
        ("Nätverk", "Familjestöd för föräldern och barnen", "social_worker", D(2025, 9, 22), D(2026, 6, 1)),
        ("Förskola", "Utredning av det ena barnet", "social_worker", D(2025, 10, 1), D(2026, 1, 15)),
        (
            "Välfärdssystemet",
            "Studiemotiverande folkhögskolekurs med bibehållet försörjningsstöd",
            "labour_consultant",
            D(2025, 11, 3),
            D(2026, 2, 27),
        ),
        (
            "Hushållsekonomi",
            "Ansökan om studiemedel och plats på utbildningen",
            "labour_consultant",
            D(2026, 2, 1),
            D(2026, 4, 1),
        ),
    ]:
        actions.do_add_measure(
            plan,
            acting_user=None,
            member=member,
            life_area=_area(area),
            title=title,
            owner_role=owner,
            starts_on=start,
            ends_on=end,
        )
    actions.do_agree_version(
        plan,
        acting_user=None,
        member=member,
        agreed_on=D(2025, 9, 22),
        agreed_by_participant=True,
        social_worker=member,
        consultant=plan.team.get(profession="labour_consultant"),
    )
    actions.do_record_review(
        plan,
        acting_user=None,
        member=member,
        held_on=D(2025, 10, 6),
        scores={goals[0].pk: 0, goals[1].pk: -1, goals[2].pk: 0, goals[3].pk: 0},
        comment="Psykologkontakten har kommit i gång; familjestödet dröjer.",
    )
    for area, mine, theirs in [("Nätverk", 4, 4), ("Hälsa", 5, 5), ("Förskola", 5, 5)]:
        actions.do_rate_life_area(
            plan,
            acting_user=None,
            life_area=_area(area),
            rated_on=D(2025, 12, 29),
            participant_rating=mine,
            professional_rating=theirs,
        )
    actions.do_record_review(
        plan,
        acting_user=None,
        member=member,
        held_on=D(2025, 12, 29),
        scores={goals[0].pk: 1, goals[1].pk: 0, goals[2].pk: 0, goals[3].pk: 1},
        comment="Kursen går bättre än hon själv trodde.",
    )
    for goal in goals:
        actions.do_set_goal_status(goal, acting_user=None, member=member, status=Goal.Status.REACHED)
    actions.do_close_plan(plan, acting_user=None, outcome="studies", outcome_on=D(2026, 8, 17))


def _second_case(sw: Professional, ac: Professional) -> None:
    """A single parent on long sick leave: mapping, work training, an internship, then employment."""
    plan = actions.do_create_plan(
        acting_user=None,
        professional=ac,
        case_code="FFIA-DEMO-02",
        offered_on=D(2026, 2, 2),
        started_on=D(2026, 2, 9),
        participant_sex="man",
        household_type="single",
        children_6_12=1,
        children_13_17=1,
        final_goal_type="work",
        final_goal="Har en anställning, först som insats på vägen mot den ordinarie arbetsmarknaden.",
        follow_up="Var tolfte vecka; konsulenten kallar, socialsekreteraren deltar.",
    )
    actions.do_add_team_member(plan, acting_user=None, professional=sw)
    consultant = plan.team.get(profession="labour_consultant")
    social = plan.team.get(profession="social_worker")
    for area, mine, theirs in [
        ("Hushållsekonomi", 4, 4),
        ("Nätverk", 5, 4),
        ("Välfärdssystemet", 3, 2),
        ("Bostad", 7, 7),
        ("Förskola", 3, 3),
        ("Hälsa", 4, 3),
    ]:
        actions.do_rate_life_area(
            plan,
            acting_user=None,
            life_area=_area(area),
            rated_on=D(2026, 2, 9),
            participant_rating=mine,
            professional_rating=theirs,
        )
    for area, title, owner, start, end in [
        (
            "Välfärdssystemet",
            "Kartläggning av förmågor och förutsättningar",
            "labour_consultant",
            D(2026, 2, 9),
            D(2026, 3, 6),
        ),
        ("Hälsa", "Motiverande samtal", "labour_consultant", D(2026, 2, 16), D(2026, 5, 29)),
        (
            "Välfärdssystemet",
            "Gruppaktivitet med yrkesorientering och hjälp med ansökningshandlingar",
            "labour_consultant",
            D(2026, 3, 9),
            D(2026, 4, 17),
        ),
        (
            "Nätverk",
            "Arbetsträning för struktur, rutiner och ett socialt sammanhang",
            "labour_consultant",
            D(2026, 4, 20),
            D(2026, 8, 28),
        ),
        ("Förskola", "Remiss för utredning av den ena sonen", "social_worker", D(2026, 2, 23), D(2026, 6, 1)),
        ("Nätverk", "Föräldrastöd", "social_worker", D(2026, 3, 2), None),
        (
            "Välfärdssystemet",
            "Underlag från vården till Arbetsförmedlingen",
            "social_worker",
            D(2026, 3, 2),
            D(2026, 4, 30),
        ),
        (
            "Hushållsekonomi",
            "Praktik som övergår i en anställning med stöd",
            "labour_consultant",
            D(2026, 9, 1),
            None,
        ),
    ]:
        actions.do_add_measure(
            plan,
            acting_user=None,
            member=consultant,
            life_area=_area(area),
            title=title,
            owner_role=owner,
            starts_on=start,
            ends_on=end,
        )
    actions.do_add_goal(
        plan,
        acting_user=None,
        member=consultant,
        life_area=_area("Välfärdssystemet"),
        text="Har ett nytt yrkesmål som han själv tror på.",
        owner_role="participant",
        due_on=D(2026, 4, 1),
    )
    actions.do_add_note(
        plan,
        acting_user=None,
        member=social,
        text="Sonens utredning pågår; pappan vill att konsulenten får veta hur det går.",
    )
    actions.do_give_consent(
        plan,
        acting_user=None,
        from_side="social",
        to_side="labour",
        scope="Hur barnens utredning och föräldrastödet går, för planeringen av praktiken.",
        given_on=D(2026, 3, 2),
    )


def load_casework_demo(password: str) -> int:
    """Load what is missing; returns how many plans were created."""
    if Plan.objects.filter(case_code__in=["FFIA-DEMO-01", "FFIA-DEMO-02"]).count() == 2:
        return 0
    with transaction.atomic():
        ensure_default_life_areas(LifeArea)  # a flushed test database has lost the migration's rows
        for code, name, parent in UNITS:
            _unit(code, name, parent)
        pros = {row[0]: _professional(row, password) for row in PEOPLE}
        for name, area, description in RESOURCES:
            if not Resource.objects.filter(name=name).exists():
                actions.do_add_resource(
                    acting_user=None, name=name, life_area=_area(area), description=description
                )
        for unit_code in ("IFO-EB", "AM-KC"):
            actions.do_schedule_spot_checks(OrganisationUnit.objects.get(code=unit_code), acting_user=None)
        created = 0
        if not Plan.objects.filter(case_code="FFIA-DEMO-01").exists():
            _first_case(pros["mira"], pros["elias"])  # type: ignore[arg-type]
            created += 1
        if not Plan.objects.filter(case_code="FFIA-DEMO-02").exists():
            _second_case(pros["hanna"], pros["rasmus"])  # type: ignore[arg-type]
            created += 1
    return created
