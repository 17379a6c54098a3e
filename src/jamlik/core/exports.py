"""CSV and Excel files for download, written in one place so that no export forgets the escaping.

A cell whose text begins with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) would run as a formula when the file is opened: a registrant who calls themselves
`=HYPERLINK(...)` could make a colleague's spreadsheet fetch a URL. Such text gets a leading apostrophe,
which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, made plain text; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def csv_text(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> str:
    """Semicolon-separated (Excel's Swedish default), with a byte-order mark so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return "\ufeff" + buffer.getvalue()


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Iterable[Any]], *, title: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
