"""No plan leaks to anyone outside its team: a property over random users, whatever their system role,
unit, membership kind or casework registration. Lists, the report, the export, the annual wheel, the
API schema and the plan itself are checked for the case code and the plan's free text."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.casework.actions import do_add_team_member
from jamlik.casework.models import Plan
from jamlik.core.models import OrganisationUnit
from jamlik.core.roles import Role
from tests.casework.helpers import CASE_CODE, Casework, add_user

_names = itertools.count()
SECRET_TEXT = "fritidspedagog"

users = st.fixed_dictionaries(
    {
        "role": st.sampled_from([None, *[role.value for role in Role]]),
        "unit": st.sampled_from(["SOC", "AM", "A1", "A", "B"]),
        "membership": st.sampled_from(["staff", "manager", "process_leader", "management"]),
        "professional": st.sampled_from([None, "social_worker", "labour_consultant"]),
        "in_team": st.booleans(),
    }
)


def pages(plan: Plan) -> list[str]:
    return [
        reverse("casework:index"),
        reverse("casework:report"),
        reverse("casework:resources"),
        reverse("casework:spot_checks"),
        reverse("casework:plan_detail", args=[plan.pk]),
        reverse("casework:plan_export", args=[plan.pk]),
        reverse("casework:versions", args=[plan.pk]),
        reverse("followup:wheel"),
        reverse("home"),
        reverse("core:organisation"),
        "/api/openapi.json",
    ]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=users)
def test_no_plan_reaches_anyone_outside_the_team(cw: Casework, profile: dict[str, Any]) -> None:
    assert cw.plan is not None
    from django.contrib.auth.models import Group

    unit = OrganisationUnit.objects.get(code=profile["unit"])
    side = "social" if profile["professional"] == "social_worker" else "labour"
    user, professional = add_user(
        f"slump{next(_names)}",
        unit,
        membership=profile["membership"],
        profession=profile["professional"],
        side=side,
    )
    if profile["role"]:
        user.groups.add(Group.objects.get_or_create(name=profile["role"])[0])
    in_team = bool(profile["in_team"] and professional)
    if in_team:
        assert professional is not None
        do_add_team_member(cw.plan, acting_user=None, professional=professional)
    # Earlier examples may have put professionals of other units in the team: their managers may see it.
    team_units = set(cw.plan.team.filter(left_on__isnull=True).values_list("unit__code", flat=True))
    supervisor = profile["membership"] == "manager" and profile["unit"] in team_units
    may_see = in_team or supervisor
    client = Client()
    client.force_login(user)
    for url in pages(cw.plan):
        response = client.get(url)
        body = response.content.decode()
        leaked = CASE_CODE in body or SECRET_TEXT in body
        if url.startswith(reverse("casework:plan_detail", args=[cw.plan.pk])):
            assert (response.status_code == 200) == may_see, (url, profile)
        if not may_see:
            assert not leaked, (url, profile, response.status_code)
