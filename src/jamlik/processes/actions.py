"""Every change to a change process. Each action is one transaction and writes one audit row.

The rules of the workflow live here (which status may follow which, two leaders while active,
no approval without the three selection criteria), so the UI, the import, the demo and the tests
all obey the same ones. A refused change raises ValidationError with a message for the user.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.actions import save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import Person, User
from jamlik.processes.models import (
    ALLOWED_TRANSITIONS,
    Activity,
    ChangeProcess,
    Participant,
    PhaseChange,
    ProcessLeadership,
    ProcessLink,
    PurposeVersion,
    StatusChange,
)

M2M_FIELDS = ("target_areas", "strategies", "sectors")


def _locked(process: ChangeProcess) -> ChangeProcess:
    """Re-read the process under a row lock so two concurrent workflow steps cannot both pass a check."""
    return ChangeProcess.objects.select_for_update().get(pk=process.pk)


def do_create_process(
    *,
    acting_user: User | None,
    purpose: str = "",
    status: str = ChangeProcess.Status.PROPOSED,
    on: datetime.date | None = None,
    target_areas: Iterable[Any] = (),
    strategies: Iterable[Any] = (),
    sectors: Iterable[Any] = (),
    **fields: Any,
) -> ChangeProcess:
    """Create a process with its first purpose and status in the history (dated `on`, else start or today)."""
    on = on or fields.get("start") or timezone.localdate()
    with transaction.atomic():
        process = ChangeProcess.objects.create(purpose=purpose, status=status, **fields)
        process.target_areas.set(target_areas)
        process.strategies.set(strategies)
        process.sectors.set(sectors)
        if purpose:
            PurposeVersion.objects.create(process=process, purpose=purpose, on=on)
        StatusChange.objects.create(process=process, status=status, on=on)
        changes = {
            k: [None, jsonable(v)] for k, v in {**fields, "purpose": purpose, "status": status}.items()
        }
        log_action("changeprocess.created", actor=acting_user, obj=process, changes=changes)
    return process


def do_update_process(
    process: ChangeProcess, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Save an edit of the process's details (not purpose, status or leaders: they have their own actions)."""
    return save_versioned(
        process,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="changeprocess.changed",
        relation_names=M2M_FIELDS,
    )


def do_change_purpose(
    process: ChangeProcess, *, acting_user: User | None, purpose: str, on: datetime.date, reason: str = ""
) -> PurposeVersion:
    """Give the process a new purpose from a date; the earlier purpose stays in the history with its date."""
    purpose, reason = purpose.strip(), reason.strip()
    with transaction.atomic():
        process = _locked(process)
        if not purpose:
            raise ValidationError({"purpose": _("Write the new purpose.")})
        if purpose == process.purpose:
            raise ValidationError({"purpose": _("The new purpose is the same as the current one.")})
        if process.purpose and not reason:
            raise ValidationError({"reason": _("Say why the purpose is changed.")})
        version = PurposeVersion.objects.create(process=process, purpose=purpose, on=on, reason=reason)
        old = process.purpose
        ChangeProcess.objects.filter(pk=process.pk).update(purpose=purpose)
        log_action(
            "changeprocess.purpose_changed",
            actor=acting_user,
            obj=process,
            changes={"purpose": [old, purpose], "on": on.isoformat(), "reason": reason},
        )
    return version


def _set_status(process: ChangeProcess, status: str, on: datetime.date, reason: str) -> StatusChange:
    change = StatusChange.objects.create(process=process, status=status, on=on, reason=reason)
    update: dict[str, Any] = {"status": status}
    if status == ChangeProcess.Status.ACTIVE and process.start is None:
        update["start"] = on
    if status in {ChangeProcess.Status.COMPLETED, ChangeProcess.Status.LEFT} and process.end is None:
        update["end"] = on
    ChangeProcess.objects.filter(pk=process.pk).update(**update)
    return change


