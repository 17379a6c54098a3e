"""A KPI's values read as a chart: the numbers from jamlik.measures.spc and what they mean, in words.

The icons follow NHS England's "Making Data Count": one for variation (is something special happening?)
and one for assurance (will the target be met?). Each is a symbol *and* a word *and* a sentence, never a
colour alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from jamlik.kpis import periods
from jamlik.kpis.models import Kpi, KpiValue
from jamlik.measures import spc

# symbol, short label, sentence
VARIATION: dict[str, tuple[str, Any, Any]] = {
    "common_cause": (
        "≈",
        _("Common cause"),
        _("Only ordinary variation: nothing special has happened, the figure varies as it usually does."),
    ),
    "improvement_high": (
        "▲",
        _("Improvement"),
        _("Special cause of improvement: the figure is higher than ordinary variation explains."),
    ),
    "improvement_low": (
        "▼",
        _("Improvement"),
        _("Special cause of improvement: the figure is lower than ordinary variation explains."),
    ),
    "concern_high": (
        "▲",
        _("Concern"),
        _("Special cause of concern: the figure is higher than ordinary variation explains."),
    ),
    "concern_low": (
        "▼",
        _("Concern"),
        _("Special cause of concern: the figure is lower than ordinary variation explains."),
    ),
    "neither_high": ("▲", _("Special cause"), _("Special cause: the figure is higher than usual.")),
    "neither_low": ("▼", _("Special cause"), _("Special cause: the figure is lower than usual.")),
    "none": ("–", _("No values"), _("There are no values yet.")),
}
ASSURANCE: dict[str, tuple[str, Any, Any]] = {
    "pass": (
        "✓",
        _("Target met"),
        _("The target lies outside the limits on the good side: it is met every time."),
    ),
    "fail": (
        "✗",
        _("Target missed"),
        _(
            "The target lies outside the limits on the bad side: "
            "it will be missed every time until the work changes."
        ),
    ),
    "hit_or_miss": (
        "?",
        _("Hit or miss"),
        _("The target lies inside the limits: whether it is met in a period is chance."),
    ),
    "none": ("–", _("No assurance"), _("No target, or no limits to compare it with.")),
}


@dataclass
class KpiChart:
    kpi: Kpi
    periods: list[str]
    chart: spc.Chart
    variation: str
    assurance: str
    latest_period: str | None
    latest_value: float | None
    missing_sexes: list[str] = field(default_factory=list)
    values_by_sex: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def variation_icon(self) -> tuple[str, Any, Any]:
        return VARIATION[self.variation]

    @property
    def assurance_icon(self) -> tuple[str, Any, Any]:
        return ASSURANCE[self.assurance]

    def signal_sentence(self) -> str:
        _symbol, label, sentence = self.variation_icon
        _a_symbol, a_label, a_sentence = self.assurance_icon
        return f"{label}: {sentence} {a_label}: {a_sentence}"

    def table(self) -> list[dict[str, Any]]:
        """One row per period: the figure, the lines and which rules flagged it."""
        c = self.chart
        rows = []
        for i, period in enumerate(self.periods):
            rows.append(
                {
                    "period": period,
                    "value": _num(c.y[i]),
                    "cl": _num(c.cl[i]),
                    "ucl": _num(c.ucl[i]),
                    "lcl": _num(c.lcl[i]),
                    "phase": int(c.phase[i]) + 1,
                    "baseline": bool(c.baseline[i]),
                    "high": bool(c.high[i]),
                    "low": bool(c.low[i]),
                    "rules": _rules_text(c, i),
                    "women": self.values_by_sex.get("K", {}).get(period),
                    "men": self.values_by_sex.get("M", {}).get(period),
                }
            )
        return rows


def _num(x: Any) -> float | None:
    value = float(x)
    return None if value != value else value


def _rules_text(c: spc.Chart, i: int) -> str:
    names = []
    if c.outside[i]:
        names.append(str(_("outside the limits")))
    if c.shift[i]:
        names.append(str(_("7 on one side")))
    if c.trend[i]:
        names.append(str(_("7-point trend")))
    if c.two_of_three[i]:
        names.append(str(_("2 of 3 beyond 2σ")))
    if c.long_run[i]:
        names.append(str(_("unusually long run")))
    return ", ".join(names)


def analyse(kpi: Kpi, values: Iterable[KpiValue] | None = None) -> KpiChart:
    """The KPI's chart from its values (given, or read), the total series (sex T) on the chart."""
    rows = list(values) if values is not None else list(kpi.values.all())
    by_sex: dict[str, dict[str, float]] = {}
    denominators: dict[str, float | None] = {}
    starts: dict[str, datetime.date] = {}
    for v in rows:
        by_sex.setdefault(v.sex, {})[v.period] = v.value
        starts[v.period] = v.period_start
        if v.sex == "T":
            denominators[v.period] = v.denominator
    total = by_sex.get("T", {})
    ordered = sorted(total, key=lambda p: starts[p])
    phase_starts: list[int] = []
    if kpi.change_from:
        try:
            change = kpi.parse_period(kpi.change_from).start
        except periods.PeriodError:
            change = None
        if change is not None:
            phase_starts = [i for i, p in enumerate(ordered) if starts[p] >= change][:1]
    sizes = [denominators.get(p) for p in ordered] if kpi.chart_kind in ("p", "u") else None
    chart = spc.chart(
        [total[p] for p in ordered],
        kind=kpi.chart_kind,
        sizes=sizes,
        freeze=kpi.baseline_periods,
        phase_starts=phase_starts,
        rules=kpi.rules if kpi.chart_kind != "run" else "anhoej",
    )
    target = kpi.target
    if target is not None and kpi.chart_kind == "p" and target > 1:
        target = target / 100  # a target in percent against a chart of proportions
    missing: list[str] = []
    if kpi.person_based:
        for period in ordered:
            lacking = [s for s in ("K", "M") if period not in by_sex.get(s, {})]
            if lacking:
                missing.append(f"{period} ({'/'.join(lacking)})")
    return KpiChart(
        kpi=kpi,
        periods=ordered,
        chart=chart,
        variation=spc.variation(chart, kpi.direction),
        assurance=spc.assurance(chart, kpi.direction, target),
        latest_period=ordered[-1] if ordered else None,
        latest_value=total[ordered[-1]] if ordered else None,
        missing_sexes=missing,
        values_by_sex=by_sex,
    )


