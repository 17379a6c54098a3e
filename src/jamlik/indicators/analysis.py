"""Gaps between groups: the series behind the indicator page and the summary measures over time.

The difference D and ratio R (with their confidence intervals) are computed here so that the page works
on its own; the other WHO summary measures come from `jamlik.measures` when that library is available.
Definitions follow docs/measures.md: for ordered groups the most advantaged is compared with the most
disadvantaged, with a reference group the reference with the worst other group, otherwise the highest
with the lowest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.indicators.models import Area, Dimension, Indicator, Sex, Value

Z = 1.959964
SEX_LABELS = {
    Sex.TOTAL.value: gettext_lazy("Total"),
    Sex.WOMEN.value: gettext_lazy("Women"),
    Sex.MEN.value: gettext_lazy("Men"),
}
EXTRA_MEASURES = ("ACI", "RCI", "SII", "RII", "BGV", "COV", "MDMW", "TI", "PAR", "PAF")


@dataclass(frozen=True)
class Comparison:
    key: str  # "dimension:<code>" or "area:<level>"
    label: str
    ordered: bool


@dataclass(frozen=True)
class Point:
    year: int
    sex: str
    group: str
    label: str
    order: int | None
    reference: bool
    estimate: float
    se: float | None
    population: float | None


@dataclass(frozen=True)
class Gap:
    year: int
    sex: str
    d: float
    d_low: float | None
    d_high: float | None
    r: float | None
    r_low: float | None
    r_high: float | None
    se: float | None
    n_groups: int


@dataclass(frozen=True)
class Trend:
    first_year: int
    last_year: int
    first: float
    last: float
    direction: str  # "grew", "shrank" or "unchanged"
    beyond_ci: bool | None  # None when the data has no standard errors

    def sentence(self, unit: str = "") -> str:
        figures = {
            "first_year": self.first_year,
            "last_year": self.last_year,
            "first": _fmt(self.first),
            "last": _fmt(self.last),
            "unit": f" {unit}" if unit else "",
        }
        if self.direction == "shrank":
            text = _(
                "Between %(first_year)s and %(last_year)s the gap shrank from %(first)s to %(last)s%(unit)s."
            )
        elif self.direction == "grew":
            text = _(
                "Between %(first_year)s and %(last_year)s the gap grew from %(first)s to %(last)s%(unit)s."
            )
        else:
            text = _("Between %(first_year)s and %(last_year)s the gap stayed at %(last)s%(unit)s.")
        text %= figures
        if self.direction == "unchanged":
            return text
        if self.beyond_ci is None:
            return (
                text
                + " "
                + _(
                    "The figures have no standard errors, so it is unknown "
                    "whether the change is beyond chance."
                )
            )
        if self.beyond_ci:
            return (
                text + " " + _("The change is larger than the uncertainty (95 percent confidence interval).")
            )
        return (
            text
            + " "
            + _("The change is within the uncertainty (95 percent confidence interval) and may be chance.")
        )


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") if abs(value) < 1000 else f"{value:,.0f}".replace(",", " ")


def comparisons(indicator: Indicator) -> list[Comparison]:
    """The ways this indicator's values can be compared: by area level, then by each dimension."""
    found: list[Comparison] = []
    levels = set(
        Value.objects.filter(indicator=indicator, subgroup__isnull=True)
        .exclude(area__level=Area.Level.MUNICIPALITY)
        .values_list("area__level", flat=True)
        .distinct()
    )
    for level, label in Area.Level.choices:
        if level in levels:
            found.append(Comparison(f"area:{level}", str(label), False))
    dimensions = Dimension.objects.filter(subgroups__values__indicator=indicator).distinct().order_by("name")
    found += [Comparison(f"dimension:{d.code}", d.name, d.ordered) for d in dimensions]
    return found


def points(indicator: Indicator, comparison: Comparison) -> list[Point]:
    kind, code = comparison.key.split(":", 1)
    values = Value.objects.filter(indicator=indicator)
    if kind == "area":
        rows = values.filter(subgroup__isnull=True, area__level=code).values_list(
            "year", "sex", "area__code", "area__name", "estimate", "se", "population"
        )
        return [Point(y, s, c, n, None, False, e, se, p) for y, s, c, n, e, se, p in rows]
    in_dimension = values.filter(subgroup__dimension__code=code)
    # A dimension is compared within one area: the one with most figures (usually the municipality).
    top = in_dimension.values("area").annotate(n=Count("pk")).order_by("-n", "area").first()
    if top is None:
        return []
    found = in_dimension.filter(area_id=top["area"]).values_list(
        "year",
        "sex",
        "subgroup__code",
        "subgroup__name",
        "subgroup__order",
        "subgroup__is_reference",
        "estimate",
        "se",
        "population",
    )
    return [Point(*row) for row in found]


