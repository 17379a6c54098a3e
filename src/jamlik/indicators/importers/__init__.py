"""Importers of indicator values: long CSV/Excel, PC-Axis, JSON-stat, PxWebApi v2 and Kolada.

`import_file` is the one entry point for uploaded files; the API clients are in `apis`. Every path ends in
`base.write_values`, which writes all rows or none.
"""

from __future__ import annotations

from pathlib import PurePath

from django.utils.translation import gettext as _

from jamlik.core.models import User
from jamlik.core.uploads import UploadRejected, check_upload
from jamlik.indicators.importers.base import ImportFailed, ImportResult, write_values
from jamlik.indicators.importers.cube import Cube, cube_rows
from jamlik.indicators.importers.jsonstat import load_json, parse_jsonstat
from jamlik.indicators.importers.pcaxis import parse_px
from jamlik.indicators.importers.tabular import parse_csv, parse_excel

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".px": "px", ".json": "jsonstat"}


def format_for(filename: str) -> str:
    fmt = FORMATS.get(PurePath(filename).suffix.lower())
    if fmt is None:
        raise ImportFailed(
            [
                _("Unknown file type '%(name)s'. Use .csv, .xlsx, .px or .json (JSON-stat).")
                % {"name": filename}
            ]
        )
    return fmt


def import_file(
    data: bytes, *, fmt: str, acting_user: User | None, source_label: str, indicator_code: str = ""
) -> ImportResult:
    """Import one file of the given format (csv, xlsx, px, jsonstat), all or nothing.

    The bytes pass core.uploads' guard first (size, type by content), whatever the file's name says.
    """
    try:
        check_upload(data, "xlsx" if fmt == "xlsx" else "text")
    except UploadRejected as exc:
        raise ImportFailed([exc.message]) from exc
    if fmt in ("csv", "xlsx"):
        table = parse_csv(data) if fmt == "csv" else parse_excel(data)
        return write_values(
            table.rows,
            acting_user=acting_user,
            source_label=source_label,
            metas=table.metas.values(),
            parse_errors=table.errors,
            missing=table.missing,
        )
    if fmt in ("px", "jsonstat"):
        cube = (
            parse_px(data, indicator_code=indicator_code)
            if fmt == "px"
            else parse_jsonstat(load_json(data), indicator_code=indicator_code)
        )
        return write_cube(cube, acting_user=acting_user, source_label=source_label)
    raise ImportFailed([_("Unknown format '%(fmt)s'.") % {"fmt": fmt}])


def write_cube(cube: Cube, *, acting_user: User | None, source_label: str) -> ImportResult:
    parsed = cube_rows(cube, source_label=source_label)
    return write_values(
        parsed.rows,
        acting_user=acting_user,
        source_label=source_label,
        metas=parsed.metas,
        parse_errors=parsed.errors,
        missing=parsed.missing,
    )


__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "format_for",
    "import_file",
    "write_cube",
    "write_values",
]
