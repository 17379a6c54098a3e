"""Plans through the pages: starting one, the team, life areas side by side, goals and measures,
reviews with goal attainment, versions with a diff, autosave and the edit conflict check."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jamlik.casework.actions import REVIEW_STOP_TITLE, do_add_goal, do_add_measure, do_rate_life_area
from jamlik.casework.models import Draft, LifeArea, Plan, normalise_personnummer
from jamlik.core.models import AuditEntry
from jamlik.followup.models import WheelStop
from tests.casework.helpers import Casework


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plan_form(plan: Plan, **changes: Any) -> dict[str, Any]:
    data = {
        "version": plan.version,
        "final_goal_type": plan.final_goal_type,
        "final_goal": plan.final_goal,
        "overall_responsible": plan.overall_responsible_id or "",
        "follow_up": plan.follow_up,
        "participant_sex": plan.participant_sex,
        "household_type": plan.household_type,
        "adults": plan.adults,
        "children_0_5": plan.children_0_5,
        "children_6_12": plan.children_6_12,
        "children_13_17": plan.children_13_17,
    }
    return {**data, **changes}


def test_a_professional_starts_a_plan_in_method_mode(cw: Casework) -> None:
    client = client_for(cw.users["annansek"])
    page = client.get(reverse("casework:plan_create")).content.decode()
    assert "id_personnummer" not in page and "id_participant_name" not in page
    response = client.post(
        reverse("casework:plan_create"),
        {
            "case_code": "FFIA-NY-1",
            "offered_on": "2026-03-02",
            "started_on": "2026-03-02",
            "participant_sex": "man",
            "household_type": "single",
            "adults": 1,
            "children_0_5": 0,
            "children_6_12": 1,
            "children_13_17": 1,
            "final_goal_type": "work",
            "final_goal": "Anställning",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(case_code="FFIA-NY-1")
    assert [m.person.user for m in plan.team.all()] == [cw.users["annansek"]]
    assert plan.next_review_on == datetime.date(2026, 3, 30)
    stop = WheelStop.objects.get(pk=plan.review_stop_id)
    assert (stop.title, stop.month, stop.day, stop.owner) == (
        REVIEW_STOP_TITLE,
        3,
        30,
        cw.users["annansek"].person,
    )
    entry = AuditEntry.objects.get(code="casework_plan.created", object_id=str(plan.pk))
    assert "Anställning" not in json.dumps(entry.changes) and "FFIA-NY-1" not in entry.object_repr


def test_someone_without_a_casework_registration_cannot_start_a_plan(cw: Casework) -> None:
    assert client_for(cw.users["chef"]).get(reverse("casework:plan_create")).status_code == 403


def test_life_areas_show_both_ratings_side_by_side_and_the_chart_has_its_table(cw: Casework) -> None:
    assert cw.plan is not None
    health = LifeArea.objects.get(name="Hälsa")
    for day, mine, theirs in [(datetime.date(2026, 1, 12), 2, 5), (datetime.date(2026, 4, 6), 6, 6)]:
        do_rate_life_area(
            cw.plan,
            acting_user=None,
            life_area=health,
            rated_on=day,
            participant_rating=mine,
            professional_rating=theirs,
        )
    page = client_for(cw.users["socsek"]).get(cw.plan.get_absolute_url()).content.decode()
    assert "<svg" in page
    assert 'id="ratings-data"' in page
    table = page.split('id="ratings-data"')[1].split("</table>")[0]
    assert "2026-01-12" in table and "2026-04-06" in table
    assert LifeArea.objects.filter(is_active=True).count() == 6


def test_a_life_area_named_like_markup_is_charted_as_text(cw: Casework) -> None:
    """The chart check reads the SVG's elements, not its text (core.svg): a municipality's own area name
    such as 'Fritid onload=x' is data, and the plan page still answers."""
    assert cw.plan is not None
    area = LifeArea.objects.create(name="Fritid onload=x <b>", guidance="", position=7)
    do_rate_life_area(
        cw.plan,
        acting_user=None,
        life_area=area,
        rated_on=datetime.date(2026, 1, 12),
        participant_rating=4,
        professional_rating=5,
    )
    response = client_for(cw.users["socsek"]).get(cw.plan.get_absolute_url())
    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("<main")[1].split("ratings-data")[0]


def test_a_review_scores_goals_and_keeps_the_t_score(cw: Casework) -> None:
    assert cw.plan is not None
    goals = [
        do_add_goal(cw.plan, acting_user=None, text=f"Delmål {n}", owner_role="participant") for n in range(3)
    ]
    url = reverse("casework:review_create", args=[cw.plan.pk])
    data = {"held_on": "2026-02-09", "comment": ""} | {f"goal_{g.pk}": "1" for g in goals}
    assert client_for(cw.users["socsek"]).post(url, data).status_code == 302
    review = cw.plan.reviews.get()
    assert review.t_score == 63.69
    cw.plan.refresh_from_db()
    assert cw.plan.next_review_on == datetime.date(2026, 2, 9) + datetime.timedelta(days=84)
    stop = WheelStop.objects.get(pk=cw.plan.review_stop_id)
    assert (stop.month, stop.day) == (5, 4)


def test_measures_run_in_parallel_lanes(cw: Casework) -> None:
    assert cw.plan is not None
    area = LifeArea.objects.get(name="Hälsa")
    for title, role in [
        ("Remiss till psykolog", "social_worker"),
        ("Studiemotiverande kurs", "labour_consultant"),
    ]:
        do_add_measure(
            cw.plan,
            acting_user=None,
            life_area=area,
            title=title,
            owner_role=role,
            starts_on=datetime.date(2026, 2, 1),
        )
    page = client_for(cw.users["amkons"]).get(cw.plan.get_absolute_url()).content.decode()
    assert "Remiss till psykolog" in page and "Studiemotiverande kurs" in page
    assert page.count("<svg") == 1  # the lanes; no ratings yet


def test_editing_keeps_versions_and_shows_a_diff(cw: Casework) -> None:
    assert cw.plan is not None
    client = client_for(cw.users["socsek"])
    url = reverse("casework:plan_edit", args=[cw.plan.pk])
    response = client.post(url, plan_form(cw.plan, final_goal="Studier till fritidspedagog, heltid"))
    assert response.status_code == 302
    versions = list(cw.plan.versions.all())
    assert "Studier till fritidspedagog\n" in versions[0].text + "\n"
    assert versions[-1].changed_by is not None and versions[-1].changed_by.person.user == cw.users["socsek"]
    page = client.get(reverse("casework:versions", args=[cw.plan.pk])).content.decode()
    assert "<del>" in page and "heltid</ins>" in page


def test_two_editors_are_handled_by_the_version_check(cw: Casework) -> None:
    assert cw.plan is not None
    url = reverse("casework:plan_edit", args=[cw.plan.pk])
    first = plan_form(cw.plan, follow_up="Var fjärde vecka, socialsekreteraren")
    second = plan_form(cw.plan, follow_up="Varannan vecka, konsulenten")
    assert client_for(cw.users["socsek"]).post(url, first).status_code == 302
    response = client_for(cw.users["amkons"]).post(url, second)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Varannan vecka, konsulenten" in page and "Var fjärde vecka, socialsekreteraren" in page
    assert Plan.objects.get(pk=cw.plan.pk).follow_up == "Var fjärde vecka, socialsekreteraren"


def test_autosave_keeps_a_draft_that_is_offered_back(cw: Casework) -> None:
    assert cw.plan is not None
    client = client_for(cw.users["socsek"])
    response = client.post(
        reverse("casework:plan_autosave", args=[cw.plan.pk]), plan_form(cw.plan, follow_up="Halvfärdig text")
    )
    assert response.status_code == 200
    assert response.content.decode().startswith("Sparat ")
    assert Draft.objects.filter(plan=cw.plan).count() == 1
    url = reverse("casework:plan_edit", args=[cw.plan.pk])
    assert "Återställ utkastet" in client.get(url).content.decode()
    assert "Halvfärdig text" in client.get(url + "?utkast=1").content.decode()
    # The other editor has no draft of their own.
    assert "Återställ utkastet" not in client_for(cw.users["amkons"]).get(url).content.decode()
    client.post(url, plan_form(cw.plan, follow_up="Färdig text"))
    assert not Draft.objects.filter(plan=cw.plan).exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("19811218-9876", "19811218-9876"), ("811218-9876", "19811218-9876"), ("198112189876", "19811218-9876")],
)
def test_personnummer_is_checked_with_luhn(given: str, expected: str) -> None:
    assert normalise_personnummer(given) == expected


@pytest.mark.parametrize("bad", ["19811218-9875", "19811318-9876", "abc", "1981121898"])
def test_bad_personnummer_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise_personnummer(bad)


def test_the_life_area_form_is_autosaved_too(cw: Casework) -> None:
    assert cw.plan is not None
    client = client_for(cw.users["amkons"])
    autosave = reverse("casework:plan_autosave", args=[cw.plan.pk])
    health = LifeArea.objects.get(name="Hälsa")
    response = client.post(autosave, {"_form": "rating", "life_area": health.pk, "situation": "Sover dåligt"})
    assert response.status_code == 200
    assert client.post(autosave, {"_form": "något-annat"}).status_code == 400
    url = reverse("casework:rating_create", args=[cw.plan.pk])
    assert "Återställ utkastet" in client.get(url).content.decode()
    assert "Sover dåligt" in client.get(url + "?utkast=1").content.decode()
    data = {
        "life_area": health.pk,
        "rated_on": "2026-02-02",
        "situation": "Sover dåligt",
        "participant_rating": 3,
        "professional_rating": 4,
    }
    assert client.post(url, data).status_code == 302
    assert not Draft.objects.filter(plan=cw.plan).exists()


def test_personal_mode_checks_the_personnummer_in_the_form(cw: Casework, settings: Any) -> None:
    settings.CASEWORK_PERSONAL_MODE = True
    client = client_for(cw.users["annansek"])
    data = {
        "case_code": "FFIA-PERS-1",
        "offered_on": "2026-03-02",
        "started_on": "2026-03-02",
        "participant_sex": "woman",
        "household_type": "single",
        "adults": 1,
        "children_0_5": 1,
        "children_6_12": 0,
        "children_13_17": 0,
        "final_goal_type": "work",
        "participant_name": "Påhittad Person",
        "personnummer": "811218-9875",
    }
    response = client.post(reverse("casework:plan_create"), data)
    assert response.status_code == 400
    assert "kontrollsiffra" in response.content.decode()
    assert (
        client.post(reverse("casework:plan_create"), {**data, "personnummer": "811218-9876"}).status_code
        == 302
    )
    assert Plan.objects.get(case_code="FFIA-PERS-1").personnummer == "19811218-9876"
