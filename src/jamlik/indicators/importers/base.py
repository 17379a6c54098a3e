"""What every importer shares: the parsed row, the errors, and the one all-or-nothing writer.

Each file format or API turns its input into `ImportRow`s (reporting bad lines as it goes); `write_values`
then checks the rows against the catalogue and writes them in one transaction. A value whose natural key
(indicator, year, area, subgroup, sex) already exists is updated only when a figure differs, so importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jamlik.core.audit import log_action
from jamlik.core.models import User
from jamlik.indicators.models import Area, Dimension, Indicator, Sex, Subgroup, Value

MAX_ERRORS_SHOWN = 50
VALUE_FIELDS = ("estimate", "se", "population", "source", "period")


class ImportFailed(Exception):
    """Nothing was imported. `errors` are complete sentences in the user's language, with line numbers."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class IndicatorMeta:
    """Catalogue data a source carries about an indicator; used only when the indicator is new."""

    code: str
    name: str
    description: str = ""
    unit: str = ""
    source: str = ""
    favourable: bool = True
    scale: float | None = None
    person_based: bool = True


@dataclass
class ImportRow:
    line: int
    indicator: str
    year: int
    area_code: str
    sex: str
    estimate: float
    area_name: str = ""
    area_level: str = ""
    parent_area_code: str = ""
    dimension: str = ""
    dimension_name: str = ""
    subgroup: str = ""
    subgroup_name: str = ""
    subgroup_order: int | None = None
    reference: bool = False
    se: float | None = None
    population: float | None = None
    source: str = ""
    period: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: int = 0
    indicators: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def line_error(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def parse_number(text: Any) -> float | None:
    """A number from a cell, accepting a decimal comma and spaces as thousands separators."""
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if cleaned == "":
        return None
    value = float(cleaned)  # ValueError is reported by the caller with its line number
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(cleaned)
    return value


SEX_ALIASES = {
    "t": Sex.TOTAL,
    "total": Sex.TOTAL,
    "totalt": Sex.TOTAL,
    "1+2": Sex.TOTAL,
    "båda könen": Sex.TOTAL,
    "both sexes": Sex.TOTAL,
    "k": Sex.WOMEN,
    "kvinnor": Sex.WOMEN,
    "kvinna": Sex.WOMEN,
    "women": Sex.WOMEN,
    "female": Sex.WOMEN,
    "f": Sex.WOMEN,
    "2": Sex.WOMEN,
    "m": Sex.MEN,
    "män": Sex.MEN,
    "man": Sex.MEN,
    "men": Sex.MEN,
    "male": Sex.MEN,
    "1": Sex.MEN,
}


def parse_sex(text: Any) -> str | None:
    """T, K or M from the codes and labels statistics sources use (SCB codes men 1, women 2)."""
    if text is None or str(text).strip() == "":
        return Sex.TOTAL.value
    found = SEX_ALIASES.get(str(text).strip().lower())
    return found.value if found is not None else None


def dimension_code(name: str) -> str:
    """The catalogue code of a dimension named in an import (empty when the name has no letter or digit)."""
    return slugify(name)[:60]


# Longest text each imported field may hold (the catalogue's column sizes).
FIELD_LIMITS = {
    "indicator": 60,
    "area_code": 40,
    "area_name": 200,
    "parent_area_code": 40,
    "dimension_name": 200,
    "subgroup": 60,
    "subgroup_name": 200,
}


def _check_lengths(row: ImportRow) -> list[str]:
    errors = []
    for name, limit in FIELD_LIMITS.items():
        text = getattr(row, name)
        if len(text) > limit:
            errors.append(
                line_error(
                    row.line,
                    _("%(field)s '%(start)s…' is longer than %(limit)s characters.")
                    % {"field": name, "start": text[:20], "limit": limit},
                )
            )
    if row.dimension and not dimension_code(row.dimension):
        errors.append(
            line_error(
                row.line,
                _("the dimension '%(name)s' needs at least one letter or digit.")
                % {"name": row.dimension[:40]},
            )
        )
    return errors


def _check_rows(rows: list[ImportRow], metas: dict[str, IndicatorMeta]) -> list[str]:
    errors: list[str] = []
    known_indicators = set(Indicator.objects.values_list("code", flat=True)) | set(metas)
    file_areas = {r.area_code: r for r in rows if r.area_name}
    known_areas = set(
        Area.objects.filter(code__in={r.area_code for r in rows}).values_list("code", flat=True)
    )
    known_areas |= set(file_areas)
    person_based = dict(Indicator.objects.values_list("code", "person_based"))
    person_based.update({code: meta.person_based for code, meta in metas.items() if code not in person_based})
    seen: dict[tuple[Any, ...], int] = {}
    sexes: dict[tuple[Any, ...], tuple[int, set[str]]] = {}
    for row in rows:
        errors += _check_lengths(row)
        if row.indicator not in known_indicators:
            errors.append(
                line_error(
                    row.line,
                    _(
                        "unknown indicator '%(code)s'. "
                        "Add it to the catalogue or give its name in indicator_name."
                    )
                    % {"code": row.indicator},
                )
            )
        if row.area_code not in known_areas:
            errors.append(
                line_error(
                    row.line,
                    _("unknown area '%(code)s'. Give its name in area_name to create it.")
                    % {"code": row.area_code},
                )
            )
        if row.parent_area_code and row.parent_area_code not in known_areas:
            errors.append(
                line_error(row.line, _("unknown parent area '%(code)s'.") % {"code": row.parent_area_code})
            )
        if row.sex not in Sex.values:
            errors.append(
                line_error(row.line, _("'%(value)s' is not a sex; use T, K or M.") % {"value": row.sex})
            )
        if bool(row.dimension) != bool(row.subgroup):
            errors.append(line_error(row.line, _("give both a dimension and a subgroup, or neither.")))
        if row.se is not None and row.se < 0:
            errors.append(line_error(row.line, _("the standard error cannot be negative.")))
        if row.population is not None and row.population < 0:
            errors.append(line_error(row.line, _("the population cannot be negative.")))
        key = (row.indicator, row.year, row.area_code, row.dimension, row.subgroup, row.sex)
        if key in seen:
            errors.append(
                line_error(
                    row.line, _("the same figure as on line %(other)s is given again.") % {"other": seen[key]}
                )
            )
        seen.setdefault(key, row.line)
        group = key[:-1]
        first_line, group_sexes = sexes.setdefault(group, (row.line, set()))
        group_sexes.add(row.sex)
    for group, (first_line, group_sexes) in sexes.items():
        # Suppressed cells may leave one sex out; a figure given only as a total is the error.
        if person_based.get(group[0], False) and not group_sexes & {Sex.WOMEN.value, Sex.MEN.value}:
            errors.append(
                line_error(
                    first_line,
                    _(
                        "indicator '%(code)s' is person-based, so its figures must be given for women (K) "
                        "and men (M), not only as a total."
                    )
                    % {"code": group[0]},
                )
            )
    return errors


def _ensure_catalogue(rows: list[ImportRow], metas: dict[str, IndicatorMeta]) -> int:
    """Create the indicators, areas, dimensions and subgroups the rows need; returns how many were new."""
    created = 0
    existing = set(Indicator.objects.filter(code__in=list(metas)).values_list("code", flat=True))
    for code, meta in metas.items():
        if code not in existing and any(r.indicator == code for r in rows):
            Indicator.objects.create(
                code=code,
                name=meta.name,
                description=meta.description,
                unit=meta.unit,
                source=meta.source,
                favourable=meta.favourable,
                scale=meta.scale,
                person_based=meta.person_based,
            )
            created += 1
    new_areas = {r.area_code: r for r in rows if r.area_name}
    existing_areas = set(Area.objects.filter(code__in=list(new_areas)).values_list("code", flat=True))
    pending = {code: r for code, r in new_areas.items() if code not in existing_areas}
    while pending:  # parents before children, whatever order the file lists them in
        ready = {
            c: r for c, r in pending.items() if not r.parent_area_code or r.parent_area_code not in pending
        }
        if not ready:
            raise ImportFailed([_("The areas' parent codes form a loop.")])
        for code, r in ready.items():
            parent = Area.objects.filter(code=r.parent_area_code).first() if r.parent_area_code else None
            level = r.area_level or _level_below(parent)
            Area.objects.create(code=code, name=r.area_name, level=level, parent=parent)
            created += 1
            del pending[code]
    for row in rows:
        if not row.dimension:
            continue
        dimension, new = Dimension.objects.get_or_create(
            code=dimension_code(row.dimension),
            defaults={"name": row.dimension_name or row.dimension, "ordered": row.subgroup_order is not None},
        )
        created += new
        _subgroup, new = Subgroup.objects.get_or_create(
            dimension=dimension,
            code=row.subgroup,
            defaults={
                "name": row.subgroup_name or row.subgroup,
                "order": row.subgroup_order,
                "is_reference": row.reference,
            },
        )
        created += new
    return created


def _level_below(parent: Area | None) -> str:
    if parent is None:
        return Area.Level.MUNICIPALITY
    if parent.level == Area.Level.MUNICIPALITY:
        return Area.Level.DISTRICT
    return Area.Level.SUBAREA


def write_values(
    rows: Iterable[ImportRow],
    *,
    acting_user: User | None,
    source_label: str,
    metas: Iterable[IndicatorMeta] = (),
    parse_errors: list[str] | None = None,
    missing: int = 0,
) -> ImportResult:
    """Check and write the rows, all or nothing. Raises ImportFailed with every error found."""
    rows = list(rows)
    meta_by_code = {m.code: m for m in metas}
    errors = list(parse_errors or [])
    if not errors and not rows:
        errors.append(_("The file contains no figures."))
    errors += _check_rows(rows, meta_by_code)
    if errors:
        raise ImportFailed(_shorten(errors))
    result = ImportResult(missing=missing)
    with transaction.atomic():
        catalogue_created = _ensure_catalogue(rows, meta_by_code)
        indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator for r in rows})}
        areas = {a.code: a for a in Area.objects.filter(code__in={r.area_code for r in rows})}
        subgroups = {
            (s.dimension.code, s.code): s
            for s in Subgroup.objects.select_related("dimension").filter(code__in={r.subgroup for r in rows})
        }
        existing = {
            (v.indicator_id, v.year, v.area_id, v.subgroup_id, v.sex): v
            for v in Value.objects.filter(
                indicator__in=indicators.values(), year__in={r.year for r in rows}, area__in=areas.values()
            )
        }
        now = timezone.now()
        to_create: list[Value] = []
        to_update: list[Value] = []
        for row in rows:
            subgroup = subgroups[(dimension_code(row.dimension), row.subgroup)] if row.dimension else None
            indicator, area = indicators[row.indicator], areas[row.area_code]
            figures = {
                "estimate": row.estimate,
                "se": row.se,
                "population": row.population,
                "source": row.source[:300],
                "period": row.period[:20],
            }
            key = (indicator.pk, row.year, area.pk, subgroup.pk if subgroup else None, row.sex)
            current = existing.get(key)
            if current is None:
                to_create.append(
                    Value(
                        indicator=indicator,
                        year=row.year,
                        area=area,
                        subgroup=subgroup,
                        sex=row.sex,
                        imported_at=now,
                        **figures,
                    )
                )
            elif any(getattr(current, k) != v for k, v in figures.items()):
                for k, v in figures.items():
                    setattr(current, k, v)
                current.imported_at = now
                to_update.append(current)
            else:
                result.unchanged += 1
        Value.objects.bulk_create(to_create, batch_size=2000)
        Value.objects.bulk_update(to_update, [*VALUE_FIELDS, "imported_at"], batch_size=2000)
        result.created, result.updated = len(to_create), len(to_update)
        result.indicators = sorted(indicators)
        if result.changed or catalogue_created:
            log_action(
                "indicator.values_imported",
                actor=acting_user,
                obj=next(iter(indicators.values())) if len(indicators) == 1 else None,
                changes={
                    "source": source_label,
                    "indicators": result.indicators,
                    "created": result.created,
                    "updated": result.updated,
                },
            )
    return result


def _shorten(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS_SHOWN:
        return errors
    rest = len(errors) - MAX_ERRORS_SHOWN
    return [*errors[:MAX_ERRORS_SHOWN], _("… and %(count)s more errors.") % {"count": rest}]
