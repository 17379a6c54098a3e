"""Participant lists as CSV and Excel.

The files are written by `jamlik.core.exports`, which escapes every cell that a spreadsheet would run as
a formula (= + - @, tab, carriage return), so a registrant's name is only text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core import exports
from jamlik.events.models import Answer, Event, Registration, Session, SessionSeat, WaitingListEntry

FORMATS = {"csv", "xlsx"}


def safe_cell(value: object) -> str:
    """A cell as escaped text; None is an empty cell."""
    return str(exports.safe_cell("" if value is None else str(value)))


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


def event_registrations(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.active()
        .select_related("unit", "quota")
        .prefetch_related(
            Prefetch("session_seats", queryset=SessionSeat.objects.select_related("session__slot")),
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch(
                "waiting_entries",
                queryset=WaitingListEntry.objects.filter(
                    session__isnull=True,
                    status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
                ),
                to_attr="event_queue",
            ),
        )
        .order_by("status", "name", "pk")
    )


def _queue_place(registration: Registration) -> str:
    queue = getattr(registration, "event_queue", [])
    return str(queue[0].position) if queue else ""


def event_table(event: Event) -> Table:
    questions = list(event.questions.all())
    header = [
        _("Name"),
        _("E-mail address"),
        _("Unit"),
        _("Organisation"),
        _("Quota"),
        _("Status"),
        _("Place in line"),
        _("Sessions"),
        *[q.text for q in questions],
    ]
    rows = []
    for reg in event_registrations(event):
        answers = {a.question_id: a.text for a in reg.answers.all()}
        sessions = sorted(reg.session_seats.all(), key=lambda s: s.session.slot.starts_at)
        rows.append(
            [
                reg.name,
                reg.email,
                reg.unit.name if reg.unit else "",
                reg.organisation,
                reg.quota.name if reg.quota else "",
                reg.get_status_display(),
                _queue_place(reg),
                "; ".join(s.session.title for s in sessions),
                *[answers.get(q.pk, "") for q in questions],
            ]
        )
    return Table([str(h) for h in header], rows)


def session_table(session: Session) -> Table:
    header = [_("Name"), _("E-mail address"), _("Unit"), _("Organisation"), _("Status")]
    rows = [
        [
            s.registration.name,
            s.registration.email,
            s.registration.unit.name if s.registration.unit else "",
            s.registration.organisation,
            _("Seat"),
        ]
        for s in session.seats.select_related("registration__unit").order_by("registration__name")
    ]
    for entry in (
        session.waiting_entries.filter(
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
        )
        .select_related("registration__unit")
        .order_by("position")
    ):
        reg = entry.registration
        rows.append(
            [
                reg.name,
                reg.email,
                reg.unit.name if reg.unit else "",
                reg.organisation,
                entry.get_status_display(),
            ]
        )
    return Table([str(h) for h in header], rows)


def export_response(table: Table, basename: str, fmt: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            exports.csv_text(table.header, table.rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(table.header, table.rows), content_type=exports.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
