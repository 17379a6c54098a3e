"""State changes of family plans. One transaction and one audit row each.

Audit rows name the changed fields, never their values: the values are secret and live encrypted in
the plan itself, and the audit log is read by administrators who have no access to plans.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.casework.models import (
    AccessLogEntry,
    Consent,
    Draft,
    EmergencyAccess,
    Enrolment,
    Goal,
    GoalScore,
    LifeAreaRating,
    Measure,
    Meeting,
    Note,
    Plan,
    PlanVersion,
    Profession,
    Professional,
    Resource,
    Review,
    SpotCheck,
    TeamMember,
)
from jamlik.casework.snapshot import plan_text
from jamlik.core.actions import EditConflictError
from jamlik.core.audit import log_action
from jamlik.core.models import OrganisationUnit, User
from jamlik.followup.models import WheelStop
from jamlik.measures.gas import t_score

REVIEW_STOP_TITLE = "Familjeplan: uppföljning"
SPOT_CHECK_TITLE = "Stickprov i åtkomstloggen för familjeplaner"
SPOT_CHECK_SAMPLE = 10


def _log(
    code: str, *, acting_user: User | None, obj: Any, fields: list[str] | None = None, **extra: Any
) -> None:
    log_action(code, actor=acting_user, obj=obj, changes={"fields": sorted(fields or []), **extra})


def _snapshot(plan: Plan, member: TeamMember | None) -> PlanVersion:
    """A new version holding the plan's text now; the old versions keep theirs."""
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanVersion.objects.create(plan=plan, number=number, changed_by=member, text=plan_text(plan))


def _next_review(plan: Plan) -> datetime.date:
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is None:
        return plan.started_on + timedelta(days=settings.CASEWORK_FIRST_REVIEW_DAYS)
    return last + timedelta(days=settings.CASEWORK_REVIEW_INTERVAL_DAYS)


def _schedule_review(plan: Plan) -> None:
    """Put the next review on the plan and on the annual wheel of the responsible member's unit.

    The wheel stop names no participant: colleagues in the unit see that a review is due, not whose.
    """
    plan.next_review_on = _next_review(plan) if plan.status == Plan.Status.ACTIVE else None
    owner = plan.overall_responsible or plan.team.filter(left_on__isnull=True).first()
    stop = WheelStop.objects.filter(pk=plan.review_stop_id).first() if plan.review_stop_id else None
    if plan.next_review_on is None or owner is None:
        if stop is not None:
            plan.review_stop = None
            stop.delete()
    elif stop is None:
        plan.review_stop = WheelStop.objects.create(
            unit=owner.unit,
            owner=owner.person,
            title=REVIEW_STOP_TITLE,
            kind=WheelStop.Kind.FOLLOWUP,
            month=plan.next_review_on.month,
            day=plan.next_review_on.day,
            description=_("Review of a family plan. Open Family-centred work to see which."),
        )
    else:
        WheelStop.objects.filter(pk=stop.pk).update(
            unit=owner.unit,
            owner=owner.person,
            month=plan.next_review_on.month,
            day=plan.next_review_on.day,
            version=F("version") + 1,
        )
    Plan.objects.filter(pk=plan.pk).update(next_review_on=plan.next_review_on, review_stop=plan.review_stop)


def do_create_plan(
    *,
    acting_user: User | None,
    professional: Professional,
    case_code: str,
    offered_on: datetime.date,
    started_on: datetime.date | None = None,
    **fields: Any,
) -> Plan:
    """Start a plan; the professional who starts it is its first team member and holds the responsibility."""
    if not professional.is_active:
        raise ValidationError(_("Only an active casework professional can start a plan."))
    with transaction.atomic():
        plan = Plan(
            case_code=case_code,
            unit=professional.unit,
            offered_on=offered_on,
            started_on=started_on or offered_on,
            **fields,
        )
        plan.full_clean()
        plan.save()
        member = TeamMember.objects.create(
            plan=plan,
            person=professional.person,
            unit=professional.unit,
            profession=professional.profession,
            side=professional.side,
            joined_on=plan.started_on,
        )
        plan.overall_responsible = member
        plan.save(update_fields=["overall_responsible"])
        _schedule_review(plan)
        do_schedule_spot_checks(professional.unit, acting_user=acting_user)
        _snapshot(plan, member)
        _log("casework_plan.created", acting_user=acting_user, obj=plan, fields=["case_code", *fields])
    return plan


