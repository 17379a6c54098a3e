"""Reading a file of KPI values (CSV or Excel) into rows for `do_import_kpi_values`.

Columns (Swedish, as the template): nyckeltal (the KPI's code), period, kon (T, K or M; empty is T),
varde, namnare (only for P and U charts). The first row names the columns, in any order.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from jamlik.core.exports import csv_text
from jamlik.core.uploads import UploadRejected, check_upload, limit_rows, open_workbook, sheet_rows
from jamlik.kpis.actions import RawRow, ValuesRejected

COLUMNS = ("nyckeltal", "period", "kon", "varde", "namnare")
ALIASES = {"värde": "varde", "nämnare": "namnare", "kön": "kon"}
REQUIRED = ("nyckeltal", "period", "varde")


def _header(cells: tuple[Any, ...]) -> dict[str, int]:
    names = [ALIASES.get(str(c or "").strip().lower(), str(c or "").strip().lower()) for c in cells]
    return {name: i for i, name in enumerate(names) if name in COLUMNS}


def rows_from_table(table: list[tuple[Any, ...]]) -> list[RawRow]:
    if not table:
        raise ValuesRejected([_("The file is empty.")])
    header = _header(table[0])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValuesRejected(
            [
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )

    def cell(row: tuple[Any, ...], name: str) -> Any:
        i = header.get(name)
        return row[i] if i is not None and i < len(row) else None

    rows = []
    for line, row in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        rows.append(
            RawRow(
                line=line,
                kpi_code=str(cell(row, "nyckeltal") or "").strip(),
                period=str(cell(row, "period") or "").strip(),
                sex=str(cell(row, "kon") or "T").strip() or "T",
                value=cell(row, "varde"),
                denominator=cell(row, "namnare"),
            )
        )
    return rows


def parse_file(data: bytes, filename: str) -> list[RawRow]:
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix == ".xlsx":
            workbook = open_workbook(data)
            table = list(sheet_rows(workbook.worksheets[0]))
        elif suffix == ".csv":
            check_upload(data, "text")
            text = data.decode("utf-8-sig", errors="replace")
            delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
            table = [tuple(r) for r in limit_rows(csv.reader(io.StringIO(text), delimiter=delimiter))]
        else:
            raise ValuesRejected([_("Unknown file type '%(name)s'. Use .csv or .xlsx.") % {"name": filename}])
    except UploadRejected as exc:
        raise ValuesRejected([exc.message]) from exc
    return rows_from_table(table)


def template_csv() -> str:
    return csv_text(
        COLUMNS, [("handlaggningstid", "2024-W07", "T", "3,5", ""), ("i-arbete", "2024-03", "K", "12", "")]
    )
