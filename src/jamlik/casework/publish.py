"""The equality follow-up fed into the indicators: per year, how many parents were offered family-centred
work, for women and men and in total, as an indicator beside the others.

Only counts, never a person, and never a count under five (``report.THRESHOLD``): a year in which fewer
than five women or fewer than five men were offered the method is left out whole, since the total less
the other sex would give the small count away. (The share of those enrolled is on the casework statistics
page: enrolment is counted per unit and month, not by sex.) The values go in through the indicators' own
import action, all or nothing, with its rights, as any file would.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.core.exceptions import PermissionDenied

from jamlik.casework.models import Plan
from jamlik.casework.report import THRESHOLD
from jamlik.core.models import User
from jamlik.indicators.actions import do_import_values
from jamlik.indicators.importers.base import ImportResult
from jamlik.indicators.importers.tabular import COLUMNS

INDICATOR = "familjecentrerat-erbjudna"
INDICATOR_NAME = "Föräldrar som erbjudits familjecentrerat arbete (antal)"
SOURCE = "Jämlik, familjecentrerat arbete"
SEXES = {"woman": "K", "man": "M"}


def yearly_counts() -> dict[int, Counter[str]]:
    """Per year: parents offered the method, by sex (K, M; T for everyone, other sexes included)."""
    years: dict[int, Counter[str]] = {}
    for offered_on, sex in Plan.objects.values_list("offered_on", "participant_sex"):
        counts = years.setdefault(offered_on.year, Counter())
        counts["T"] += 1
        if sex in SEXES:
            counts[SEXES[sex]] += 1
    return dict(sorted(years.items()))


def indicator_rows(area_code: str, area_name: str) -> list[dict[str, str]]:
    rows = []
    for year, counts in yearly_counts().items():
        if min(counts["K"], counts["M"]) < THRESHOLD:
            continue
        for sex in ("T", "K", "M"):
            rows.append(
                {
                    "indicator": INDICATOR,
                    "indicator_name": INDICATOR_NAME,
                    "year": str(year),
                    "area_code": area_code,
                    "area_name": area_name,
                    "sex": sex,
                    "estimate": str(counts[sex]),
                    "source": SOURCE,
                }
            )
    return rows


def do_publish_offered_share(*, acting_user: User, area_code: str, area_name: str) -> ImportResult | None:
    """Write the yearly counts as indicator values (None when no year has counts large enough to show).

    The importing user needs the right to import indicator values, as for any file."""
    if not acting_user.has_perm("indicators.import_values"):
        raise PermissionDenied
    rows = indicator_rows(area_code, area_name)
    if not rows:
        return None
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return do_import_values(
        out.getvalue().encode(), acting_user=acting_user, fmt="csv", source_label=SOURCE, indicator_code=""
    )