def do_approve_process_start(
    process: ChangeProcess, *, acting_user: User | None, on: datetime.date, comment: str = ""
) -> StatusChange:
    """Management approves a proposed process to start, once all three selection criteria are answered."""
    with transaction.atomic():
        process = _locked(process)
        if process.status != ChangeProcess.Status.PROPOSED:
            raise ValidationError(_("Only a proposed process can be approved to start."))
        missing = process.unanswered_criteria()
        if missing:
            raise ValidationError(
                _("Answer every selection criterion before approval. Missing: %(missing)s")
                % {"missing": ", ".join(missing)}
            )
        change = _set_status(process, ChangeProcess.Status.APPROVED, on, comment)
        log_action(
            "changeprocess.approved",
            actor=acting_user,
            obj=process,
            changes={
                "status": [process.status, ChangeProcess.Status.APPROVED],
                "on": on.isoformat(),
                "comment": comment,
            },
        )
    return change


def do_change_process_status(
    process: ChangeProcess, *, acting_user: User | None, status: str, on: datetime.date, reason: str = ""
) -> StatusChange:
    """Move the process along proposed → approved → active ⇄ dormant → completed, or out of the programme."""
    reason = reason.strip()
    with transaction.atomic():
        process = _locked(process)
        if status == ChangeProcess.Status.APPROVED:
            raise ValidationError(_("Use the approval step to approve a process start."))
        if status not in ALLOWED_TRANSITIONS.get(process.status, set()):
            raise ValidationError(
                _("A process that is %(current)s cannot become %(new)s.")
                % {
                    "current": process.get_status_display().lower(),
                    "new": ChangeProcess.Status(status).label.lower(),
                }
            )
        if status == ChangeProcess.Status.LEFT and not reason:
            raise ValidationError({"reason": _("Say why the process leaves the programme.")})
        if status == ChangeProcess.Status.ACTIVE and process.current_leaderships(on).count() != 2:
            raise ValidationError(
                _("An active process needs exactly two process leaders. Change the leaders first.")
            )
        last = process.status_changes.order_by("-on", "-id").first()
        if last is not None and on < last.on:
            raise ValidationError({"on": _("The date cannot be before the latest status change.")})
        old = process.status
        change = _set_status(process, status, on, reason)
        log_action(
            "changeprocess.status_changed",
            actor=acting_user,
            obj=process,
            changes={"status": [old, status], "on": on.isoformat(), "reason": reason},
        )
    return change


def do_add_process_leader(
    process: ChangeProcess, *, acting_user: User | None, person: Person, start: datetime.date
) -> ProcessLeadership:
    """Add a leader; refused if the person already leads it, or if it would give an active process a third."""
    with transaction.atomic():
        process = _locked(process)
        current = list(process.current_leaderships(start))
        if any(leadership.person_id == person.pk for leadership in current):
            raise ValidationError(_("%(person)s already leads this process.") % {"person": person})
        if process.status == ChangeProcess.Status.ACTIVE and len(current) >= 2:
            raise ValidationError(
                _("An active process has exactly two process leaders. Replace one instead.")
            )
        leadership = ProcessLeadership.objects.create(process=process, person=person, start=start)
        log_action(
            "changeprocess.leader_added",
            actor=acting_user,
            obj=process,
            changes={"leader": str(person), "start": start.isoformat()},
        )
    return leadership


def do_change_process_leaders(
    process: ChangeProcess,
    *,
    acting_user: User | None,
    on: datetime.date,
    remove: ProcessLeadership | None = None,
    add: Person | None = None,
) -> None:
    """End one leader's spell and/or start another's from `on`; an active process keeps exactly two."""
    with transaction.atomic():
        process = _locked(process)
        if remove is None and add is None:
            raise ValidationError(_("Choose a leader to end, a new leader, or both."))
        current = list(process.current_leaderships(on))
        if remove is not None and remove.pk not in {leadership.pk for leadership in current}:
            raise ValidationError({"remove": _("That person is not a current leader of this process.")})
        if remove is not None and on <= remove.start:
            raise ValidationError({"on": _("A leader's spell cannot end before it started.")})
        remaining = [leadership for leadership in current if remove is None or leadership.pk != remove.pk]
        if add is not None and any(leadership.person_id == add.pk for leadership in remaining):
            raise ValidationError({"add": _("%(person)s already leads this process.") % {"person": add}})
        if process.status == ChangeProcess.Status.ACTIVE and len(remaining) + (1 if add else 0) != 2:
            raise ValidationError(
                _(
                    "An active process has exactly two process leaders: replace a leader rather than add or remove one."  # noqa: E501
                )
            )
        changes: dict[str, Any] = {"on": on.isoformat()}
        if remove is not None:
            ProcessLeadership.objects.filter(pk=remove.pk).update(end=on - datetime.timedelta(days=1))
            changes["removed"] = str(remove.person)
        if add is not None:
            ProcessLeadership.objects.create(process=process, person=add, start=on)
            changes["added"] = str(add)
        log_action("changeprocess.leaders_changed", actor=acting_user, obj=process, changes=changes)


