"""The long format, as CSV or Excel: one figure per row, in the columns of `COLUMNS`.

The template offered in the app has exactly these columns. Decimal commas are accepted, and a CSV file may
be separated by commas or semicolons (Excel's Swedish default).
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from jamlik.core.uploads import UploadRejected, limit_rows, open_workbook, sheet_rows
from jamlik.indicators.importers.base import (
    ImportRow,
    IndicatorMeta,
    line_error,
    parse_number,
    parse_sex,
)

REQUIRED = ("indicator", "year", "area_code", "estimate")
COLUMNS = (
    "indicator",
    "indicator_name",
    "year",
    "period",
    "area_code",
    "area_name",
    "parent_area_code",
    "dimension",
    "subgroup",
    "subgroup_name",
    "subgroup_order",
    "reference",
    "sex",
    "estimate",
    "se",
    "population",
    "source",
)
EXAMPLE_ROWS = [
    [
        "sysselsattning",
        "Förvärvsarbetande 20–64 år",
        "2023",
        "",
        "1480",
        "Göteborg",
        "",
        "",
        "",
        "",
        "",
        "",
        "K",
        "79,4",
        "0,6",
        "180000",
        "SCB",
    ],
    [
        "sysselsattning",
        "Förvärvsarbetande 20–64 år",
        "2023",
        "",
        "1480",
        "Göteborg",
        "",
        "",
        "",
        "",
        "",
        "",
        "M",
        "81,2",
        "0,6",
        "185000",
        "SCB",
    ],
    [
        "sysselsattning",
        "Förvärvsarbetande 20–64 år",
        "2023",
        "",
        "1480",
        "Göteborg",
        "",
        "utbildning",
        "forgymnasial",
        "Förgymnasial",
        "1",
        "",
        "K",
        "52,0",
        "1,8",
        "21000",
        "SCB",
    ],
]
MISSING_MARKERS = {"", "..", ".", "...", "na", "nan"}


class ParsedTable:
    def __init__(self) -> None:
        self.rows: list[ImportRow] = []
        self.errors: list[str] = []
        self.metas: dict[str, IndicatorMeta] = {}
        self.missing = 0


def parse_records(records: Iterable[tuple[int, dict[str, Any]]], header: Sequence[str]) -> ParsedTable:
    """Turn (line number, {column: cell}) pairs into rows, collecting every bad cell."""
    table = ParsedTable()
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        table.errors.append(
            _(
                "The file lacks the column(s) %(columns)s. "
                "The first row must hold the column names of the template."
            )
            % {"columns": ", ".join(absent)}
        )
        return table
    for line, record in records:
        if all(str(v or "").strip() == "" for v in record.values()):
            continue
        row = _parse_record(line, record, table)
        if row is not None:
            table.rows.append(row)
    return table


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value).strip()


def _parse_record(line: int, record: dict[str, Any], table: ParsedTable) -> ImportRow | None:
    errors: list[str] = []
    indicator = _text(record, "indicator")
    area_code = _text(record, "area_code")
    for name, value in (("indicator", indicator), ("area_code", area_code)):
        if not value:
            errors.append(line_error(line, _("the column %(column)s is empty.") % {"column": name}))
    year_text = _text(record, "year")
    year = None
    with contextlib.suppress(ValueError):
        year = int(float(year_text.replace(",", "."))) if year_text else None
    if year is None or not 1900 <= year <= 2100:
        errors.append(line_error(line, _("'%(value)s' is not a year.") % {"value": year_text}))
    estimate_text = _text(record, "estimate")
    if estimate_text.lower() in MISSING_MARKERS:
        table.missing += 1
        if errors:
            table.errors += errors
        return None
    numbers: dict[str, float | None] = {}
    for name in ("estimate", "se", "population", "subgroup_order"):
        try:
            numbers[name] = parse_number(_text(record, name))
        except ValueError:
            errors.append(
                line_error(
                    line,
                    _("'%(value)s' in the column %(column)s is not a number.")
                    % {"value": _text(record, name), "column": name},
                )
            )
    sex = parse_sex(_text(record, "sex"))
    if sex is None:
        errors.append(
            line_error(line, _("'%(value)s' is not a sex; use T, K or M.") % {"value": _text(record, "sex")})
        )
    if errors:
        table.errors += errors
        return None
    name = _text(record, "indicator_name")
    if name and indicator not in table.metas:
        table.metas[indicator] = IndicatorMeta(code=indicator, name=name, source=_text(record, "source"))
    order = numbers.get("subgroup_order")
    assert year is not None and sex is not None and numbers["estimate"] is not None
    return ImportRow(
        line=line,
        indicator=indicator,
        year=year,
        period=_text(record, "period"),
        area_code=area_code,
        area_name=_text(record, "area_name"),
        parent_area_code=_text(record, "parent_area_code"),
        dimension=_text(record, "dimension"),
        subgroup=_text(record, "subgroup"),
        subgroup_name=_text(record, "subgroup_name"),
        subgroup_order=int(order) if order is not None else None,
        reference=_text(record, "reference").lower() in {"1", "ja", "yes", "x", "true"},
        sex=sex,
        estimate=numbers["estimate"],
        se=numbers["se"],
        population=numbers["population"],
        source=_text(record, "source"),
    )


def parse_csv(data: bytes) -> ParsedTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        table = ParsedTable()
        line = data[: exc.start].count(b"\n") + 1
        table.errors.append(
            _(
                "The file is not UTF-8 encoded (the first bad character is on line %(line)s). "
                "Save it as 'CSV UTF-8' and try again."
            )
            % {"line": line}
        )
        return table
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = limit_rows(reader)
    try:
        header = [h.strip().lower() for h in next(lines, [])]
        records = [(reader.line_num, dict(zip(header, cells, strict=False))) for cells in lines]
    except UploadRejected as exc:
        table = ParsedTable()
        table.errors.append(exc.message)
        return table
    except csv.Error as exc:
        table = ParsedTable()
        table.errors.append(
            line_error(reader.line_num, _("the CSV file is malformed (%(error)s).") % {"error": exc})
        )
        return table
    return parse_records(records, header)


def parse_excel(data: bytes) -> ParsedTable:
    """The first sheet, opened only after core.uploads has checked the workbook (bombs, DTDs, rows)."""
    try:
        workbook = open_workbook(data)
        try:
            rows = sheet_rows(workbook.worksheets[0])
            header = [str(h or "").strip().lower() for h in next(rows, ())]
            records = [
                (number, dict(zip(header, cells, strict=False))) for number, cells in enumerate(rows, start=2)
            ]
        finally:
            workbook.close()
    except UploadRejected as exc:
        table = ParsedTable()
        table.errors.append(exc.message)
        return table
    return parse_records(records, header)


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue().encode("utf-8-sig")


def template_excel() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Värden"
    sheet.append(list(COLUMNS))
    numeric = {COLUMNS.index(name) for name in ("year", "subgroup_order", "estimate", "se", "population")}
    for row in EXAMPLE_ROWS:
        sheet.append([parse_number(cell) if i in numeric and cell else cell for i, cell in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
