from __future__ import annotations

import pytest
from django.core.management import call_command

from jamlik.core.models import AuditEntry, OrganisationUnit, User
from jamlik.goals.models import KnowledgeItem, Principle, Programme, Strategy, TargetArea

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = [OrganisationUnit, User, Programme, TargetArea, Strategy, Principle, KnowledgeItem, AuditEntry]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_data_is_complete_and_loading_twice_changes_nothing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    programme = Programme.objects.get()
    assert programme.target_areas.count() == 4
    assert [a.strategies.count() for a in programme.target_areas.all()] == [7, 7, 5, 7]
    assert programme.principles.count() == 6
    assert programme.knowledge_items.filter(kind="strategy").count() == 4
    assert programme.knowledge_items.filter(kind="perspective").count() == 4
    assert set(OrganisationUnit.objects.values_list("code", flat=True)) >= {
        "UTB",
        "IFO-FH",
        "KOF",
        "AO-HSV",
        "UA",
    }