def do_change_phase(
    process: ChangeProcess,
    *,
    acting_user: User | None,
    phase: str,
    on: datetime.date,
    with_staff: bool = True,
    with_civil_society: bool = False,
    with_citizens: bool = False,
    note: str = "",
) -> PhaseChange:
    """Record that the process entered a co-creation phase, and who took part in it."""
    with transaction.atomic():
        process = _locked(process)
        if not (with_staff or with_civil_society or with_citizens):
            raise ValidationError(_("Say who took part in the phase."))
        change = PhaseChange.objects.create(
            process=process,
            phase=phase,
            on=on,
            with_staff=with_staff,
            with_civil_society=with_civil_society,
            with_citizens=with_citizens,
            note=note,
        )
        old = process.phase
        latest = process.phase_changes.order_by("-on", "-id").first()
        ChangeProcess.objects.filter(pk=process.pk).update(phase=latest.phase if latest else phase)
        log_action(
            "changeprocess.phase_changed",
            actor=acting_user,
            obj=process,
            changes={
                "phase": [old, phase],
                "on": on.isoformat(),
                "participants": change.participant_labels(),
            },
        )
    return change


def do_add_activity(process: ChangeProcess, *, acting_user: User | None, **fields: Any) -> Activity:
    with transaction.atomic():
        activity = Activity.objects.create(process=process, **fields)
        log_action(
            "changeprocess.activity_added",
            actor=acting_user,
            obj=process,
            changes={k: [None, jsonable(v)] for k, v in fields.items()},
        )
    return activity


def do_add_participant(
    process: ChangeProcess,
    *,
    acting_user: User | None,
    kind: str,
    person: Person | None = None,
    organisation: str = "",
    group_description: str = "",
    count: int | None = None,
) -> Participant:
    """Add a participant. Citizens and users are recorded as a group with a count, never by name."""
    kinds = Participant.Kind
    if kind == kinds.INTERNAL and person is None:
        raise ValidationError({"person": _("Choose the person.")})
    if kind == kinds.EXTERNAL and not organisation.strip():
        raise ValidationError({"organisation": _("Name the organisation.")})
    if kind == kinds.CITIZENS:
        if person is not None:
            raise ValidationError({"person": _("Citizens and users are recorded as a group, never by name.")})
        if not group_description.strip() or not count:
            raise ValidationError({"count": _("Describe the group and give the number of people.")})
    with transaction.atomic():
        participant = Participant.objects.create(
            process=process,
            kind=kind,
            person=person if kind == kinds.INTERNAL else None,
            organisation=organisation.strip() if kind == kinds.EXTERNAL else "",
            group_description=group_description.strip() if kind == kinds.CITIZENS else "",
            count=count if kind == kinds.CITIZENS else None,
        )
        log_action(
            "changeprocess.participant_added",
            actor=acting_user,
            obj=process,
            changes={"kind": kind, "participant": str(participant)},
        )
    return participant


def do_add_process_link(
    process: ChangeProcess,
    *,
    acting_user: User | None,
    title: str,
    url: str,
    kind: str = ProcessLink.Kind.DOCUMENT,
) -> ProcessLink:
    with transaction.atomic():
        link = ProcessLink.objects.create(process=process, title=title, url=url, kind=kind)
        log_action(
            "changeprocess.link_added",
            actor=acting_user,
            obj=process,
            changes={"title": title, "url": url, "kind": kind},
        )
    return link
