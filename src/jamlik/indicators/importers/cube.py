"""A statistics cube (PC-Axis file or JSON-stat dataset) turned into import rows.

Both formats describe a table as variables with value lists and one flat list of cells in row-major
order. Each variable is given a role from its code: time, sex, region, contents (one indicator per
content) or a breakdown dimension (at most one, since a value belongs to at most one subgroup).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from jamlik.core.uploads import UploadRejected, check_row_count
from jamlik.indicators.importers.base import ImportFailed, ImportRow, IndicatorMeta, parse_sex

TIME_CODES = {"tid", "år", "ar", "year", "time", "period", "månad"}
SEX_CODES = {"kön", "kon", "sex", "gender", "kön_nt"}
REGION_CODES = {"region", "område", "omrade", "kommun", "area", "geo", "län", "deso", "regso"}
CONTENTS_CODES = {"contentscode", "tabellinnehåll", "tabellinnehall", "contents", "indicator"}


@dataclass
class Variable:
    code: str
    label: str
    values: list[tuple[str, str]]  # (code, label)
    role: str = ""  # time, sex, region, contents or "" for a breakdown


@dataclass
class Cube:
    variables: list[Variable]
    cells: list[float | None]
    indicator_code: str
    title: str = ""
    unit: str = ""
    source: str = ""
    units_by_content: dict[str, str] = field(default_factory=dict)


@dataclass
class CubeRows:
    rows: list[ImportRow]
    metas: list[IndicatorMeta]
    errors: list[str]
    missing: int


def guess_role(code: str, label: str, hint: str = "") -> str:
    if hint:
        return hint
    for text in (code.lower(), label.lower()):
        if text in TIME_CODES:
            return "time"
        if text in SEX_CODES:
            return "sex"
        if text in REGION_CODES:
            return "region"
        if text in CONTENTS_CODES:
            return "contents"
    return ""


def _year(code: str) -> int | None:
    years = re.findall(r"(?:19|20)\d\d", code)
    return int(years[-1]) if years else None


def _area_name(code: str, label: str) -> str:
    """SCB labels often repeat the code ("1480 Göteborg"); keep the name only."""
    if label.startswith(code + " "):
        return label[len(code) + 1 :].strip()
    return label


def check_cell_count(count: int) -> None:
    """Refuse a table with more figures than the import row cap before any row is built."""
    try:
        check_row_count(count)
    except UploadRejected as exc:
        raise ImportFailed([exc.message]) from exc


def cube_rows(cube: Cube, *, source_label: str, person_based: bool | None = None) -> CubeRows:
    """Rows for every non-missing cell; a new indicator counts as person-based when split by sex."""
    errors: list[str] = []
    roles = [v.role for v in cube.variables]
    if person_based is None:
        person_based = "sex" in roles
    if "time" not in roles:
        errors.append(_("The table has no time variable (year)."))
    if "region" not in roles:
        errors.append(_("The table has no region variable; the figures must belong to an area."))
    breakdowns = [v for v in cube.variables if not v.role]
    if len(breakdowns) > 1:
        errors.append(
            _(
                "The table breaks the figures down by more than one variable (%(names)s); "
                "select one value for all but one."
            )
            % {"names": ", ".join(v.label or v.code for v in breakdowns)}
        )
    expected = 1
    for v in cube.variables:
        expected *= len(v.values)
    check_cell_count(expected)
    if expected != len(cube.cells):
        errors.append(
            _("The table has %(cells)s figures but its variables describe %(expected)s.")
            % {"cells": len(cube.cells), "expected": expected}
        )
    if errors:
        return CubeRows([], [], errors, 0)
    contents = next((v for v in cube.variables if v.role == "contents"), None)
    metas: dict[str, IndicatorMeta] = {}

    def indicator_for(content: tuple[str, str] | None) -> str:
        if content is None or contents is None or len(contents.values) == 1:
            code = slugify(cube.indicator_code)[:60]
            name = content[1] if content else cube.title
        else:
            code = slugify(f"{cube.indicator_code}-{content[0]}")[:60]
            name = content[1]
        if code not in metas:
            unit = cube.units_by_content.get(content[0], cube.unit) if content else cube.unit
            metas[code] = IndicatorMeta(
                code=code, name=(name or code)[:300], unit=unit[:60], source=cube.source[:300],
                person_based=person_based,
            )  # fmt: skip
        return code

    rows: list[ImportRow] = []
    missing = 0
    for cell_number, (combo, cell) in enumerate(
        zip(itertools.product(*(v.values for v in cube.variables)), cube.cells, strict=True), start=1
    ):
        if cell is None:
            missing += 1
            continue
        fields: dict[str, object] = {"sex": "T"}
        content = None
        for variable, (code, label) in zip(cube.variables, combo, strict=True):
            if variable.role == "time":
                year = _year(code)
                if year is None:
                    errors.append(_("'%(value)s' is not a year.") % {"value": code})
                    return CubeRows([], [], errors, 0)
                fields["year"] = year
                if code != str(year):
                    fields["period"] = code
            elif variable.role == "sex":
                sex = parse_sex(code) or parse_sex(label)
                if sex is None:
                    errors.append(_("'%(value)s' is not a sex; use T, K or M.") % {"value": label})
                    return CubeRows([], [], errors, 0)
                fields["sex"] = sex
            elif variable.role == "region":
                fields["area_code"] = code
                fields["area_name"] = _area_name(code, label)
            elif variable.role == "contents":
                content = (code, label)
            else:
                fields.update(
                    dimension=variable.code, dimension_name=variable.label, subgroup=code, subgroup_name=label
                )
        rows.append(
            ImportRow(
                line=cell_number,
                indicator=indicator_for(content),
                estimate=cell,
                source=(cube.source or source_label)[:300],
                **fields,  # type: ignore[arg-type]
            )
        )
    return CubeRows(rows, list(metas.values()), errors, missing)
