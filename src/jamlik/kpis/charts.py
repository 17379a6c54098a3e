"""The KPI chart as a Vega-Lite spec (Altair), rendered to SVG on the server like the indicator charts.

Lines differ by dash as well as by colour, and special-cause points are triangles pointing up or down,
so nothing is told by colour alone; the same figures are in the table beside the chart.
"""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from jamlik.indicators.charts import render_svg
from jamlik.kpis.analysis import KpiChart

WIDTH = 620
INK = "#1f1f1f"
BLUE = "#0b5394"
PLUM = "#8a1c5a"
GREY = "#595959"


def spc_spec(result: KpiChart) -> dict[str, Any]:
    kpi = result.kpi
    rows = [r for r in result.table() if r["value"] is not None]
    points = []
    lines = []
    for order, row in enumerate(rows):
        if row["high"]:
            mark = _("Special cause, high")
        elif row["low"]:
            mark = _("Special cause, low")
        else:
            mark = _("Ordinary variation")
        points.append({"order": order, "period": row["period"], "value": row["value"], "mark": mark})
        for key, label in (("cl", _("Centre line")), ("ucl", _("Upper limit")), ("lcl", _("Lower limit"))):
            if row[key] is not None:
                lines.append(
                    {
                        "order": order,
                        "period": row["period"],
                        "y": row[key],
                        "line": label,
                        "phase": row["phase"],
                    }
                )
    sort = [r["period"] for r in rows]
    x = alt.X("period:O", title=_("Period"), sort=sort, axis=alt.Axis(labelAngle=-60, labelOverlap=True))
    series = (
        alt.Chart(alt.Data(values=points))
        .mark_line(color=GREY, strokeWidth=1.5)
        .encode(x=x, y=alt.Y("value:Q", title=kpi.unit or _("Value"), scale=alt.Scale(zero=False)))
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y="value:Q",
            shape=alt.Shape(
                "mark:N",
                title=_("Point"),
                scale=alt.Scale(
                    domain=[_("Ordinary variation"), _("Special cause, high"), _("Special cause, low")],
                    range=["circle", "triangle-up", "triangle-down"],
                ),
            ),
            color=alt.Color(
                "mark:N",
                title=_("Point"),
                scale=alt.Scale(
                    domain=[_("Ordinary variation"), _("Special cause, high"), _("Special cause, low")],
                    range=[GREY, BLUE, PLUM],
                ),
            ),
        )
    )
    layers: list[Any] = [series, dots]
    if lines:
        layers.insert(
            0,
            alt.Chart(alt.Data(values=lines))
            .mark_line(strokeWidth=1.5)
            .encode(
                x=x,
                y="y:Q",
                detail="phase:N",
                color=alt.Color(
                    "line:N",
                    title=_("Line"),
                    scale=alt.Scale(
                        domain=[_("Centre line"), _("Upper limit"), _("Lower limit")], range=[INK, BLUE, BLUE]
                    ),
                ),
                strokeDash=alt.StrokeDash(
                    "line:N",
                    title=_("Line"),
                    scale=alt.Scale(
                        domain=[_("Centre line"), _("Upper limit"), _("Lower limit")],
                        range=[[1, 0], [6, 3], [6, 3]],
                    ),
                ),
            ),
        )
    if kpi.target is not None and rows:
        target = kpi.target / 100 if kpi.chart_kind == "p" and kpi.target > 1 else kpi.target
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color=PLUM, strokeDash=[2, 2], strokeWidth=2)
            .encode(y="target:Q")
        )
    title = kpi.name
    chart = alt.layer(*layers).properties(width=WIDTH, height=260, title=title, description=title)
    return chart.resolve_scale(color="independent", shape="independent", strokeDash="independent").to_dict(
        validate=False
    )


def spc_svg(result: KpiChart) -> str:
    if not result.periods:
        return ""
    return render_svg(spc_spec(result))
