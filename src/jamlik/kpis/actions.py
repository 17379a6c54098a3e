"""Changes to key figures and their values. The UI, the API, imports, computations and the demo all come
through here: one transaction and one audit row per call."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jamlik.core.actions import save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import OrganisationUnit, User
from jamlik.kpis import periods
from jamlik.kpis.models import Kpi, KpiValue, Sex

LINK_FIELDS = ("target_areas", "strategies", "rooms", "processes")


class ValuesRejected(Exception):
    """Some rows were wrong; nothing was written. ``errors`` names every bad row in Swedish."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class RawRow:
    """A value as it arrived (a grid cell, a file row, an API item), before it is checked."""

    line: int
    period: Any
    value: Any
    sex: Any = "T"
    denominator: Any = None
    kpi_code: str = ""


@dataclass(frozen=True)
class CleanRow:
    period: periods.Period
    sex: str
    value: float
    denominator: float | None


@dataclass
class RecordResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_keys: list[str] = field(default_factory=list)

    def add(self, other: RecordResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_keys += other.changed_keys


def parse_number(raw: Any) -> float | None:
    """A number from a cell: accepts a decimal comma and spaces between thousands; '' is None."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("a truth value is not a number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        number = float(text)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def clean_rows(kpi: Kpi, rows: Iterable[RawRow]) -> tuple[list[CleanRow], list[str]]:
    """Check every row against the KPI; returns the good rows and a Swedish message per bad one."""
    good: list[CleanRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    example = periods.EXAMPLES[kpi.cadence]
    for row in rows:
        where = _("Row %(line)s") % {"line": row.line}
        problems: list[str] = []
        try:
            period = kpi.parse_period(str(row.period if row.period is not None else ""))
        except periods.PeriodError:
            period = None
            problems.append(
                _("the period '%(period)s' is not a %(cadence)s written like %(example)s")
                % {
                    "period": row.period or "",
                    "cadence": kpi.get_cadence_display().lower(),
                    "example": example,
                }
            )
        sex = str(row.sex or "T").strip().upper()
        if sex not in Sex.values:
            problems.append(_("the sex must be T, K or M, not '%(sex)s'") % {"sex": row.sex})
        try:
            value = parse_number(row.value)
        except ValueError:
            value = None
            problems.append(_("the value '%(value)s' is not a number") % {"value": row.value})
        else:
            if value is None:
                problems.append(_("the value is missing"))
        try:
            denominator = parse_number(row.denominator)
        except ValueError:
            denominator = None
            problems.append(_("the denominator '%(value)s' is not a number") % {"value": row.denominator})
        if kpi.chart_kind in ("p", "u") and (denominator is None or denominator <= 0):
            problems.append(_("a P or U chart needs a denominator above 0"))
        if kpi.chart_kind == "p" and value is not None and denominator and value > denominator:
            problems.append(_("the count cannot be larger than the denominator"))
        if period is not None and not problems:
            key = (period.key, sex)
            if key in seen:
                problems.append(
                    _("the period %(period)s (%(sex)s) is already on row %(other)s")
                    % {"period": period.key, "sex": sex, "other": seen[key]}
                )
            seen[key] = row.line
        if problems:
            errors.append(f"{where}: " + "; ".join(problems) + ".")
        elif period is not None and value is not None:
            good.append(CleanRow(period, sex, value, denominator))
    return good, errors


def _write(kpi: Kpi, rows: Sequence[CleanRow], *, source: str) -> RecordResult:
    """Upsert keyed by (KPI, period, sex). Runs inside the caller's transaction."""
    result = RecordResult()
    existing = {
        (v.period, v.sex): v
        for v in KpiValue.objects.select_for_update().filter(kpi=kpi, period__in={r.period.key for r in rows})
    }
    new: list[KpiValue] = []
    changed: list[KpiValue] = []
    for row in rows:
        current = existing.get((row.period.key, row.sex))
        if current is None:
            new.append(
                KpiValue(
                    kpi=kpi,
                    period=row.period.key,
                    period_start=row.period.start,
                    sex=row.sex,
                    value=row.value,
                    denominator=row.denominator,
                    source=source[:200],
                )
            )
            result.created += 1
            result.changed_keys.append(f"{row.period.key}/{row.sex}")
        elif (current.value, current.denominator) != (row.value, row.denominator):
            current.value, current.denominator, current.source = row.value, row.denominator, source[:200]
            current.updated_at = timezone.now()
            changed.append(current)
            result.updated += 1
            result.changed_keys.append(f"{row.period.key}/{row.sex}")
        else:
            result.unchanged += 1
    KpiValue.objects.bulk_create(new)
    KpiValue.objects.bulk_update(changed, ["value", "denominator", "source", "updated_at"])
    return result


def do_create_kpi(
    *, acting_user: User | None, owner_unit: OrganisationUnit, code: str, name: str, **fields: Any
) -> Kpi:
    links = {name: list(fields.pop(name)) for name in LINK_FIELDS if name in fields}
    with transaction.atomic():
        kpi = Kpi(owner_unit=owner_unit, code=code, name=name, **fields)
        kpi.full_clean()
        kpi.save()
        for link, objects in links.items():
            getattr(kpi, link).set(objects)
        log_action(
            "kpi.created",
            actor=acting_user,
            obj=kpi,
            changes={
                "code": [None, code],
                "name": [None, name],
                "owner_unit": [None, jsonable(owner_unit)],
                **{k: [None, jsonable(v)] for k, v in fields.items()},
                **{k: [None, sorted(o.pk for o in v)] for k, v in links.items()},
            },
        )
    return kpi


def do_update_kpi(
    kpi: Kpi, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Save an edit of a KPI and its links in one audit row, refusing a stale edit."""
    if data.get("change_from"):
        data = {**data, "change_from": kpi.parse_period(str(data["change_from"])).key}
    return save_versioned(
        kpi,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="kpi.changed",
        relation_names=LINK_FIELDS,
    )


def do_record_values(
    kpi: Kpi, *, acting_user: User | None, rows: Iterable[RawRow], source: str = ""
) -> RecordResult:
    """Add or replace values of one KPI, all or nothing. Repeating the same rows changes nothing."""
    good, errors = clean_rows(kpi, rows)
    if errors:
        raise ValuesRejected(errors)
    with transaction.atomic():
        result = _write(kpi, good, source=source)
        if result.created or result.updated:
            log_action(
                "kpi.values_recorded",
                actor=acting_user,
                obj=kpi,
                changes={
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "periods": result.changed_keys[:500],
                },
            )
    return result


def do_import_kpi_values(
    rows: Sequence[RawRow], *, acting_user: User, source_label: str, dry_run: bool = False
) -> tuple[RecordResult, dict[str, int]]:
    """Values of several KPIs from one file: every row checked, all written or none, one audit row.

    With ``dry_run`` (the preview) nothing is written and the counts say what would happen.
    Returns the totals and the number of rows per KPI code.
    """
    by_code: dict[str, list[RawRow]] = {}
    for row in rows:
        by_code.setdefault(row.kpi_code.strip(), []).append(row)
    kpis = {k.code: k for k in Kpi.objects.filter(code__in=list(by_code))}
    errors: list[str] = []
    cleaned: dict[str, list[CleanRow]] = {}
    for code, group in by_code.items():
        kpi = kpis.get(code)
        if kpi is None:
            errors += [
                _("Row %(line)s: there is no key figure with the code '%(code)s'.")
                % {"line": r.line, "code": code}
                for r in group
            ]
            continue
        if not acting_user.has_perm("kpis.record_values", kpi):
            errors += [
                _("Row %(line)s: you may not record values for '%(name)s'.")
                % {"line": r.line, "name": kpi.name}
                for r in group
            ]
            continue
        good, bad = clean_rows(kpi, group)
        errors += bad
        cleaned[code] = good
    if not rows:
        errors.append(_("The file has no rows of values."))
    if errors:
        raise ValuesRejected(sorted(errors, key=_line_of))
    total = RecordResult()
    with transaction.atomic():
        for code, good in cleaned.items():
            total.add(_write(kpis[code], good, source=source_label))
        if dry_run:
            transaction.set_rollback(True)
        elif total.created or total.updated:
            log_action(
                "kpi.values_imported",
                actor=acting_user,
                changes={
                    "source": source_label,
                    "created": total.created,
                    "updated": total.updated,
                    "kpis": sorted(cleaned),
                },
            )
    return total, {code: len(group) for code, group in by_code.items()}


def _line_of(message: str) -> tuple[int, str]:
    digits = "".join(ch for ch in message.split(":", 1)[0] if ch.isdigit())
    return (int(digits) if digits else 0, message)


# --- Values computed from Jämlik's own data ---------------------------------------------------------------


def proposal_decision_days(kpi: Kpi) -> list[RawRow]:
    """Mean days from a proposal's submission to its first decision, per period of the decision.

    Proposals of change processes owned by the KPI's unit or a unit under it; the denominator is the
    number of decisions.
    """
    from jamlik.core.models import descendant_ids
    from jamlik.proposals.models import Decision

    units = descendant_ids({kpi.owner_unit_id})
    first: dict[int, tuple[datetime.date, datetime.date]] = {}
    decisions = (
        Decision.objects.filter(proposal__process__owner_unit_id__in=units)
        .order_by("decided_on", "pk")
        .values_list("proposal_id", "decided_on", "proposal__submitted_on")
    )
    for proposal_id, decided_on, submitted_on in decisions:
        first.setdefault(proposal_id, (decided_on, submitted_on))
    per_period: dict[periods.Period, list[int]] = {}
    for decided_on, submitted_on in first.values():
        period = periods.containing(kpi.cadence, decided_on)
        per_period.setdefault(period, []).append(max(0, (decided_on - submitted_on).days))
    return [
        RawRow(line=n, period=p.key, value=sum(days) / len(days), denominator=len(days))
        for n, (p, days) in enumerate(sorted(per_period.items()), start=1)
    ]


COMPUTATIONS = {"proposal_decision_days": proposal_decision_days}


def do_compute_kpi_values(kpi: Kpi, *, acting_user: User | None) -> RecordResult:
    """Recompute a KPI whose values come from Jämlik's own data."""
    compute = COMPUTATIONS.get(kpi.source)
    if compute is None:
        raise ValuesRejected([_("This key figure is not computed from Jämlik's data.")])
    rows = compute(kpi)
    if kpi.chart_kind in ("p", "u"):
        raise ValuesRejected([_("A computed key figure is shown as a run chart or an I chart.")])
    return do_record_values(kpi, acting_user=acting_user, rows=rows, source=_("Computed by Jämlik"))


def do_fetch_kolada_values(
    kpi: Kpi, *, acting_user: User | None, years: Sequence[int], client: Any = None
) -> RecordResult:
    """Fetch the KPI's Kolada figures (one per year and sex) for its municipality and record them."""
    from jamlik.kpis.kolada import fetch_values

    if not kpi.kolada_id or not kpi.kolada_municipality:
        raise ValuesRejected([_("Give the Kolada KPI and the municipality code first.")])
    if kpi.cadence != periods.YEAR:
        raise ValuesRejected([_("Kolada has yearly figures: only a yearly key figure can hold them.")])
    _meta, rows = fetch_values(kpi.kolada_id, kpi.kolada_municipality, list(years), client=client)
    return do_record_values(kpi, acting_user=acting_user, rows=rows, source=f"Kolada {kpi.kolada_id}")


# --- The rhythm: follow-up stops, guiding questions, the leaders' forum ------------------------------------

GUIDING_QUESTIONS = (
    gettext_noop("What has changed in the key figures since last time?"),
    gettext_noop("Why has it changed, or why not: is it a signal or ordinary variation?"),
    gettext_noop("What do we do now, who does it and by when?"),
)
MONTHLY_STOP_DAY = 5


def guiding_questions() -> list[str]:
    return [_(q) for q in GUIDING_QUESTIONS]


def do_plan_kpi_rhythm(
    unit: OrganisationUnit, *, acting_user: User | None, forum: Any = None, day: int = MONTHLY_STOP_DAY
) -> dict[str, Any]:
    """Put the unit's monthly KPI follow-up on its annual wheel, with the guiding questions as a round
    template; running it again adds nothing that is already there."""
    from jamlik.followup import actions as followup_actions
    from jamlik.followup.models import FollowUpRound, WheelStop

    template_title = _("Template: monthly follow-up of key figures")
    stop_title = _("Monthly follow-up of key figures")
    description = _(
        "The whole unit follows up its key figures, goals and measures with the guiding questions. "
        "The result goes to %(forum)s."
    ) % {"forum": forum.name if forum is not None else _("the leaders' forum")}
    with transaction.atomic():
        template = FollowUpRound.objects.filter(owner_unit=unit, title=template_title).first()
        new_template = template is None
        if template is None:
            template = followup_actions.do_create_round(
                acting_user=acting_user,
                owner_unit=unit,
                title=template_title,
                questions=guiding_questions(),
                description=_("Copy these questions into each month's follow-up round."),
            )
        have = set(WheelStop.objects.filter(unit=unit, title=stop_title).values_list("month", flat=True))
        created = [
            followup_actions.do_create_wheel_stop(
                acting_user=acting_user,
                unit=unit,
                title=stop_title,
                kind=WheelStop.Kind.FOLLOWUP,
                month=month,
                day=day,
                description=description,
            )
            for month in range(1, 13)
            if month not in have
        ]
        if new_template or created:
            log_action(
                "kpi.rhythm_planned",
                actor=acting_user,
                obj=unit,
                changes={"template_round": jsonable(template), "stops_created": len(created)},
            )
    return {"template": template, "stops_created": len(created)}


def do_send_result_to_forum(
    kpi: Kpi, *, acting_user: User | None, forum: Any, today: datetime.date | None = None
) -> Any:
    """Put the KPI's latest result and signal on the agenda of the forum's next meeting.

    Refuses when the forum has no meeting from today on; the same period twice on one meeting adds
    nothing new.
    """
    from jamlik.followup import actions as followup_actions
    from jamlik.kpis.analysis import analyse

    today = today or timezone.localdate()
    meeting = forum.meetings.filter(date__gte=today).order_by("date", "pk").first()
    if meeting is None:
        raise ValuesRejected([_("The forum has no coming meeting: add one first.")])
    result = analyse(kpi)
    if result.latest_period is None:
        raise ValuesRejected([_("The key figure has no values yet.")])
    title = (
        _("Key figure %(name)s, %(period)s: %(value)s %(unit)s")
        % {
            "name": kpi.name,
            "period": result.latest_period,
            "value": f"{result.latest_value:g}",
            "unit": kpi.unit,
        }
    ).strip()[:300]
    with transaction.atomic():
        existing = meeting.agenda_items.filter(title=title).first()
        if existing is not None:
            return existing
        item = followup_actions.do_add_agenda_item(
            meeting, acting_user=acting_user, title=title, notes=result.signal_sentence()
        )
        log_action(
            "kpi.sent_to_forum",
            actor=acting_user,
            obj=kpi,
            changes={
                "meeting": jsonable(meeting),
                "period": result.latest_period,
                "variation": result.variation,
            },
        )
    return item


# --- Reminders when a value is due and missing ------------------------------------------------------------

REMINDED_ROLES = ("process_owner", "process_leader", "management_member")


def reminder_recipients(kpi: Kpi, today: datetime.date) -> list[str]:
    """E-mail addresses of the people in the KPI's unit who record its values (by their system role)."""
    from jamlik.core.models import Membership

    addresses = set()
    for membership in (
        Membership.objects.current(today).filter(unit_id=kpi.owner_unit_id).select_related("person__user")
    ):
        user = membership.person.user if membership.person.user_id else None
        if user is None or not any(user.has_role(role) for role in REMINDED_ROLES):
            continue
        address = membership.person.email or user.email
        if address:
            addresses.add(address)
    return sorted(addresses)


def do_send_kpi_reminder(kpi: Kpi, *, acting_user: User | None, today: datetime.date) -> bool:
    """E-mail that the KPI's value for the period just ended is missing, once per period.

    The reminder row is written first under a unique constraint, so two runs cannot both send.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import IntegrityError

    from jamlik.kpis.analysis import due_period
    from jamlik.kpis.models import KpiReminder

    period = due_period(kpi, today)
    if kpi.values.filter(period=period.key).exists():
        return False
    recipients = reminder_recipients(kpi, today)
    if not recipients:
        return False
    subject = _("Reminder: the value of %(name)s for %(period)s is missing") % {
        "name": kpi.name,
        "period": period.key,
    }
    body = _(
        "The key figure %(name)s (%(unit)s) has no value for %(period)s yet. Enter it under Key figures, "
        "so that this week's or month's follow-up can see the signal."
    ) % {"name": kpi.name, "unit": kpi.owner_unit.name, "period": period.key}
    try:
        with transaction.atomic():
            KpiReminder.objects.create(kpi=kpi, period=period.key, recipients=recipients)
            log_action(
                "kpi.reminded",
                actor=acting_user,
                obj=kpi,
                changes={"period": period.key, "recipients": recipients},
            )
            transaction.on_commit(
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
            )
    except IntegrityError:
        return False
    return True


def send_kpi_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder that is due; returns how many went out."""
    today = today or timezone.localdate()
    kpis = Kpi.objects.filter(source="manual").select_related("owner_unit")
    return sum(do_send_kpi_reminder(kpi, acting_user=None, today=today) for kpi in kpis)
