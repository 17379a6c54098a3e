"""What the pages show, read from the database and computed by `jamlik.measures.relatedness`.

The location quotient compares an area with a reference: the country (area code "00", SCB's code for
Riket) when its employment is loaded for the year, otherwise all loaded areas together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import Sum

from jamlik.indicators.models import Area, Sex
from jamlik.labour.models import Employment, Industry, Matrix
from jamlik.measures.relatedness import (
    close_to_decline,
    employment_change,
    location_quotients,
    relatedness_density,
    symmetric_relatedness,
)

NATION = "00"
DEFAULT_THRESHOLD = 0.0


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str
    sr_norm: float
    start: int
    end: int
    change: int
    women_share: float | None
    men_share: float | None
    score: float

    @property
    def women_percent(self) -> float | None:
        return None if self.women_share is None else 100 * self.women_share

    @property
    def men_percent(self) -> float | None:
        return None if self.men_share is None else 100 * self.men_share


def areas_with_employment(classification: str) -> list[Area]:
    return list(
        Area.objects.filter(employment__industry__classification=classification).distinct().order_by("name")
    )


def years_of(area: Area, classification: str) -> list[int]:
    return sorted(
        set(
            Employment.objects.filter(area=area, industry__classification=classification).values_list(
                "year", flat=True
            )
        )
    )


def names(classification: str) -> dict[str, Industry]:
    return {i.code: i for i in Industry.objects.of(classification)}


def employment_frame(area: Area, classification: str) -> pl.DataFrame:
    """Women and men employed by industry and year in one area (imports refuse a total given alone)."""
    rows = Employment.objects.filter(area=area, industry__classification=classification).values_list(
        "industry__code", "year", "sex", "count"
    )
    cells: dict[tuple[str, int], dict[str, int]] = {}
    for code, year, sex, count in rows:
        cells.setdefault((code, year), {})[sex] = count
    records = []
    for (code, year), by_sex in cells.items():
        records.append(
            {
                "industry": code,
                "year": year,
                "women": by_sex.get(Sex.WOMEN.value, 0),
                "men": by_sex.get(Sex.MEN.value, 0),
            }
        )
    schema = {"industry": pl.String, "year": pl.Int64, "women": pl.Int64, "men": pl.Int64}
    return pl.DataFrame(records, schema=schema)


def symmetric_of(matrix: Matrix) -> pl.DataFrame:
    """The matrix as unordered pairs a < b with sr and sr_norm (averaged over both directions if needed)."""
    rows = list(
        matrix.flows.values_list("origin__code", "destination__code", "sr", "sr_norm", "count", "p_value")
    )
    if matrix.symmetric:
        frame = pl.DataFrame(
            [(min(o, d), max(o, d), sr, sr_norm, p) for o, d, sr, sr_norm, _c, p in rows],
            schema={
                "a": pl.String,
                "b": pl.String,
                "sr": pl.Float64,
                "sr_norm": pl.Float64,
                "p_value": pl.Float64,
            },
            orient="row",
        )
        return frame.sort("a", "b")
    directed = pl.DataFrame(
        [
            (o, d, sr if sr is not None else _sr_from(sr_norm), sr_norm, count, _expected(count, sr))
            for o, d, sr, sr_norm, count, _p in rows
        ],
        schema={
            "origin": pl.String,
            "destination": pl.String,
            "sr": pl.Float64,
            "sr_norm": pl.Float64,
            "count": pl.Float64,
            "expected": pl.Float64,
        },
        orient="row",
    )
    if not directed.height:
        return pl.DataFrame(schema={"a": pl.String, "b": pl.String, "sr": pl.Float64, "sr_norm": pl.Float64})
    counted = matrix.measure == Matrix.Measure.FLOWS and directed.get_column("expected").null_count() == 0
    if not counted:
        directed = directed.drop("count", "expected")
    columns = ["a", "b", "sr", "sr_norm", *(["p_value"] if counted else [])]
    return symmetric_relatedness(directed).select(columns)


def _expected(count: float | None, sr: float | None) -> float | None:
    """The expected flow behind a stored pair (count / SR), which the pair's p-value needs."""
    return count / sr if count is not None and sr else None


def has_p_values(matrix: Matrix) -> bool:
    return matrix.measure == Matrix.Measure.FLOWS


def directed_of(matrix: Matrix) -> pl.DataFrame:
    rows = matrix.flows.values_list("origin__code", "destination__code", "sr_norm")
    return pl.DataFrame(
        list(rows),
        schema={"origin": pl.String, "destination": pl.String, "sr_norm": pl.Float64},
        orient="row",
    )