def do_add_team_member(plan: Plan, *, acting_user: User | None, professional: Professional) -> TeamMember:
    with transaction.atomic():
        if plan.team.filter(person=professional.person, left_on__isnull=True).exists():
            raise ValidationError(_("%(person)s is already in the team.") % {"person": professional.person})
        member = TeamMember.objects.create(
            plan=plan,
            person=professional.person,
            unit=professional.unit,
            profession=professional.profession,
            side=professional.side,
        )
        do_schedule_spot_checks(professional.unit, acting_user=acting_user)
        _log("casework_team.joined", acting_user=acting_user, obj=plan, member=member.pk)
    return member


def do_remove_team_member(member: TeamMember, *, acting_user: User | None) -> None:
    with transaction.atomic():
        if member.plan.team.filter(left_on__isnull=True).exclude(pk=member.pk).count() == 0:
            raise ValidationError(_("The last team member cannot leave the plan."))
        TeamMember.objects.filter(pk=member.pk).update(left_on=timezone.localdate())
        if member.plan.overall_responsible_id == member.pk:
            Plan.objects.filter(pk=member.plan_id).update(overall_responsible=None)
        _log("casework_team.left", acting_user=acting_user, obj=member.plan, member=member.pk)


PLAN_FIELDS = (
    "final_goal_type",
    "final_goal",
    "overall_responsible",
    "follow_up",
    "participant_sex",
    "household_type",
    "adults",
    "children_0_5",
    "children_6_12",
    "children_13_17",
    "participant_name",
    "personnummer",
)


def do_update_plan(
    plan: Plan,
    *,
    acting_user: User | None,
    member: TeamMember | None,
    data: Mapping[str, Any],
    expected_version: int,
) -> list[str]:
    """Save the plan form if nobody saved since `expected_version`; a new version keeps the old text."""
    data = {name: value for name, value in data.items() if name in PLAN_FIELDS}
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.version != expected_version:
            raise EditConflictError(current, data)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(current, name, data[name])
        current.full_clean()
        current.version = expected_version + 1
        current.save()
        if member is not None:
            Draft.objects.filter(plan=current, member=member, form="plan").delete()
        _schedule_review(current)
        _snapshot(current, member)
        _log("casework_plan.changed", acting_user=acting_user, obj=current, fields=changed)
        for name in changed:
            setattr(plan, name, data[name])
        plan.version = current.version
    return changed


