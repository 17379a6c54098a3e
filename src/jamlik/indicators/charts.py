"""Charts as Vega-Lite specs built with Altair, rendered to SVG on the server with vl-convert.

The same SVG serves the page, PDF and Word reports. It is placed inline in the page, which the CSP allows
because vl-convert writes neither scripts nor style elements nor style attributes; `render_svg` checks
that (``core.svg``) and refuses otherwise. Rendered charts are cached by their spec, which includes the data.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import altair as alt
from django.core.cache import cache
from django.utils.translation import gettext as _

from jamlik.core.svg import checked
from jamlik.indicators.analysis import SEX_LABELS, Gap, Point

WIDTH = 560
COLOURS = {"K": "#8a1c5a", "M": "#0b5394", "T": "#3d3d3d"}  # 7:1 or better against white
DASHES = {"K": [1, 0], "M": [6, 3], "T": [2, 2]}


def render_svg(spec: dict[str, Any]) -> str:
    key = (
        "indicator-chart:"
        + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        import vl_convert

        svg = checked(vl_convert.vegalite_to_svg(spec))
        svg = svg.replace("<svg ", '<svg focusable="false" ', 1)
        cache.set(key, svg, 24 * 3600)
    return str(svg)


def _sex_scale(sexes: list[str]) -> alt.Scale:
    return alt.Scale(domain=[str(SEX_LABELS[s]) for s in sexes], range=[COLOURS[s] for s in sexes])


def trend_spec(points: list[Point], *, unit: str, title: str) -> dict[str, Any]:
    """One small chart per subgroup: the figure over the years, one line per sex."""
    sexes = [s for s in ("K", "M", "T") if any(p.sex == s for p in points)]
    rows = [
        {
            "year": p.year,
            "value": p.estimate,
            "group": p.label,
            "sex": str(SEX_LABELS[p.sex]),
            "order": p.order or 0,
        }
        for p in points
    ]
    groups = sorted({(p.order or 0, p.label) for p in points})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=-45, values=_tick_years(points))),
            y=alt.Y("value:Q", title=unit or _("Value"), scale=alt.Scale(zero=False)),
            color=alt.Color("sex:N", title=_("Sex"), scale=_sex_scale(sexes)),
            strokeDash=alt.StrokeDash(
                "sex:N",
                title=_("Sex"),
                scale=alt.Scale(domain=[str(SEX_LABELS[s]) for s in sexes], range=[DASHES[s] for s in sexes]),
            ),
        )
        .properties(width=150, height=110)
        .facet(
            facet=alt.Facet("group:N", title=None, sort=[label for _order, label in groups]),
            columns=3,
        )
        .resolve_scale(y="shared")
        .properties(title=title, description=title)
    )
    return chart.to_dict(validate=False)


def _tick_years(points: list[Point]) -> list[int]:
    years = sorted({p.year for p in points})
    step = max(1, len(years) // 5)
    return years[::step]


def gap_spec(series: list[Gap], *, unit: str, title: str) -> dict[str, Any]:
    """The difference D over the years with its 95 % confidence interval as a band."""
    sexes = [s for s in ("K", "M", "T") if any(g.sex == s for g in series)]
    rows = [
        {"year": g.year, "d": g.d, "low": g.d_low, "high": g.d_high, "sex": str(SEX_LABELS[g.sex])}
        for g in series
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=-45)),
        color=alt.Color("sex:N", title=_("Sex"), scale=_sex_scale(sexes)),
    )
    line = base.mark_line(point=True, strokeWidth=2).encode(y=alt.Y("d:Q", title=unit or _("Difference")))
    layers: list[Any] = [line]
    if any(g.d_low is not None for g in series):
        layers.insert(0, base.mark_area(opacity=0.15).encode(y="low:Q", y2="high:Q"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=220, title=title, description=title)
    return chart.to_dict(validate=False)


def area_spec(points: list[Point], *, average: float | None, unit: str, title: str) -> dict[str, Any]:
    """Bars per area for one year and sex, with the municipality's figure as a reference line."""
    rows = [{"area": p.label, "value": p.estimate} for p in points]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#0b5394")
        .encode(
            y=alt.Y("area:N", title=None, sort="-x"),
            x=alt.X("value:Q", title=unit or _("Value")),
        )
    )
    layers: list[Any] = [bars]
    if average is not None:
        reference = alt.Chart(alt.Data(values=[{"average": average, "label": _("Municipality")}]))
        layers.append(
            reference.mark_rule(color="#8a1c5a", strokeWidth=2, strokeDash=[6, 3]).encode(x="average:Q")
        )
        layers.append(
            reference.mark_text(align="left", dx=4, dy=-6, color="#8a1c5a", fontWeight="bold").encode(
                x="average:Q", y=alt.value(0), text="label:N"
            )
        )
    chart = alt.layer(*layers).properties(
        width=WIDTH - 160, height=max(120, 18 * len(rows)), title=title, description=title
    )
    return chart.to_dict(validate=False)
