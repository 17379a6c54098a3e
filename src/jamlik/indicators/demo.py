"""Demo indicators: a generated city of 10 districts and 30 sub-areas, 2010–2024.

Every figure is invented, from a fixed seed, so that the demo shows what the pages do with realistic gaps
(remaining life expectancy at 30 differs by about eight years between the most and the least affluent
districts). The district names are fictional on purpose: nobody should mistake these numbers for
statistics about a real place. Loading is idempotent: an indicator that exists is left alone.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection, transaction
from django.utils import timezone

from jamlik.goals.models import TargetArea
from jamlik.indicators.models import Area, Dimension, Indicator, Subgroup, Value

YEARS = range(2010, 2025)
SOURCE = "Genererade demodata"
CITY = ("DEMO", "Demostaden")
DISTRICTS = [
    "Älvstaden",
    "Bergsjöhöjden",
    "Kvarnby",
    "Lindåsen",
    "Sjöviken",
    "Hagalund",
    "Ekdalen",
    "Solbacka",
    "Stenviken",
    "Tallmossen",
]
SUBAREA_SUFFIXES = ["norra", "centrala", "södra"]
# Target areas of the demo programme (see jamlik.demo.loader.TARGET_AREAS), by position.
CHILDHOOD, WORK, LIVING, TRUST = 1, 2, 3, 4
EDUCATION = [
    ("forgymnasial", "Förgymnasial", -1.0),
    ("gymnasial", "Gymnasial", 0.0),
    ("eftergymnasial", "Eftergymnasial", 1.0),
]


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    unit: str
    favourable: bool
    scale: float | None
    base: float  # the figure in the least affluent area in 2010
    span: float  # how much higher (or lower, if negative) in the most affluent area
    trend: float  # change per year for everybody
    gap_change: float  # relative change of the span over the whole period (−0.2 = the gap shrinks by a fifth)
    women: float  # women's figure minus men's
    survey: bool  # survey data: larger standard errors
    target_area: int
    by_education: bool = False
    description: str = ""


SPECS = [
    Spec(
        "demo-medellivslangd",
        "Återstående medellivslängd vid 30 års ålder",
        "år",
        True,
        None,
        46.5,
        8.5,
        0.08,
        -0.05,
        4.0,
        False,
        LIVING,
        True,
        "Hur många år en 30-åring i genomsnitt har kvar att leva.",
    ),
    Spec(
        "demo-medianinkomst",
        "Disponibel inkomst, median",
        "tkr",
        True,
        None,
        150,
        230,
        4.0,
        0.25,
        -30,
        False,
        WORK,
    ),
    Spec(
        "demo-barn-ekonomisk-utsatthet",
        "Barn i ekonomiskt utsatta hushåll",
        "%",
        False,
        100,
        32,
        -27,
        -0.4,
        -0.25,
        0.0,
        False,
        CHILDHOOD,
    ),
    Spec(
        "demo-gymnasiebehorighet",
        "Elever i årskurs 9 behöriga till gymnasiets yrkesprogram",
        "%",
        True,
        100,
        68,
        27,
        0.1,
        0.1,
        4.0,
        False,
        CHILDHOOD,
    ),
    Spec(
        "demo-forvarvsarbetande",
        "Förvärvsarbetande 20–64 år",
        "%",
        True,
        100,
        52,
        34,
        0.3,
        -0.2,
        -3.0,
        False,
        WORK,
        True,
    ),
    Spec(
        "demo-arbetsloshet", "Arbetslösa 16–64 år", "%", False, 100, 15, -12, -0.1, -0.15, -1.0, False, WORK
    ),
    Spec(
        "demo-langvarigt-bistand",
        "Långvarigt ekonomiskt bistånd, 20–64 år",
        "%",
        False,
        100,
        6.5,
        -6.1,
        -0.1,
        -0.3,
        -0.4,
        False,
        WORK,
    ),
    Spec(
        "demo-eftergymnasial",
        "Eftergymnasial utbildning, 25–64 år",
        "%",
        True,
        100,
        22,
        50,
        0.6,
        0.1,
        9.0,
        False,
        WORK,
    ),
    Spec(
        "demo-sjalvskattad-halsa",
        "Gott självskattat hälsotillstånd, 16–84 år",
        "%",
        True,
        100,
        60,
        19,
        0.05,
        0.0,
        -4.0,
        True,
        LIVING,
        True,
    ),
    Spec(
        "demo-tillit", "Har tillit till andra människor", "%", True, 100, 42, 31, 0.1, 0.05, 1.0, True, TRUST
    ),
    Spec(
        "demo-otrygghet",
        "Avstår från att gå ut ensam på kvällen av oro",
        "%",
        False,
        100,
        36,
        -22,
        -0.2,
        -0.1,
        24.0,
        True,
        TRUST,
    ),
    Spec(
        "demo-karies-3ar",
        "Treåringar med karies",
        "%",
        False,
        100,
        13,
        -11,
        -0.15,
        0.1,
        -0.5,
        False,
        CHILDHOOD,
    ),
    Spec(
        "demo-valdeltagande",
        "Valdeltagande i kommunvalet",
        "%",
        True,
        100,
        58,
        33,
        0.2,
        -0.15,
        2.0,
        False,
        TRUST,
    ),
    Spec(
        "demo-trangboddhet",
        "Trångbodda enligt norm 2",
        "%",
        False,
        100,
        31,
        -26,
        -0.1,
        0.0,
        0.0,
        False,
        LIVING,
    ),
]


@dataclass(frozen=True)
class DemoArea:
    area: Area
    affluence: float  # 0 = least, 1 = most affluent
    population: int


def _areas() -> tuple[Area, list[DemoArea], list[DemoArea]]:
    rng = random.Random(1480)
    city, _created = Area.objects.get_or_create(
        code=CITY[0], defaults={"name": CITY[1], "level": Area.Level.MUNICIPALITY, "code_system": "demo"}
    )
    districts: list[DemoArea] = []
    subareas: list[DemoArea] = []
    for index, name in enumerate(DISTRICTS):
        district, _created = Area.objects.get_or_create(
            code=f"DEMO-{index + 1:02d}",
            defaults={"name": name, "level": Area.Level.DISTRICT, "parent": city, "code_system": "demo"},
        )
        affluence = index / (len(DISTRICTS) - 1)
        total = 0
        for offset, suffix in zip((-0.06, 0.0, 0.06), SUBAREA_SUFFIXES, strict=True):
            population = rng.randint(5000, 15000)
            total += population
            sub, _created = Area.objects.get_or_create(
                code=f"{district.code}-{SUBAREA_SUFFIXES.index(suffix) + 1}",
                defaults={
                    "name": f"{name} {suffix}",
                    "level": Area.Level.SUBAREA,
                    "parent": district,
                    "code_system": "demo",
                },
            )
            subareas.append(DemoArea(sub, min(1.0, max(0.0, affluence + offset)), population))
        districts.append(DemoArea(district, affluence, total))
    return city, districts, subareas


def _figure(spec: Spec, affluence: float, year: int, sex: str, noise: float) -> float:
    step = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    value = spec.base + spec.span * (1 + spec.gap_change * step) * affluence + spec.trend * (year - YEARS[0])
    value += {"K": spec.women / 2, "M": -spec.women / 2, "T": 0.0}[sex] + noise
    if spec.scale:
        value = min(spec.scale * 0.995, max(spec.scale * 0.005, value))
    return round(value, 1)


def _se(spec: Spec, value: float, population: float) -> float:
    """SE of a proportion, or of a mean whose spread between people is a quarter of the figure."""
    n = population * (0.05 if spec.survey else 0.6)
    if spec.scale:
        p = value / spec.scale
        return round(spec.scale * math.sqrt(max(p * (1 - p), 1e-4) / n), 3)
    return round(abs(value) * 0.25 / math.sqrt(n) * 3, 3)  # ×3: few deaths per year make it noisy


def load_indicators_demo() -> int:
    """Create the demo indicators that are missing; returns how many were created."""
    created = 0
    with transaction.atomic():
        city, districts, subareas = _areas()
        education, _new = Dimension.objects.get_or_create(
            code="utbildningsniva", defaults={"name": "Utbildningsnivå", "ordered": True}
        )
        groups = {
            code: Subgroup.objects.get_or_create(
                dimension=education, code=code, defaults={"name": name, "order": order}
            )[0]
            for order, (code, name, _shift) in enumerate(EDUCATION, start=1)
        }
        target_areas = list(
            TargetArea.objects.filter(programme__name="Program för Jämlikt Göteborg").order_by(
                "position", "pk"
            )
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for spec in SPECS:
            if Indicator.objects.filter(code=spec.code).exists():
                continue
            indicator = Indicator.objects.create(
                code=spec.code,
                name=spec.name,
                description=spec.description,
                unit=spec.unit,
                source=SOURCE,
                favourable=spec.favourable,
                scale=spec.scale,
                person_based=True,
            )
            if len(target_areas) >= spec.target_area:
                indicator.target_areas.add(target_areas[spec.target_area - 1])
            _insert(_values(spec, indicator, city, districts, subareas, groups, now))
            created += 1
    return created


VALUE_COLUMNS = (
    "indicator_id",
    "year",
    "area_id",
    "subgroup_id",
    "sex",
    "estimate",
    "se",
    "population",
    "source",
    "period",
    "imported_at",
)


def _insert(rows: list[tuple[object, ...]]) -> None:
    """COPY on PostgreSQL, one prepared single-row insert (executemany) elsewhere: the ORM's bulk_create
    spends seconds building 26 000 model objects, and a multi-row statement with thousands of
    placeholders made psycopg rewrite the query text anew for every chunk (2.7 s of the demo's 10 on
    PostgreSQL)."""
    table = connection.ops.quote_name(Value._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in VALUE_COLUMNS)
    row_sql = "(" + ", ".join(["%s"] * len(VALUE_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: PostgreSQL's own bulk path, a tenth of the time
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        params = cast("list[Sequence[Any]]", rows)  # tuples of plain values, as the cursor takes them
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {row_sql}", params)  # noqa: S608


def _values(
    spec: Spec,
    indicator: Indicator,
    city: Area,
    districts: list[DemoArea],
    subareas: list[DemoArea],
    groups: dict[str, Subgroup],
    now: object,
) -> list[tuple[object, ...]]:
    rng = random.Random(spec.code)
    spread = abs(spec.span) * (0.03 if spec.survey else 0.012)
    values: list[tuple[object, ...]] = []
    by_parent: dict[int, list[tuple[DemoArea, dict[tuple[int, str], float]]]] = {}

    def add(
        area: Area, year: int, sex: str, estimate: float, population: float, subgroup: Subgroup | None = None
    ) -> None:
        values.append(
            (
                indicator.pk,
                year,
                area.pk,
                subgroup.pk if subgroup else None,
                sex,
                estimate,
                _se(spec, estimate, population),
                population,
                SOURCE,
                "",
                now,
            )
        )

    for sub in subareas:
        figures: dict[tuple[int, str], float] = {}
        for year in YEARS:
            noise = rng.gauss(0, spread)
            for sex in ("T", "K", "M"):
                figures[(year, sex)] = _figure(spec, sub.affluence, year, sex, noise)
                add(sub.area, year, sex, figures[(year, sex)], sub.population / (1 if sex == "T" else 2))
        by_parent.setdefault(sub.area.parent_id or 0, []).append((sub, figures))
    city_figures: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for district in districts:
        parts = by_parent[district.area.pk]
        for year in YEARS:
            for sex in ("T", "K", "M"):
                weight = sum(sub.population for sub, _f in parts)
                mean = round(sum(sub.population * f[(year, sex)] for sub, f in parts) / weight, 1)
                add(district.area, year, sex, mean, weight / (1 if sex == "T" else 2))
                city_figures.setdefault((year, sex), []).append((mean, weight))
    for (year, sex), pairs in city_figures.items():
        city_weight = float(sum(w for _m, w in pairs))
        mean = round(sum(m * w for m, w in pairs) / city_weight, 1)
        add(city, year, sex, mean, city_weight / (1 if sex == "T" else 2))
        if spec.by_education:
            for (code, _name, shift), share in zip(EDUCATION, (0.2, 0.42, 0.38), strict=True):
                estimate = _figure(spec, 0.5 + 0.5 * shift, year, sex, 0.0)
                add(city, year, sex, estimate, city_weight * share / (1 if sex == "T" else 2), groups[code])
    return values
