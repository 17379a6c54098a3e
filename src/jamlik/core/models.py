from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.roles import Role


class User(AbstractUser):
    """A login. The person behind it (name, unit memberships) is a `Person`."""

    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def role_codes(self) -> set[str]:
        """The role codes this user holds, cached per request-bound user object."""
        cached: set[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self._role_codes = cached
        return cached

    def has_role(self, role: Role | str) -> bool:
        return self.is_active and (str(role) in self.role_codes())


class VersionedModel(models.Model):
    """A record people edit in forms.

    The version goes into every edit form; a save whose version no longer matches is refused so that
    the second of two concurrent editors never overwrites the first one's work unseen.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class OrganisationUnitQuerySet(models.QuerySet["OrganisationUnit"]):
    def roots(self) -> OrganisationUnitQuerySet:
        return self.filter(parent__isnull=True)


class OrganisationUnit(VersionedModel):
    """An administration, sector, department or unit: a node in the organisation tree."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration")
        SECTOR = "sector", _("Sector")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit")
        EXTERNAL = "external", _("External organisation")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"), max_length=30, unique=True, help_text=_("A short unique code, e.g. IFO-FH.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    is_development_unit = models.BooleanField(
        _("development unit"),
        default=False,
        help_text=_(
            "Tick for the unit that supports the work with development (one of each pair of process leaders)."
        ),
    )

    objects = OrganisationUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        if self.pk and self.parent_id:
            node: OrganisationUnit | None = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
                node = node.parent

    def ancestors(self) -> list[OrganisationUnit]:
        """From the root down to the parent; the tree is shallow, so walking it is cheap."""
        chain: list[OrganisationUnit] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def sector(self) -> OrganisationUnit:
        """The sector (or the development unit) this unit belongs to: where a process leader comes from.

        Found by walking up to the nearest unit marked as a sector or as the development unit; a unit
        outside any sector is its own.
        """
        for node in [self, *reversed(self.ancestors())]:
            if node.kind == self.Kind.SECTOR or node.is_development_unit:
                return node
        return self


def descendant_ids(unit_ids: set[int]) -> set[int]:
    """All units under the given ones (inclusive), one query per tree level."""
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = (
            set(OrganisationUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        )
        found |= frontier
    return found


class Person(VersionedModel):
    """Someone who takes part in the work, with or without a login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Job title, e.g. unit manager.")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Membership(models.Model):
    """A person's place in a unit, with a role, for a period."""

    class Kind(models.TextChoices):
        MANAGER = "manager", _("Manager")
        STAFF = "staff", _("Staff member")
        DEVELOPER = "developer", _("Development leader")
        PROCESS_LEADER = "process_leader", _("Process leader")
        MANAGEMENT = "management", _("Management member")
        PROCESS_OWNER = "process_owner", _("Process owner")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Kind.choices, default=Kind.STAFF)
    start = models.DateField(_("from"))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty while the membership lasts.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit.code} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One thing that happened: who did what to which object, when and from where.

    Rows are written once and never changed; timelines and the audit search read from here.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("actor name"), max_length=200, blank=True)
    code = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.code} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")
