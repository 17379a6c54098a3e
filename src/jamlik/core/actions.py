"""State changes of organisation objects, and the shared mechanics every app's actions use."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import F

from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import Membership, OrganisationUnit, Person, User, VersionedModel
from jamlik.core.roles import Role

V = TypeVar("V", bound=VersionedModel)


class EditConflictError(Exception):
    """Someone else saved the record after this editor opened it.

    Carries the record as it is now, so the form can show what changed while keeping the editor's input.
    """

    def __init__(self, current: models.Model, submitted: dict[str, Any]) -> None:
        super().__init__("edit conflict")
        self.current = current
        # Fields where the saved record now differs from what this editor submitted.
        self.changed_fields = [name for name, value in submitted.items() if getattr(current, name) != value]


def field_changes(obj: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields in `data` whose values differ from `obj`'s, as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for name, new in data.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [jsonable(old), jsonable(new)]
    return changes


def save_versioned(
    obj: V,
    *,
    acting_user: User | None,
    data: dict[str, Any],
    expected_version: int,
    code: str,
    relation_names: tuple[str, ...] = (),
) -> dict[str, list[Any]]:
    """Apply `data` to `obj` only if nobody saved it since `expected_version` was read.

    The check and the write are one conditional UPDATE, so two concurrent savers cannot both win on
    either database. Many-to-many fields named in `relation_names` are set in the same transaction and
    their change lands in the same audit row. Returns the changes written (empty when nothing differed).
    """
    data = dict(data)
    relations = {name: data.pop(name) for name in relation_names if name in data}
    model = type(obj)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if current.version != expected_version:
            raise EditConflictError(current, data)
        changes = field_changes(current, data)
        for name, values in relations.items():
            before = {item.pk for item in getattr(current, name).all()}
            after = {item.pk for item in values}
            if before != after:
                getattr(current, name).set(values)
                changes[name] = [sorted(before), sorted(after)]
        if not changes:
            return {}
        candidate = model._default_manager.get(pk=obj.pk)
        for name, value in data.items():
            setattr(candidate, name, value)
        # The same validation a form runs (field rules, clean(), constraints), for callers such as the API.
        candidate.full_clean()
        updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
            **data, version=F("version") + 1
        )
        if updated != 1:
            raise EditConflictError(model._default_manager.get(pk=obj.pk), data)
        for name, value in data.items():
            setattr(obj, name, value)
        obj.version = expected_version + 1
        log_action(code, actor=acting_user, obj=obj, changes=changes)
    return changes


def create_logged(
    model: type[models.Model], *, acting_user: User | None, audit_code: str, **fields: Any
) -> Any:
    """Create one object and its audit row in one transaction."""
    with transaction.atomic():
        obj = model._default_manager.create(**fields)
        log_action(
            audit_code,
            actor=acting_user,
            obj=obj,
            changes={k: [None, jsonable(v)] for k, v in fields.items()},
        )
    return obj


def do_create_unit(
    *,
    acting_user: User | None,
    name: str,
    code: str,
    kind: str,
    parent: OrganisationUnit | None = None,
    is_development_unit: bool = False,
) -> OrganisationUnit:
    unit: OrganisationUnit = create_logged(
        OrganisationUnit,
        acting_user=acting_user,
        audit_code="unit.created",
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        is_development_unit=is_development_unit,
    )
    return unit


def do_create_person(
    *,
    acting_user: User | None,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    user: User | None = None,
) -> Person:
    person: Person = create_logged(
        Person,
        acting_user=acting_user,
        audit_code="person.created",
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        user=user,
    )
    return person


def do_add_membership(
    *,
    acting_user: User | None,
    person: Person,
    unit: OrganisationUnit,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
) -> Membership:
    membership: Membership = create_logged(
        Membership,
        acting_user=acting_user,
        audit_code="membership.created",
        person=person,
        unit=unit,
        role=role,
        start=start,
        end=end,
    )
    return membership


def do_update_user_from_sso(
    *,
    username: str,
    details: dict[str, str],
    roles: set[str] | None,
    issuer: str,
) -> tuple[User, bool]:
    """Create or update the local user for someone the identity provider has just vouched for.

    `details` holds the user fields the provider states (e-mail, names). With `roles` given, the
    provider's groups are the truth: role groups not in it are taken away (other groups are left alone),
    and the administrator role carries staff status for the admin site. `roles=None` leaves roles as they
    are, for municipalities that hand out roles in Jämlik itself. One audit row, acted by the user, and
    none when nothing changed. Returns the user and whether it was created.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
        wanted: dict[str, Any] = dict(details)
        if roles is not None and not user.is_superuser:
            wanted["is_staff"] = Role.ADMINISTRATOR.value in roles
        changes: dict[str, Any] = field_changes(user, wanted)
        if created:
            changes = {name: [None, jsonable(value)] for name, value in wanted.items()}
        if changes:
            for name, value in wanted.items():
                setattr(user, name, value)
            user.save()
        if roles is not None:
            role_changes = _set_roles(user, roles)
            if role_changes:
                changes["roles"] = role_changes
        if changes:
            changes["source"] = f"sso:{issuer}"
            log_action("user.created" if created else "user.changed", actor=user, obj=user, changes=changes)
    return user, created


def _set_roles(user: User, roles: set[str]) -> list[list[str]]:
    """Give `user` exactly these role groups; returns [before, after], or [] when nothing changed."""
    before = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    if before == roles:
        return []
    user.groups.remove(*Group.objects.filter(name__in=before - roles))
    user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in sorted(roles - before)))
    user.__dict__.pop("_role_codes", None)
    return [sorted(before), sorted(roles)]
