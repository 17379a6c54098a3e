"""Need to know: who may see a plan, and the access log every read and write of a plan goes through.

Only the plan's team and their supervisors (the managers of a team member's unit) see a plan; someone
else may open it read-only through the emergency path, with a reason, and that access is reviewed.
Administrators have no access of their own. Views never fetch a plan directly: they call
`get_plan_for_user`, which decides, writes the access-log row and refuses with 403 (logged too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from jamlik.casework.models import AccessLogEntry, EmergencyAccess, Plan, Professional, Side, TeamMember
from jamlik.core.models import Membership


@dataclass
class PlanAccess:
    relation: str
    member: TeamMember | None = None
    unit_id: int | None = None
    profession: str = ""
    sides: set[str] = field(default_factory=set)
    plan_is_active: bool = True

    @property
    def allowed(self) -> bool:
        return self.relation != AccessLogEntry.Relation.NONE

    @property
    def can_edit(self) -> bool:
        """Only the team writes, and only in an active plan; supervisors and emergency access read."""
        return self.relation == AccessLogEntry.Relation.TEAM and self.plan_is_active

    @property
    def is_supervisor(self) -> bool:
        return self.relation == AccessLogEntry.Relation.SUPERVISOR


def professional_of(user: Any) -> Professional | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Professional.objects.filter(person__user=user, is_active=True).select_related("unit").first()


def _first_unit_id(user: Any) -> int | None:
    return (
        Membership.objects.current().filter(person__user=user).values_list("unit_id", flat=True).first()
        if user.is_authenticated
        else None
    )


def plan_access(user: Any, plan: Plan) -> PlanAccess:
    """The user's relation to the plan, with the unit and services it is exercised in."""
    active = plan.status == Plan.Status.ACTIVE
    if not user.is_authenticated or not user.is_active:
        return PlanAccess(AccessLogEntry.Relation.NONE)
    team = list(plan.team.filter(left_on__isnull=True).select_related("person"))
    for member in team:
        if member.person.user_id == user.pk:
            return PlanAccess(
                AccessLogEntry.Relation.TEAM, member, member.unit_id, member.profession, {member.side}, active
            )
    managed = set(
        Membership.objects.current()
        .filter(person__user=user, role=Membership.Kind.MANAGER)
        .values_list("unit_id", flat=True)
    )
    supervised = [member for member in team if member.unit_id in managed]
    if supervised:
        return PlanAccess(
            AccessLogEntry.Relation.SUPERVISOR,
            unit_id=supervised[0].unit_id,
            sides={member.side for member in supervised},
            plan_is_active=active,
        )
    emergency = EmergencyAccess.objects.filter(plan=plan, user=user, expires_at__gt=timezone.now()).exists()
    professional = professional_of(user) if emergency else None
    if emergency and professional is not None:
        return PlanAccess(
            AccessLogEntry.Relation.EMERGENCY,
            unit_id=professional.unit_id,
            profession=professional.profession,
            sides={professional.side},
            plan_is_active=active,
        )
    return PlanAccess(AccessLogEntry.Relation.NONE, unit_id=_first_unit_id(user))


def log_access(user: Any, plan: Plan, access: PlanAccess, *, section: str, action: str) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        relation=access.relation,
        profession=access.profession,
        unit_id=access.unit_id,
        plan=plan,
        section=section,
        action=action,
    )


def get_plan_for_user(
    request: HttpRequest, pk: int, *, section: str, write: bool = False, supervisor_only: bool = False
) -> tuple[Plan, PlanAccess]:
    """The plan if the user may see it (and write it, when `write`; as a supervisor, when
    `supervisor_only`); one access-log row either way.

    A plan that does not exist answers 403 too (nothing to log), so that refusals do not tell which
    plan numbers exist.
    """
    plan = Plan.objects.select_related("unit", "overall_responsible__person").filter(pk=pk).first()
    if plan is None:
        raise PermissionDenied
    access = plan_access(request.user, plan)
    refused = (
        not access.allowed
        or (write and not access.can_edit)
        or (supervisor_only and not access.is_supervisor)
    )
    if refused:
        log_access(request.user, plan, access, section=section, action=AccessLogEntry.Action.DENIED)
        raise PermissionDenied
    action = AccessLogEntry.Action.WRITE if request.method == "POST" else AccessLogEntry.Action.READ
    log_access(request.user, plan, access, section=section, action=action)
    return plan, access


def visible_note_sides(plan: Plan, access: PlanAccess) -> set[str]:
    """The services whose notes this viewer sees: their own, and any other that has consent to share.

    Read at every request, so a revoked consent hides the notes at once.
    """
    sides = set(access.sides)
    shared = plan.consents.filter(revoked_at__isnull=True, to_side__in=access.sides)
    sides |= set(shared.values_list("from_side", flat=True))
    return sides & set(Side.values)


def managed_unit_ids(user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.current()
        .filter(person__user=user, role=Membership.Kind.MANAGER)
        .values_list("unit_id", flat=True)
    )
