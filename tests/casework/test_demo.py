"""The demo's two family plans load through the actions, in method mode, and loading twice adds nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jamlik.casework.demo import load_casework_demo
from jamlik.casework.models import Plan
from jamlik.core.models import AuditEntry


def test_the_demo_loads_twice_without_duplicates(db: Any) -> None:
    assert load_casework_demo("Demo-lösen-1") == 2
    audit_rows = AuditEntry.objects.count()
    assert load_casework_demo("Demo-lösen-1") == 0
    assert AuditEntry.objects.count() == audit_rows
    first, second = Plan.objects.order_by("case_code")
    assert (first.outcome, second.final_goal_type) == ("studies", "work")
    assert not first.participant_name and not first.personnummer
    assert first.reviews.count() == 2 and first.reviews.last().t_score is not None  # type: ignore[union-attr]
    assert second.measures.count() == 8
    client = Client()
    client.login(username="mira", password="Demo-lösen-1")
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(second.get_absolute_url()).status_code == 403