def due_period(kpi: Kpi, today: datetime.date) -> periods.Period:
    """The latest period that has ended before ``today``: its value is due."""
    return due_period_for(kpi.cadence, today)


def due_period_for(cadence: str, today: datetime.date) -> periods.Period:
    current = periods.containing(cadence, today)
    return periods.containing(cadence, current.start - datetime.timedelta(days=1))


def is_missing_due_value(kpi: Kpi, known_periods: set[str], today: datetime.date) -> bool:
    return due_period(kpi, today).key not in known_periods


@dataclass(frozen=True)
class Summary:
    """What the overview shows of a KPI, cached by the KPI's version and its values' state."""

    latest_period: str | None
    latest_value: float | None
    variation: str
    assurance: str
    missing_sexes: list[str]

    @property
    def variation_icon(self) -> tuple[str, Any, Any]:
        return VARIATION[self.variation]

    @property
    def assurance_icon(self) -> tuple[str, Any, Any]:
        return ASSURANCE[self.assurance]


def summary(kpi: Kpi, *, n_values: int, last_change: datetime.datetime | None) -> Summary:
    """The KPI's summary, cached by its version and the count and latest change of its values."""
    from django.core.cache import cache

    stamp = last_change.isoformat() if last_change else ""
    key = f"kpi-summary:{kpi.pk}:{kpi.version}:{n_values}:{stamp}"
    found = cache.get(key)
    if found is None:
        result = analyse(kpi)
        found = Summary(
            result.latest_period,
            result.latest_value,
            result.variation,
            result.assurance,
            result.missing_sexes,
        )
        cache.set(key, found, 24 * 3600)
    return found
