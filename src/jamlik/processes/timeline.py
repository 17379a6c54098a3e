"""One dated timeline of everything that happened in a process, read from its history records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jamlik.processes.models import ChangeProcess


@dataclass(frozen=True)
class Event:
    on: datetime.date
    kind: str
    title: str
    text: str = ""
    url: str = ""
    order: int = 0


def process_events(process: ChangeProcess) -> list[Event]:
    events: list[Event] = []
    for version in process.purpose_versions.all():
        title = _("Purpose changed") if version.reason else _("Purpose set")
        text = version.purpose + (f" ({_('Reason')}: {version.reason})" if version.reason else "")
        events.append(Event(version.on, "purpose", title, text, order=version.pk))
    for change in process.status_changes.all():
        title = _("Status: %(status)s") % {"status": change.get_status_display()}
        events.append(Event(change.on, "status", title, change.reason, order=change.pk))
    for phase_change in process.phase_changes.all():
        title = _("Co-creation phase: %(phase)s") % {"phase": phase_change.get_phase_display()}
        who = _("Took part: %(who)s") % {"who": ", ".join(phase_change.participant_labels())}
        events.append(
            Event(
                phase_change.on, "phase", title, f"{who}. {phase_change.note}".strip(), order=phase_change.pk
            )
        )
    for leadership in process.leaderships.select_related("person"):
        events.append(
            Event(
                leadership.start,
                "leader",
                _("Process leader from: %(person)s") % {"person": leadership.person},
            )
        )
        if leadership.end:
            events.append(
                Event(
                    leadership.end,
                    "leader",
                    _("Process leader until: %(person)s") % {"person": leadership.person},
                )
            )
    for activity in process.activities.all():
        text = activity.description
        if activity.participant_count:
            text += " " + _("(%(count)s participants)") % {"count": activity.participant_count}
        events.append(Event(activity.date, "activity", activity.get_kind_display(), text, order=activity.pk))
    return events


KIND_ORDER = ["status", "purpose", "leader", "phase", "activity", "proposal", "decision", "assessment"]


def sorted_events(events: list[Any]) -> list[Any]:
    """By date; on the same day in the order things naturally follow each other."""
    return sorted(
        events, key=lambda e: (e.on, KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else 99, e.order)
    )
