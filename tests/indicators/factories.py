"""Small indicator catalogues for tests, built directly (the importers have their own tests)."""

from __future__ import annotations

from django.utils import timezone

from jamlik.indicators.models import Area, Dimension, Indicator, Subgroup, Value


def make_indicator(code: str = "sysselsattning", *, with_se: bool = True) -> Indicator:
    """Employment 2020–2022 in a municipality with two districts and three education groups.

    The districts' gap shrinks from 20 to 10 points; the education groups' gap shrinks from 30 to 24.
    """
    indicator = Indicator.objects.create(
        code=code, name="Förvärvsarbetande 20–64 år", unit="%", scale=100, favourable=True, source="SCB"
    )
    city, _ = Area.objects.get_or_create(code="1480", defaults={"name": "Göteborg"})
    north, _ = Area.objects.get_or_create(
        code="1480-N", defaults={"name": "Norr", "level": Area.Level.DISTRICT, "parent": city}
    )
    south, _ = Area.objects.get_or_create(
        code="1480-S", defaults={"name": "Söder", "level": Area.Level.DISTRICT, "parent": city}
    )
    education, _ = Dimension.objects.get_or_create(
        code="utbildning", defaults={"name": "Utbildning", "ordered": True}
    )
    groups = [
        Subgroup.objects.get_or_create(
            dimension=education, code=code_, defaults={"name": name, "order": order}
        )[0]
        for order, (code_, name) in enumerate([("low", "Låg"), ("mid", "Mellan"), ("high", "Hög")], start=1)
    ]
    now = timezone.now()
    values = []
    for step, year in enumerate([2020, 2021, 2022]):
        for sex, shift in (("T", 0.0), ("K", -1.0), ("M", 1.0)):
            se = 1.0 if with_se else None
            values += [
                Value(
                    indicator=indicator,
                    year=year,
                    area=city,
                    sex=sex,
                    estimate=75 + shift,
                    se=se,
                    imported_at=now,
                ),
                Value(
                    indicator=indicator,
                    year=year,
                    area=north,
                    sex=sex,
                    estimate=65 + 5 * step + shift,
                    se=se,
                    imported_at=now,
                ),
                Value(
                    indicator=indicator,
                    year=year,
                    area=south,
                    sex=sex,
                    estimate=85 + shift,
                    se=se,
                    imported_at=now,
                ),
            ]
            for group, base in zip(groups, (55, 70, 85), strict=True):
                estimate = base + (3 * step if group.order == 1 else 0) + shift
                values.append(
                    Value(
                        indicator=indicator,
                        year=year,
                        area=city,
                        subgroup=group,
                        sex=sex,
                        estimate=estimate,
                        se=se,
                        population=1000,
                        imported_at=now,
                    )
                )
    Value.objects.bulk_create(values)
    return indicator