def municipality_average(indicator: Indicator, year: int, sex: str) -> float | None:
    value = (
        Value.objects.filter(
            indicator=indicator,
            subgroup__isnull=True,
            area__level=Area.Level.MUNICIPALITY,
            year=year,
            sex=sex,
        )
        .values_list("estimate", flat=True)
        .first()
    )
    return value


def _pair(group: list[Point], favourable: bool) -> tuple[Point, Point] | None:
    """(a, b) with D = a − b as docs/measures.md defines them."""
    if len(group) < 2:
        return None
    if all(p.order is not None for p in group):
        ranked = sorted(group, key=lambda p: p.order or 0)
        low, high = ranked[0], ranked[-1]
        return (high, low) if favourable else (low, high)
    references = [p for p in group if p.reference]
    if len(references) == 1:
        ref = references[0]
        others = [p for p in group if p is not ref]
        if favourable:
            return ref, min(others, key=lambda p: p.estimate)
        return max(others, key=lambda p: p.estimate), ref
    ranked = sorted(group, key=lambda p: p.estimate)
    return ranked[-1], ranked[0]


def gaps(points_: list[Point], favourable: bool) -> list[Gap]:
    """D and R with 95 % confidence intervals for every year and sex."""
    groups: dict[tuple[int, str], list[Point]] = defaultdict(list)
    for p in points_:
        groups[(p.year, p.sex)].append(p)
    result: list[Gap] = []
    for (year, sex), group in sorted(groups.items()):
        pair = _pair(group, favourable)
        if pair is None:
            continue
        a, b = pair
        d = a.estimate - b.estimate
        se = math.sqrt(a.se**2 + b.se**2) if a.se is not None and b.se is not None else None
        r = a.estimate / b.estimate if b.estimate else None
        r_low = r_high = None
        if r is not None and r > 0 and a.se is not None and b.se is not None:
            se_r = math.sqrt((a.se**2 + r**2 * b.se**2) / b.estimate**2)
            r_low, r_high = math.exp(math.log(r) - Z * se_r / r), math.exp(math.log(r) + Z * se_r / r)
        result.append(
            Gap(
                year=year,
                sex=sex,
                d=d,
                d_low=d - Z * se if se is not None else None,
                d_high=d + Z * se if se is not None else None,
                r=r,
                r_low=r_low,
                r_high=r_high,
                se=se,
                n_groups=len(group),
            )
        )
    return result


def trend(series: list[Gap]) -> Trend | None:
    """Did the gap (the size of D) grow or shrink from the first year to the last?"""
    if len(series) < 2:
        return None
    first, last = series[0], series[-1]
    change = abs(last.d) - abs(first.d)
    beyond = None
    if first.se is not None and last.se is not None:
        beyond = abs(change) > Z * math.sqrt(first.se**2 + last.se**2)
    tolerance = 1e-9 * max(1.0, abs(first.d))
    direction = "unchanged" if abs(change) <= tolerance else ("grew" if change > 0 else "shrank")
    return Trend(first.year, last.year, abs(first.d), abs(last.d), direction, beyond)


def headline_trend(indicator: Indicator) -> Trend | None:
    """The trend of the first comparison, for totals (or women when there are no totals)."""
    found = comparisons(indicator)
    if not found:
        return None
    series = gaps(points(indicator, found[0]), indicator.favourable)
    for sex in (Sex.TOTAL.value, Sex.WOMEN.value, Sex.MEN.value):
        chosen = [g for g in series if g.sex == sex]
        if len(chosen) >= 2:
            return trend(chosen)
    return None


def library_measures(
    indicator: Indicator, comparison: Comparison, points_: list[Point]
) -> list[dict[str, Any]]:
    """More summary measures from `jamlik.measures`, or none when the library cannot compute them."""
    if not points_:
        return []
    try:
        import polars as pl

        from jamlik.measures import compute_measures
    except ImportError:
        return []
    ordered = all(p.order is not None for p in points_)
    frame = pl.DataFrame(
        {
            "setting": [p.sex for p in points_],
            "year": [p.year for p in points_],
            "indicator": [indicator.code] * len(points_),
            "dimension": [comparison.key] * len(points_),
            "subgroup": [p.group for p in points_],
            "estimate": [p.estimate for p in points_],
            "se": [p.se for p in points_],
            "population": [p.population for p in points_],
            "favourable": [int(indicator.favourable)] * len(points_),
            "scale": [indicator.scale] * len(points_),
            "ordered": [int(ordered)] * len(points_),
            "subgroup_order": [p.order if ordered else None for p in points_],
            "reference": [int(p.reference) for p in points_],
        },
        schema_overrides={
            "se": pl.Float64,
            "population": pl.Float64,
            "scale": pl.Float64,
            "subgroup_order": pl.Int64,
        },
    )
    try:
        result = compute_measures(frame, EXTRA_MEASURES)
    except Exception:
        return []
    return [row for row in result.rename({"setting": "sex"}).to_dicts() if row["estimate"] is not None]
