"""Charts of one plan, drawn on the server as SVG; each page shows the same data as a table beside it.

Not cached: the data is a plan's, and the cache is shared by everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from jamlik.casework.models import LifeAreaRating, Measure
from jamlik.core.svg import checked

COLOURS = ["#8a1c5a", "#0b5394"]  # 7:1 or better against white


def _svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    svg = checked(str(vl_convert.vegalite_to_svg(chart.to_dict())))
    return svg.replace("<svg ", '<svg focusable="false" aria-hidden="true" ', 1)


def rating_rows(ratings: Iterable[LifeAreaRating]) -> list[dict[str, Any]]:
    """One row per life area and date: both ratings, side by side (never averaged)."""
    return [
        {
            "area": rating.life_area.name,
            "position": rating.life_area.position,
            "date": rating.rated_on.isoformat(),
            "participant": rating.participant_rating,
            "professional": rating.professional_rating,
            "gap": rating.disagreement(),
        }
        for rating in ratings
    ]


def ratings_chart(rows: list[dict[str, Any]]) -> str:
    """Distance travelled: each life area's two ratings over time, one small chart per area."""
    if not rows:
        return ""
    who_participant, who_professional = _("The participant"), _("The professionals")
    long = [
        {"area": r["area"], "date": r["date"], "who": who, "rating": r[key]}
        for r in rows
        for who, key in ((who_participant, "participant"), (who_professional, "professional"))
    ]
    areas = list(dict.fromkeys(r["area"] for r in sorted(rows, key=lambda r: r["position"])))
    chart = (
        alt.Chart(alt.Data(values=long))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("date:O", title=_("Date"), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("rating:Q", title=_("Rating (1–10)"), scale=alt.Scale(domain=[1, 10])),
            color=alt.Color(
                "who:N", title="", scale=alt.Scale(domain=[who_participant, who_professional], range=COLOURS)
            ),
            strokeDash=alt.StrokeDash(
                "who:N",
                title="",
                scale=alt.Scale(domain=[who_participant, who_professional], range=[[1, 0], [6, 3]]),
            ),
        )
        .properties(width=160, height=110)
        .facet(facet=alt.Facet("area:N", title=None, sort=areas), columns=3)
        .configure(font="sans-serif")
    )
    return _svg(chart)


def lane_rows(measures: Iterable[Measure]) -> list[dict[str, Any]]:
    return [
        {
            "owner": measure.get_owner_role_display(),
            "title": measure.title,
            "area": measure.life_area.name,
            "start": measure.starts_on.isoformat(),
            "end": (measure.ends_on or measure.starts_on).isoformat(),
            "open_ended": measure.ends_on is None,
        }
        for measure in measures
    ]


def lanes_chart(rows: list[dict[str, Any]]) -> str:
    """The measures as bars on a time axis, one lane per owner: what runs in parallel."""
    if not rows:
        return ""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height=14, color=COLOURS[1])
        .encode(
            x=alt.X("start:T", title=_("Time")),
            x2="end:T",
            y=alt.Y("owner:N", title=_("Who does it")),
            yOffset=alt.YOffset("title:N"),
        )
        .properties(width=520)
        .configure(font="sans-serif")
    )
    return _svg(chart)
