"""Personal data: everything stored about one person (a GDPR access request), and erasure by anonymisation.

Anonymising keeps the organisation's records whole — memberships, leaderships and decisions still point to
a person — but that person no longer has a name, an e-mail address or a login. Audit rows are kept as
they are: they are the municipality's record of who did what, and the law on public records applies.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction

from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import AuditEntry, Person, User

ANONYMOUS_NAME = "Anonymiserad"


def _row(obj: models.Model) -> dict[str, Any]:
    return {f.name: jsonable(getattr(obj, f.name)) for f in obj._meta.concrete_fields}


def export_person(person: Person) -> dict[str, Any]:
    """Every row that points at the person or their user account, grouped by model."""
    related: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is Person:
                rows = model._default_manager.filter(**{field.name: person})
            elif target is User and person.user_id and model is not AuditEntry:
                rows = model._default_manager.filter(**{field.name: person.user_id})
            else:
                continue
            related.setdefault(model._meta.label, []).extend(_row(obj) for obj in rows)
    export: dict[str, Any] = {"person": _row(person), "related": related}
    if person.user_id:
        user = person.user
        assert user is not None
        export["user"] = {k: v for k, v in _row(user).items() if k != "password"}
        export["audit"] = [_row(entry) for entry in AuditEntry.objects.filter(actor=user)]
    return export


def do_anonymise_person(person: Person, *, acting_user: User) -> None:
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.first_name = ANONYMOUS_NAME
        person.last_name = f"person {person.pk}"
        person.email = ""
        person.title = ""
        person.version += 1
        person.save()
        if person.user_id:
            user = User.objects.select_for_update().get(pk=person.user_id)
            user.username = f"anonymiserad-{user.pk}"
            user.first_name = ""
            user.last_name = ""
            user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
            end_sessions(user)
        log_action("person.anonymised", actor=acting_user, obj=person)


def end_sessions(user: User) -> int:
    """Delete every session of this user, so deactivation takes effect at once everywhere."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def do_deactivate_user(user: User, *, acting_user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        ended = end_sessions(user)
        log_action("user.deactivated", actor=acting_user, obj=user, changes={"sessions_ended": ended})