def _sr_from(sr_norm: float) -> float:
    return (1.0 + sr_norm) / (1.0 - sr_norm) if sr_norm < 1.0 else float("inf")


def local_employment(area: Area, classification: str, year: int) -> dict[str, int]:
    """Employed (women + men) by industry code in one area and year."""
    frame = employment_frame(area, classification).filter(pl.col("year") == year)
    return {r["industry"]: r["women"] + r["men"] for r in frame.iter_rows(named=True)}


def location_quotients_for(area: Area, classification: str, year: int) -> tuple[pl.DataFrame, str]:
    """The area's location quotients in a year, and which reference they used ("nation" or "all")."""
    rows = (
        Employment.objects.filter(industry__classification=classification, year=year)
        .exclude(sex=Sex.TOTAL.value)
        .values("area__code", "industry__code")
        .annotate(n=Sum("count"))
        .values_list("area__code", "industry__code", "n")
    )
    schema = {"region": pl.String, "industry": pl.String, "count": pl.Int64}
    employment = pl.DataFrame(list(rows), schema=schema, orient="row")
    regions = set(employment.get_column("region").to_list())
    if area.code != NATION and NATION in regions:
        reference = employment.filter(pl.col("region") == NATION).select("industry", "count")
        own = employment.filter(pl.col("region") == area.code)
        return location_quotients(own, reference=reference), "nation"
    if not employment.height:
        return location_quotients(employment), "all"
    return location_quotients(employment).filter(pl.col("region") == area.code), "all"


def possible_industries(
    area: Area, matrix: Matrix, year: int, *, threshold: float = DEFAULT_THRESHOLD, alpha: float | None = None
) -> tuple[list[dict[str, Any]], str]:
    """Industries the area is not specialised in, by relatedness density to its portfolio, highest first.

    Also returns which reference the location quotients used ("nation" or "all").
    """
    lq, reference = location_quotients_for(area, matrix.classification, year)
    sym = symmetric_of(matrix)
    if not sym.height or not lq.height:
        return [], reference
    density = relatedness_density(
        lq, sym, threshold=threshold, alpha=alpha if "p_value" in sym.columns else None
    )
    local = {r["industry"]: r for r in lq.iter_rows(named=True)}
    known = names(matrix.classification)
    rows = []
    candidates = density.filter(~pl.col("specialised") & pl.col("density").is_not_null()).sort(
        ["density", "n_specialised_related", "industry"], descending=[True, True, False]
    )
    for r in candidates.iter_rows(named=True):
        industry = known.get(r["industry"])
        here = local.get(r["industry"], {})
        rows.append(
            {
                "code": r["industry"],
                "name": industry.name if industry else r["industry"],
                "density": r["density"],
                "density_percent": 100 * r["density"],
                "n_related": r["n_related"],
                "n_specialised_related": r["n_specialised_related"],
                "lq": here.get("lq"),
                "employed": int(here.get("count") or 0),
            }
        )
    return rows, reference


def industry_changes(area: Area, classification: str, start: int, end: int) -> list[dict[str, Any]]:
    """Every industry of the area with its employment in both years, the change and the sex shares."""
    change = employment_change(employment_frame(area, classification), start=start, end=end)
    known = names(classification)
    return [
        {
            **r,
            "name": known[r["industry"]].name if r["industry"] in known else r["industry"],
            "women_percent": None if r["women_share"] is None else 100 * r["women_share"],
            "men_percent": None if r["men_share"] is None else 100 * r["men_share"],
        }
        for r in change.sort(["change", "industry"]).iter_rows(named=True)
    ]


def neighbours_of(
    area: Area, matrix: Matrix, industry: str, start: int, end: int, *, threshold: float = DEFAULT_THRESHOLD
) -> list[Neighbour]:
    """The growing skill-related industries for people leaving ``industry``, by the documented score."""
    change = employment_change(employment_frame(area, matrix.classification), start=start, end=end)
    relatedness = symmetric_of(matrix) if matrix.symmetric else directed_of(matrix)
    found = close_to_decline(
        relatedness, change, industry=industry, symmetric=matrix.symmetric, threshold=threshold
    )
    known = names(matrix.classification)
    return [
        Neighbour(
            code=r["industry"],
            name=known[r["industry"]].name if r["industry"] in known else r["industry"],
            sr_norm=r["sr_norm"],
            start=r["start"],
            end=r["end"],
            change=r["change"],
            women_share=r["women_share"],
            men_share=r["men_share"],
            score=r["score"],
        )
        for r in found.iter_rows(named=True)
    ]