def do_record_meeting(
    plan: Plan, *, acting_user: User | None, held_on: datetime.date, summary: str = ""
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(plan=plan, held_on=held_on, summary=summary)
        _log("casework_meeting.recorded", acting_user=acting_user, obj=plan, fields=["held_on", "summary"])
    return meeting


def do_rate_life_area(plan: Plan, *, acting_user: User | None, **fields: Any) -> LifeAreaRating:
    with transaction.atomic():
        rating = LifeAreaRating(plan=plan, **fields)
        rating.full_clean()
        rating.save()
        _log("casework_rating.recorded", acting_user=acting_user, obj=plan, fields=list(fields))
    return rating


def do_add_goal(
    plan: Plan, *, acting_user: User | None, member: TeamMember | None = None, **fields: Any
) -> Goal:
    with transaction.atomic():
        goal = Goal(plan=plan, **fields)
        goal.full_clean()
        goal.save()
        _snapshot(plan, member)
        _log("casework_goal.added", acting_user=acting_user, obj=plan, fields=list(fields))
    return goal


def do_set_goal_status(
    goal: Goal, *, acting_user: User | None, member: TeamMember | None, status: str
) -> None:
    with transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(status=status)
        goal.status = status
        _snapshot(goal.plan, member)
        _log(
            "casework_goal.status_set",
            acting_user=acting_user,
            obj=goal.plan,
            fields=["status"],
            goal=goal.pk,
        )


def do_add_measure(
    plan: Plan, *, acting_user: User | None, member: TeamMember | None = None, **fields: Any
) -> Measure:
    with transaction.atomic():
        measure = Measure(plan=plan, **fields)
        measure.full_clean()
        measure.save()
        _snapshot(plan, member)
        _log("casework_measure.added", acting_user=acting_user, obj=plan, fields=list(fields))
    return measure


def do_add_note(plan: Plan, *, acting_user: User | None, member: TeamMember, text: str) -> Note:
    with transaction.atomic():
        note = Note.objects.create(plan=plan, side=member.side, author=member, text=text)
        _log("casework_note.added", acting_user=acting_user, obj=plan, fields=["text"], side=member.side)
    return note


def do_give_consent(
    plan: Plan, *, acting_user: User | None, from_side: str, to_side: str, scope: str, given_on: datetime.date
) -> Consent:
    with transaction.atomic():
        consent = Consent(plan=plan, from_side=from_side, to_side=to_side, scope=scope, given_on=given_on)
        consent.full_clean()
        consent.save()
        _log(
            "casework_consent.given", acting_user=acting_user, obj=plan, from_side=from_side, to_side=to_side
        )
    return consent


def do_revoke_consent(consent: Consent, *, acting_user: User | None) -> None:
    """Revoking takes effect at once: every page reads the consents at each request."""
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            _log(
                "casework_consent.revoked",
                acting_user=acting_user,
                obj=consent.plan,
                from_side=consent.from_side,
                to_side=consent.to_side,
            )


def do_agree_version(
    plan: Plan,
    *,
    acting_user: User | None,
    member: TeamMember | None,
    agreed_on: datetime.date,
    agreed_by_participant: bool,
    social_worker: TeamMember | None,
    consultant: TeamMember | None,
) -> PlanVersion:
    """Record that the three parties agreed the plan as it stands, at the meeting on `agreed_on`."""
    if not agreed_by_participant or social_worker is None or consultant is None:
        raise ValidationError(
            _("An agreed version needs the participant, a social worker and a labour-market consultant.")
        )
    if (
        social_worker.profession != Profession.SOCIAL_WORKER
        or consultant.profession != Profession.LABOUR_CONSULTANT
    ):
        raise ValidationError(_("Pick the team's social worker and its labour-market consultant."))
    with transaction.atomic():
        version = _snapshot(plan, member)
        version.agreed_on = agreed_on
        version.agreed_by_participant = True
        version.agreed_social_worker = social_worker
        version.agreed_consultant = consultant
        version.save()
        _log("casework_plan.agreed", acting_user=acting_user, obj=plan, version=version.number)
    return version


def do_record_review(
    plan: Plan,
    *,
    acting_user: User | None,
    member: TeamMember,
    held_on: datetime.date,
    scores: Mapping[int, int],
    comment: str = "",
) -> Review:
    """Score each sub-goal −2 … +2 and keep the goal attainment T-score; schedule the next review."""
    goals = {goal.pk: goal for goal in plan.goals.exclude(status=Goal.Status.CANCELLED)}
    scored = [(goals[pk], score) for pk, score in scores.items() if pk in goals]
    with transaction.atomic():
        review = Review.objects.create(plan=plan, held_on=held_on, by=member, comment=comment)
        for goal, score in scored:
            GoalScore.objects.create(review=review, goal=goal, score=score, weight=goal.weight)
        if scored:
            review.t_score = round(t_score([s for _g, s in scored], [float(g.weight) for g, _s in scored]), 2)
            review.save(update_fields=["t_score"])
        Meeting.objects.create(plan=plan, held_on=held_on, summary=_("Review"))
        _schedule_review(plan)
        _log("casework_review.recorded", acting_user=acting_user, obj=plan, goals=len(scored))
    return review


def do_close_plan(
    plan: Plan, *, acting_user: User | None, outcome: str, outcome_on: datetime.date | None
) -> None:
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(
            status=Plan.Status.CLOSED,
            closed_on=timezone.localdate(),
            outcome=outcome,
            outcome_on=outcome_on,
            version=F("version") + 1,
        )
        plan.refresh_from_db()
        _schedule_review(plan)
        _log("casework_plan.closed", acting_user=acting_user, obj=plan, outcome=outcome)


def do_grant_emergency_access(plan: Plan, *, acting_user: User, reason: str) -> EmergencyAccess:
    """Read access outside the team for a short time. The reason is required; the access is reviewed."""
    if len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": _("State the reason for the emergency access (at least 10 characters).")}
        )
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            plan=plan,
            user=acting_user,
            reason=reason.strip(),
            expires_at=timezone.now() + timedelta(minutes=settings.CASEWORK_EMERGENCY_MINUTES),
        )
        _log("casework_emergency.granted", acting_user=acting_user, obj=plan, access=access.pk)
    return access


def do_save_draft(
    plan: Plan, *, member: TeamMember, form: str, data: Mapping[str, Any], base_version: int
) -> Draft:
    """Keep a form's input on the server (autosave). Not audited: the access log records the write."""
    payload = json.dumps(dict(data), ensure_ascii=False)
    draft, _created = Draft.objects.update_or_create(
        plan=plan,
        member=member,
        form=form,
        defaults={"data": payload, "base_version": base_version, "saved_at": timezone.now()},
    )
    return draft


