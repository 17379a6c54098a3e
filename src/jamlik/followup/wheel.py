"""The annual wheel: which stops concern whom, their dates, the circular chart and the calendar feed."""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import icalendar
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from jamlik.core.predicates import user_unit_ids
from jamlik.followup.models import WheelStop, person_of
from jamlik.processes.rules import user_administration_ids

CENTRE = 300
RING_OUTER = 285
RING_INNER = 235
STOP_RADII = (200, 164, 128, 92)


def stops_for_user(user: Any) -> QuerySet[WheelStop]:
    """Stops of the units the user works in, the units above and below them, and stops the user owns."""
    units = user_unit_ids(user) | user_administration_ids(user)
    person = person_of(user)
    condition = Q(unit_id__in=units)
    if person is not None:
        condition |= Q(owner=person)
    return WheelStop.objects.filter(condition).select_related("unit", "owner", "room")


def occurrences_between(
    stops: Iterable[WheelStop], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, WheelStop]]:
    """Every (date, stop) from start to end inclusive, in date order."""
    dated = [(date, stop) for stop in stops for date in stop.occurrences(start, end)]
    return sorted(dated, key=lambda pair: (pair[0], pair[1].title, pair[1].pk))


def _point(angle_degrees: float, radius: float) -> tuple[float, float]:
    radians = math.radians(angle_degrees - 90)  # 0° at the top, clockwise
    return round(CENTRE + radius * math.cos(radians), 1), round(CENTRE + radius * math.sin(radians), 1)


def _angle(date: datetime.date) -> float:
    days = 366 if calendar.isleap(date.year) else 365
    return (date.timetuple().tm_yday - 0.5) / days * 360


@dataclass
class MonthSegment:
    path: str
    label: str
    label_x: float
    label_y: float
    shaded: bool


@dataclass
class StopMark:
    number: int
    stop: WheelStop
    date: datetime.date
    x: float
    y: float


MARK_SPACING = 34  # the marks' diameter plus a gap, so each stays a separate target to point at


def _free_spot(angle: float, placed: list[StopMark]) -> tuple[float, float]:
    """The outermost ring position at this angle that does not overlap a mark already placed."""
    best, best_gap = _point(angle, STOP_RADII[0]), -1.0
    for radius in STOP_RADII:
        spot = _point(angle, radius)
        gap = min((math.dist(spot, (m.x, m.y)) for m in placed), default=math.inf)
        if gap >= MARK_SPACING:
            return spot
        if gap > best_gap:
            best, best_gap = spot, gap
    return best


def wheel_chart(stops: Iterable[WheelStop], year: int, today: datetime.date | None = None) -> dict[str, Any]:
    """The shapes of the circular year chart: twelve month segments, the stops and a 'today' hand.

    Stops are numbered in date order; the same numbers head the table beside the chart. Stops close
    in time are moved inwards so that each stays a separate link.
    """
    today = today or timezone.localdate()
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        days = 366 if calendar.isleap(year) else 365
        start_angle = (first.timetuple().tm_yday - 1) / days * 360
        end_angle = last.timetuple().tm_yday / days * 360
        (x1, y1), (x2, y2) = _point(start_angle, RING_OUTER), _point(end_angle, RING_OUTER)
        (x3, y3), (x4, y4) = _point(end_angle, RING_INNER), _point(start_angle, RING_INNER)
        path = (
            f"M {x1} {y1} A {RING_OUTER} {RING_OUTER} 0 0 1 {x2} {y2} "
            f"L {x3} {y3} A {RING_INNER} {RING_INNER} 0 0 0 {x4} {y4} Z"
        )
        label_x, label_y = _point((start_angle + end_angle) / 2, (RING_OUTER + RING_INNER) / 2)
        months.append(
            MonthSegment(path, date_format(first, "M"), label_x, label_y + 5, shaded=month % 2 == 0)
        )
    marks: list[StopMark] = []
    for number, (date, stop) in enumerate(
        occurrences_between(stops, datetime.date(year, 1, 1), datetime.date(year, 12, 31)), start=1
    ):
        x, y = _free_spot(_angle(date), marks)
        marks.append(StopMark(number, stop, date, x, y))
    hand = _point(_angle(today), RING_INNER) if today.year == year else None
    return {"months": months, "marks": marks, "hand": hand, "year": year, "centre": CENTRE, "today": today}


def ical_feed(stops: Iterable[WheelStop], *, name: str, today: datetime.date, site: str) -> bytes:
    """Every occurrence of the stops in the twelve months from today, as all-day events with an alarm."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Jämlik//annual wheel//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    end = today + datetime.timedelta(days=364)  # one occurrence of every stop
    stamp = timezone.now()
    for date, stop in occurrences_between(stops, today, end):
        event = icalendar.Event()
        event.add("uid", f"wheelstop-{stop.pk}-{date:%Y%m%d}@{site}")
        event.add("dtstamp", stamp)
        event.add("dtstart", date)
        event.add("dtend", date + datetime.timedelta(days=1))
        event.add("summary", stop.title)
        event.add("categories", [stop.get_kind_display()])
        description = [stop.description, f"{stop.unit.name}"]
        if stop.owner:
            description.append(str(stop.owner))
        event.add("description", "\n".join(part for part in description if part))
        if stop.reminder_days:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", stop.title)
            alarm.add("trigger", datetime.timedelta(days=-stop.reminder_days))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()  # type: ignore[no-any-return]
