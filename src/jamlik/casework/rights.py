"""The participant's rights: everything held on them (GDPR art. 15), and thinning after the retention time.

Thinning erases a plan's content and identity but keeps what the equality follow-up counts (sex,
household type, dates, outcome), which identifies no one. The access log is kept on its own clock
(at least five years) and purged by the same retention run.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from jamlik.casework.models import (
    AccessLogEntry,
    Consent,
    Draft,
    EmergencyAccess,
    Goal,
    LifeAreaRating,
    Measure,
    Meeting,
    Note,
    Plan,
    PlanVersion,
    Review,
    TeamMember,
)
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import User

PARTS: list[tuple[str, type[models.Model]]] = [
    ("team", TeamMember),
    ("meetings", Meeting),
    ("life_area_ratings", LifeAreaRating),
    ("goals", Goal),
    ("measures", Measure),
    ("notes", Note),
    ("consents", Consent),
    ("versions", PlanVersion),
    ("reviews", Review),
]


def _row(obj: models.Model) -> dict[str, Any]:
    return {f.name: jsonable(getattr(obj, f.name)) for f in obj._meta.concrete_fields}


def export_participant(case_code: str) -> dict[str, Any] | None:
    """Every stored row about the participant of one plan, decrypted, with who has looked at it."""
    plan = Plan.objects.filter(case_code=case_code).first()
    if plan is None:
        return None
    export: dict[str, Any] = {"plan": _row(plan)}
    for name, model in PARTS:
        export[name] = [_row(obj) for obj in model._default_manager.filter(plan=plan)]
    export["goal_scores"] = [
        {"review": score.review_id, "goal": score.goal_id, "score": score.score, "weight": score.weight}
        for review in plan.reviews.all()
        for score in review.scores.all()
    ]
    export["emergency_accesses"] = [_row(obj) for obj in EmergencyAccess.objects.filter(plan=plan)]
    export["access_log"] = [
        {k: v for k, v in _row(entry).items() if k != "user"}
        for entry in AccessLogEntry.objects.filter(plan=plan)
    ]
    return export


def do_erase_participant(case_code: str, *, acting_user: User | None) -> bool:
    """Erase the content and identity of one plan; the counts for the follow-up remain."""
    plan = Plan.objects.filter(case_code=case_code).first()
    if plan is None:
        return False
    with transaction.atomic():
        _thin(plan)
        log_action("casework_plan.thinned", actor=acting_user, obj=plan, changes={"fields": ["all content"]})
    return True


def _thin(plan: Plan) -> None:
    for model in (Meeting, LifeAreaRating, Note, Consent, PlanVersion, Draft):
        model._default_manager.filter(plan=plan).delete()
    for review in plan.reviews.all():
        review.scores.all().delete()
    Review.objects.filter(plan=plan).delete()
    Measure.objects.filter(plan=plan).update(title="", goal=None)
    Goal.objects.filter(plan=plan).update(text="")
    EmergencyAccess.objects.filter(plan=plan).update(reason="")
    Plan.objects.filter(pk=plan.pk).update(
        case_code=f"gallrad-{plan.pk}",
        participant_name="",
        personnummer="",
        final_goal="",
        follow_up="",
        erased_at=timezone.now(),
    )


def purge_expired() -> list[str]:
    """Thin closed plans past their retention time and delete access-log rows past theirs."""
    plan_cutoff = timezone.localdate() - timedelta(days=settings.CASEWORK_RETENTION_DAYS)
    thinned = 0
    for plan in Plan.objects.filter(
        status=Plan.Status.CLOSED, closed_on__lt=plan_cutoff, erased_at__isnull=True
    ):
        with transaction.atomic():
            _thin(plan)
            log_action("casework_plan.thinned", actor=None, obj=plan, changes={"reason": "retention"})
        thinned += 1
    days = settings.CASEWORK_ACCESS_LOG_RETENTION_DAYS
    log_cutoff = timezone.now() - timedelta(days=days)
    table = AccessLogEntry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw SQL on purpose: the model and its queryset refuse deletes for everyone else.
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [log_cutoff])  # noqa: S608
        deleted = cursor.rowcount
    return [
        f"Gallrade {thinned} avslutade familjeplaner.",
        f"Tog bort {deleted} rader i åtkomstloggen äldre än {days} dagar.",
    ]
