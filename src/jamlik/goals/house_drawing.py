"""The House drawn as a house: the shapes of an inline SVG, computed here and written out by a template.

Roof (vision, political goals, integrated goals) over the beam (work-environment aim), the rooms in a
grid under the beam, the foundation (mission and goals) beneath, and the garage beside the house.
Every part is a link; the page lists the same parts as text.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.goals.models import ManagementModel, Room

WIDTH, HEIGHT = 960, 640
LEFT, RIGHT = 60, 740
ROOF_TOP, EAVES = 30, 215
BEAM_TOP, BEAM_BOTTOM = 220, 262
ROOMS_TOP, ROOMS_BOTTOM = 270, 528
FOUNDATION_TOP, FOUNDATION_BOTTOM = 536, 600
GARAGE_LEFT, GARAGE_RIGHT, GARAGE_TOP = 770, 930, 380


@dataclass
class Part:
    key: str
    label: str
    href: str
    lines: list[str]
    text_x: float
    text_y: float
    line_height: int = 20
    shape: str = "rect"  # rect or polygon
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    points: str = ""
    fill: str = "#ffffff"
    font_size: int = 16
    tspans: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.text_y - (len(self.lines) - 1) * self.line_height / 2
        self.tspans = [(round(first + i * self.line_height, 1), line) for i, line in enumerate(self.lines)]


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return lines


def _room_parts(rooms: list[Room]) -> list[Part]:
    if not rooms:
        return []
    columns = min(3, len(rooms)) if len(rooms) != 4 else 2
    rows = math.ceil(len(rooms) / columns)
    gap = 8
    cell_w = (RIGHT - LEFT - 20 - gap * (columns - 1)) / columns
    cell_h = (ROOMS_BOTTOM - ROOMS_TOP - gap * (rows - 1)) / rows
    parts = []
    for index, room in enumerate(rooms):
        row, col = divmod(index, columns)
        x = LEFT + 10 + col * (cell_w + gap)
        y = ROOMS_TOP + row * (cell_h + gap)
        parts.append(
            Part(
                key=f"room-{room.pk}",
                label=_("Room: %(name)s") % {"name": room.name},
                href=room.get_absolute_url(),
                lines=_wrap(room.name, max(10, int(cell_w / 10)), 3),
                text_x=round(x + cell_w / 2, 1),
                text_y=round(y + cell_h / 2 + 5, 1),
                x=round(x, 1),
                y=round(y, 1),
                width=round(cell_w, 1),
                height=round(cell_h, 1),
                fill="#f3f5f8",
            )
        )
    return parts


def house_drawing(house: ManagementModel, rooms: list[Room], parked_count: int) -> dict[str, Any]:
    """Every part of the house with its shape, text and link, in the order a keyboard user meets them."""
    detail = house.get_absolute_url()
    roof_text = house.vision or ", ".join(house.lines("integrated_goals")) or _("Vision and goals")
    parts = [
        Part(
            key="roof",
            label=_("Roof: vision, political goals and integrated goals"),
            href=f"{detail}#house-roof",
            lines=[_("Roof"), *_wrap(roof_text, 44, 2)],
            text_x=(LEFT + RIGHT) / 2,
            text_y=150,
            shape="polygon",
            points=f"{LEFT - 20},{EAVES} {(LEFT + RIGHT) / 2},{ROOF_TOP} {RIGHT + 20},{EAVES}",
            fill="#dfe7ee",
        ),
        Part(
            key="beam",
            label=_("Beam: work-environment aim"),
            href=f"{detail}#house-beam",
            lines=_wrap(
                _("Beam: %(aim)s") % {"aim": house.work_environment_aim or _("a good work environment")},
                80,
                1,
            ),
            text_x=(LEFT + RIGHT) / 2,
            text_y=BEAM_TOP + 27,
            x=LEFT,
            y=BEAM_TOP,
            width=RIGHT - LEFT,
            height=BEAM_BOTTOM - BEAM_TOP,
            fill="#c9d0da",
        ),
        *_room_parts(rooms),
        Part(
            key="foundation",
            label=_("Foundation: mission and goals"),
            href=f"{detail}#house-foundation",
            lines=_wrap(
                _("Foundation: %(mission)s")
                % {"mission": ", ".join(house.lines("mission_and_goals")) or _("mission and goals")},
                80,
                2,
            ),
            text_x=(LEFT + RIGHT) / 2,
            text_y=(FOUNDATION_TOP + FOUNDATION_BOTTOM) / 2 + 5,
            x=LEFT - 20,
            y=FOUNDATION_TOP,
            width=RIGHT - LEFT + 40,
            height=FOUNDATION_BOTTOM - FOUNDATION_TOP,
            fill="#c9d0da",
        ),
        Part(
            key="garage",
            label=_("Garage: %(count)s parked issues") % {"count": parked_count},
            href=reverse("goals:garage", args=[house.pk]),
            lines=[_("Garage"), _("%(count)s parked") % {"count": parked_count}],
            text_x=(GARAGE_LEFT + GARAGE_RIGHT) / 2,
            text_y=(GARAGE_TOP + FOUNDATION_BOTTOM) / 2 + 20,
            shape="polygon",
            points=(
                f"{GARAGE_LEFT},{FOUNDATION_BOTTOM} {GARAGE_LEFT},{GARAGE_TOP} "
                f"{(GARAGE_LEFT + GARAGE_RIGHT) / 2},{GARAGE_TOP - 50} {GARAGE_RIGHT},{GARAGE_TOP} "
                f"{GARAGE_RIGHT},{FOUNDATION_BOTTOM}"
            ),
            fill="#f3f5f8",
        ),
    ]
    return {"parts": parts, "width": WIDTH, "height": HEIGHT}
