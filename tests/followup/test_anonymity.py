"""An anonymous answer: nothing in the database links it to the person who gave it.

Not the answer row (no author, no timestamp, a random key), not the audit log (no row is written when
it is sent, so none can sit next to the author's login in time or sequence), and not any other row.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse

from jamlik.core.models import AuditEntry, Person, User
from jamlik.core.roles import Role
from jamlik.followup.models import Answer

pytestmark = pytest.mark.django_db

SECRET = "Ledningen lyssnar inte på oss"


def every_row() -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table, keyed by model and primary key, as {field name: stored value}."""
    rows: dict[str, dict[Any, dict[str, Any]]] = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields]
        rows[model._meta.label] = {
            obj.pk: {f.attname: getattr(obj, f.attname) for f in fields} for obj in model._base_manager.all()
        }
    return rows


def mentions(value: Any, needles: list[str]) -> bool:
    text = str(value)
    return any(needle in text for needle in needles)


def test_no_row_links_an_anonymous_answer_to_its_author(world: Any, fu: Any) -> None:
    user: User = world.users[Role.PARTICIPANT]
    person: Person = user.person
    client = Client()
    client.force_login(user)
    round_ = fu["own_round"]
    question = round_.questions.first()
    client.get(reverse("followup:answer_round", args=[round_.pk]))
    before = every_row()

    response = client.post(
        reverse("followup:answer_round", args=[round_.pk]),
        {"group": fu["own_group"].pk, f"q{question.pk}": SECRET, "anonymous": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("followup:index")  # nothing identifying in the address either
    answer = Answer.objects.get(text=SECRET)
    # The answer itself: anonymous, no author, a random key, and no time of its own.
    assert answer.is_anonymous and answer.author_id is None
    assert isinstance(answer.pk, uuid.UUID) and answer.pk.version == 4
    assert not [
        f for f in Answer._meta.concrete_fields if isinstance(f, models.DateField | models.DateTimeField)
    ]
    person_or_user_fks = [
        f for f in Answer._meta.concrete_fields if f.is_relation and f.related_model in (Person, User)
    ]
    assert [f.name for f in person_or_user_fks] == ["author"]

    after = every_row()
    needles = [str(answer.pk), answer.pk.hex, SECRET]
    for label, rows in after.items():
        for pk, values in rows.items():
            new_or_changed = before.get(label, {}).get(pk) != values
            if label == "followup.Answer" and pk == answer.pk:
                continue
            if label == Session._meta.label:
                # The session row is touched on every request; it must not carry the answer.
                assert not mentions(Session.objects.get(pk=pk).get_decoded(), needles)
                continue
            if not new_or_changed:
                continue
            # No other row written by this request may name the answer, its text, the author or the person.
            assert not mentions(values, needles), (label, values)
            for field in apps.get_model(label)._meta.concrete_fields:
                if field.is_relation and field.related_model is User:
                    assert values[field.attname] != user.pk, (label, field.name)
                if field.is_relation and field.related_model is Person:
                    assert values[field.attname] != person.pk, (label, field.name)

    # The audit log in particular: no row at all for the submission, none naming the answer anywhere.
    assert set(after[AuditEntry._meta.label]) == set(before[AuditEntry._meta.label])
    assert not AuditEntry.objects.filter(object_id=str(answer.pk)).exists()
    assert not any(mentions(e.changes, needles) for e in AuditEntry.objects.all())


def test_a_named_answer_by_contrast_is_logged_with_its_author(world: Any, fu: Any) -> None:
    user = world.users[Role.PARTICIPANT]
    client = Client()
    client.force_login(user)
    round_ = fu["own_round"]
    question = round_.questions.first()
    client.post(
        reverse("followup:answer_round", args=[round_.pk]),
        {"group": fu["own_group"].pk, f"q{question.pk}": SECRET},
    )
    answer = Answer.objects.get(text=SECRET)
    assert answer.author == user.person and not answer.is_anonymous
    assert AuditEntry.objects.filter(actor=user, code="answer.submitted").count() == 1


def test_the_database_refuses_an_anonymous_answer_with_an_author(fu: Any, world: Any) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            question=fu["own_question"],
            group=fu["own_group"],
            text="x",
            is_anonymous=True,
            author=world.users[Role.PARTICIPANT].person,
        )
