"""Demo key figures, loaded through the actions; a second run creates nothing.

Two kinds:
* Kungsbacka's yearly figures as published in seed 004 (facts, attributed to Kungsbacka): income support
  paid out, people into work, days from application to first contact and to a decision. Only the years the
  seed names are stored.
* Invented weekly and monthly series for the demo district's individual and family care, where a new way
  of working from week 21 of 2024 shows as a real signal in the control chart.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jamlik.core.actions import do_create_unit
from jamlik.core.models import OrganisationUnit
from jamlik.goals.models import TargetArea
from jamlik.kpis.actions import (
    RawRow,
    do_compute_kpi_values,
    do_create_kpi,
    do_record_values,
)
from jamlik.kpis.models import Kpi

KUNGSBACKA = ("KBA-KC", "Kungsbacka kommun, Kompetenscentrum arbetsmarknad (publicerade siffror)")
SOURCE_004 = "Kungsbacka kommun, redovisat på arbetsmarknadskonferensen (seed 004)"

# code, name, unit, direction, classification, {year: value}, definition
PUBLISHED = [
    (
        "kba-forsorjningsstod",
        "Utbetalt försörjningsstöd",
        "mnkr",
        "lower",
        "resource",
        {2018: 39.0, 2023: 28.0},
        "Utbetalt försörjningsstöd under året. Publicerat: knappt 39 mnkr 2018 och knappt 28 mnkr 2023.",
    ),
    (
        "kba-i-arbete",
        "Personer som gått ut i arbete",
        "personer",
        "higher",
        "performance",
        {2018: 74.0, 2023: 115.0, 2024: 154.0},
        "Antal personer som under året gått från försörjningsstöd till arbete.",
    ),
    (
        "kba-dagar-forsta-kontakt",
        "Dagar från ansökan till första kontakt",
        "dagar",
        "lower",
        "quality",
        {2018: 7.0, 2023: 1.4},
        "Genomsnittligt antal dagar från ansökan om försörjningsstöd till första kontakt.",
    ),
    (
        "kba-dagar-beslut",
        "Dagar från ansökan till beslut",
        "dagar",
        "lower",
        "quality",
        {2018: 14.0, 2023: 3.1},
        "Genomsnittligt antal dagar från ansökan om försörjningsstöd till beslut.",
    ),
]

# Invented: days from application to a decision, weekly 2024; a new way of working from week 21.
WEEKLY_DAYS = [
    12.5, 11.0, 13.5, 12.0, 14.0, 11.5, 12.5, 13.0, 10.5, 12.0,
    13.5, 12.0, 11.0, 14.5, 12.5, 11.5, 13.0, 12.0, 12.5, 11.0,
    9.5, 8.0, 7.5, 7.0, 6.5, 7.5, 6.0, 6.5, 7.0, 5.5,
    6.0, 6.5, 5.5, 6.0, 7.0, 5.0, 6.0, 5.5, 6.5, 5.0,
]  # fmt: skip
# Invented: participants in work or studies six months after the start, per month (count, of how many).
MONTHLY_IN_WORK = [
    (9, 40), (11, 42), (8, 38), (10, 41), (12, 44), (9, 39), (10, 40), (11, 43), (9, 41), (10, 42),
    (8, 37), (11, 44), (10, 40), (12, 43), (11, 41), (17, 42), (19, 44), (18, 40), (20, 43), (21, 45),
    (19, 41), (22, 44), (20, 42), (23, 45),
]  # fmt: skip


def _unit(code: str) -> OrganisationUnit | None:
    return OrganisationUnit.objects.filter(code=code).first()


def _area() -> Any:
    return (
        TargetArea.objects.filter(programme__name="Program för Jämlikt Göteborg")
        .order_by("position", "pk")
        .first()
    )


def load_kpis_demo() -> int:
    """Load the demo KPIs that are missing; returns how many were created."""
    created = 0
    with transaction.atomic():
        kungsbacka = _unit(KUNGSBACKA[0]) or do_create_unit(
            acting_user=None, name=KUNGSBACKA[1], code=KUNGSBACKA[0], kind="unit"
        )
        for code, name, unit, direction, classification, figures, definition in PUBLISHED:
            if Kpi.objects.filter(code=code).exists():
                continue
            kpi = do_create_kpi(
                acting_user=None,
                owner_unit=kungsbacka,
                code=code,
                name=name,
                unit=unit,
                direction=direction,
                classification=classification,
                cadence="year",
                chart_kind="run",
                rules="anhoej",
                definition=definition,
            )
            rows = [
                RawRow(line=i, period=str(y), value=v) for i, (y, v) in enumerate(sorted(figures.items()), 1)
            ]
            do_record_values(kpi, acting_user=None, rows=rows, source=SOURCE_004)
            created += 1
        if not Kpi.objects.filter(code="kba-kolada-u31402").exists():
            do_create_kpi(
                acting_user=None,
                owner_unit=kungsbacka,
                code="kba-kolada-u31402",
                name="Väntetid från första kontakt till beslut om försörjningsstöd (Kolada U31402)",
                unit="dagar",
                direction="lower",
                classification="quality",
                cadence="year",
                chart_kind="run",
                rules="anhoej",
                source="kolada",
                kolada_id="U31402",
                kolada_municipality="1384",
                definition="Jämförelsen per år med Kolada; hämtas när Kolada-adressen är inställd.",
            )
            created += 1
        created += _load_district()
    return created


def _load_district() -> int:
    unit = _unit("IFO-FH")
    if unit is None:
        return 0
    area = _area()
    links = {"target_areas": [area]} if area is not None else {}
    created = 0
    if not Kpi.objects.filter(code="ifo-dagar-till-beslut").exists():
        kpi = do_create_kpi(
            acting_user=None,
            owner_unit=unit,
            code="ifo-dagar-till-beslut",
            name="Dagar från ansökan till beslut om försörjningsstöd",
            unit="dagar",
            direction="lower",
            target=7,
            classification="quality",
            cadence="week",
            chart_kind="i",
            rules="nhs",
            baseline_periods=20,
            change_note="Nytt arbetssätt: arbetsplats först och veckovis uppföljning med handläggare",
            definition="Medelantal dagar från ansökan till beslut, ärenden beslutade under veckan.",
            **links,
        )
        rows = [RawRow(line=i + 1, period=f"2024-W{i + 1:02d}", value=v) for i, v in enumerate(WEEKLY_DAYS)]
        do_record_values(kpi, acting_user=None, rows=rows, source="Demo (påhittade värden)")
        created += 1
    if not Kpi.objects.filter(code="ifo-i-arbete-6-man").exists():
        kpi = do_create_kpi(
            acting_user=None,
            owner_unit=unit,
            code="ifo-i-arbete-6-man",
            name="Deltagare i arbete eller studier efter sex månader",
            unit="andel",
            direction="higher",
            target=35,
            classification="performance",
            cadence="month",
            chart_kind="p",
            rules="nhs",
            person_based=False,
            change_from="2024-04",
            change_note="Familjecentrerat arbetssätt från april 2024",
            **links,
        )
        rows = [
            RawRow(line=i + 1, period=f"{2023 + i // 12}-{i % 12 + 1:02d}", value=c, denominator=n)
            for i, (c, n) in enumerate(MONTHLY_IN_WORK)
        ]
        do_record_values(kpi, acting_user=None, rows=rows, source="Demo (påhittade värden)")
        created += 1
    admin = _unit("SDF-NH")
    if admin is not None and not Kpi.objects.filter(code="sdf-dagar-forslag-beslut").exists():
        kpi = do_create_kpi(
            acting_user=None,
            owner_unit=admin,
            code="sdf-dagar-forslag-beslut",
            name="Dagar från förslag till beslut",
            unit="dagar",
            direction="lower",
            classification="performance",
            cadence="month",
            chart_kind="run",
            rules="anhoej",
            source="proposal_decision_days",
            definition="Beräknas ur Jämlik: dagar från att ett förslag lämnades till det första beslutet.",
        )
        do_compute_kpi_values(kpi, acting_user=None)
        created += 1
    # The rhythm (monthly stops and the round template) is left to the user's "Plan the follow-up rhythm":
    # the follow-up demo's own counts of rounds are part of its tests.
    return created
