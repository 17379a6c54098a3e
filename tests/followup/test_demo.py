"""The demo follow-up (seed 000) and House (seed 001) load through the actions, once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.demo.loader import load_demo
from jamlik.followup.demo import PLAN_TITLE, ROUND_TITLE, load_followup_demo
from jamlik.followup.models import ActionPlan, FollowUpRound, Idea, LearningLog, WheelStop
from jamlik.goals.models import ManagementModel

pytestmark = pytest.mark.django_db


def test_the_demo_follow_up_loads_once(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    assert FollowUpRound.objects.count() == 3
    main = FollowUpRound.objects.get(title=ROUND_TITLE)
    assert main.questions.count() == 3
    assert [g.date for g in main.groups.all()] == [
        datetime.date(2018, 4, 23),
        datetime.date(2018, 5, 9),
        datetime.date(2018, 8, 20),
    ]
    good, challenging, _ideas = main.questions.all()
    assert [t.name for t in good.themes.all()][:2] == [
        "Ledning och styrning",
        "Medskapande ledarskap – lärande och utveckling",
    ]
    assert challenging.themes.count() == 4 and not challenging.answers.filter(theme__isnull=True).exists()
    assert {a.group_id for a in good.answers.all()} == {g.pk for g in main.groups.all()}
    assert Idea.objects.count() >= 15 and not Idea.objects.filter(rank__isnull=False).exists()
    assert LearningLog.objects.values("author").distinct().count() == 5
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    assert [t.number for t in plan.themes.all()] == [1, 2, 3, 4]
    assert [a.label for a in plan.themes.get(number=4).actions.all()] == ["4a", "4b", "4c", "4d", "4e"]
    house = ManagementModel.objects.get(unit__code="IFO-FH")
    assert house.rooms.count() == 6 and house.parked_issues.count() >= 3
    assert house.parked_issues.overdue().exists()
    assert len(set(WheelStop.objects.values_list("month", flat=True))) >= 10  # a year of stops (not July)

    audit_rows = AuditEntry.objects.count()
    assert load_followup_demo() == 0
    assert AuditEntry.objects.count() == audit_rows