def do_discard_draft(plan: Plan, *, member: TeamMember, form: str) -> None:
    Draft.objects.filter(plan=plan, member=member, form=form).delete()


# --- Spot checks of the access log ------------------------------------------------------------------


def do_schedule_spot_checks(unit: OrganisationUnit, *, acting_user: User | None) -> int:
    """A monthly stop on the unit's annual wheel for the spot check; returns how many were added.

    Called whenever a unit's staff join a plan, so every unit with plans has its monthly check.
    """
    added = 0
    if WheelStop.objects.filter(unit=unit, title=SPOT_CHECK_TITLE).count() >= 12:
        return 0
    with transaction.atomic():
        for month in range(1, 13):
            if WheelStop.objects.filter(unit=unit, title=SPOT_CHECK_TITLE, month=month).exists():
                continue
            WheelStop.objects.create(
                unit=unit,
                title=SPOT_CHECK_TITLE,
                kind=WheelStop.Kind.OTHER,
                month=month,
                day=5,
                description=_(
                    "The unit manager checks a sample of last month's accesses to family plans "
                    "and records the outcome (HSLF-FS 2016:40)."
                ),
            )
            added += 1
        if added:
            log_action("casework_spotcheck.scheduled", actor=acting_user, obj=unit, changes={"stops": added})
    return added


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def do_start_spot_check(
    unit: OrganisationUnit, *, acting_user: User, month: datetime.date, seed: int | None = None
) -> SpotCheck:
    """Sample the month's accesses to plans the unit's staff work in.

    Every emergency access and every access from outside the team is taken; a random handful of the
    team's own accesses is added so that ordinary work is checked too.
    """
    month = month_start(month)
    next_month = (month + timedelta(days=32)).replace(day=1)
    plan_ids = TeamMember.objects.filter(unit=unit).values("plan_id")
    entries = AccessLogEntry.objects.filter(
        plan_id__in=plan_ids, at__date__gte=month, at__date__lt=next_month
    )
    with transaction.atomic():
        check, created = SpotCheck.objects.get_or_create(unit=unit, month=month)
        if created:
            flagged = list(
                entries.filter(~Q(relation=AccessLogEntry.Relation.TEAM)).values_list("pk", flat=True)
            )
            ordinary = list(
                entries.filter(relation=AccessLogEntry.Relation.TEAM).values_list("pk", flat=True)
            )
            picked = random.Random(seed).sample(ordinary, min(SPOT_CHECK_SAMPLE, len(ordinary)))
            check.sample.set(flagged + picked)
            log_action(
                "casework_spotcheck.started",
                actor=acting_user,
                obj=check,
                changes={"flagged": len(flagged), "sampled": len(picked)},
            )
    return check


def do_record_spot_check(check: SpotCheck, *, acting_user: User, outcome: str, found_problems: bool) -> None:
    with transaction.atomic():
        SpotCheck.objects.filter(pk=check.pk).update(
            outcome=outcome,
            found_problems=found_problems,
            completed_by=acting_user,
            completed_at=timezone.now(),
        )
        log_action(
            "casework_spotcheck.completed",
            actor=acting_user,
            obj=check,
            changes={"found_problems": found_problems, "entries": check.sample.count()},
        )


# --- Resource catalogue and enrolment counts ---------------------------------------------------------


def do_add_resource(*, acting_user: User | None, **fields: Any) -> Resource:
    with transaction.atomic():
        resource = Resource(**fields)
        resource.full_clean()
        resource.save()
        log_action(
            "casework_resource.added", actor=acting_user, obj=resource, changes={"name": resource.name}
        )
    return resource


def do_record_enrolment(
    unit: OrganisationUnit, *, acting_user: User | None, month: datetime.date, enrolled: int
) -> Enrolment:
    with transaction.atomic():
        count, _created = Enrolment.objects.update_or_create(
            unit=unit, month=month_start(month), defaults={"enrolled": enrolled}
        )
        log_action(
            "casework_enrolment.recorded", actor=acting_user, obj=count, changes={"enrolled": enrolled}
        )
    return count


def do_register_professional(
    *, acting_user: User | None, person: Any, unit: OrganisationUnit, profession: str, side: str
) -> Professional:
    """Make someone eligible for casework teams (and for emergency access)."""
    with transaction.atomic():
        professional = Professional(person=person, unit=unit, profession=profession, side=side)
        professional.full_clean()
        professional.save()
        log_action(
            "casework_professional.registered",
            actor=acting_user,
            obj=professional,
            changes={"profession": profession, "unit": unit.code},
        )
    return professional
