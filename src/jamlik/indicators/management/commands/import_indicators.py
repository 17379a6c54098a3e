"""import_indicators FORMAT PATH: import a file (csv, xlsx, px, jsonstat), or fetch from PxWebApi or Kolada.

For `pxweb` PATH is a table id and --select gives the selection (Variable=code1,code2, repeatable); for
`kolada` PATH is a KPI id with --municipality and --years. Errors are printed in the user's language and
the command exits with status 1; nothing is imported then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jamlik.indicators.importers import ImportFailed, ImportResult, import_file, write_cube, write_values
from jamlik.indicators.importers.apis import fetch_kolada, fetch_pxweb_table

FILE_FORMATS = ("csv", "xlsx", "px", "jsonstat")


class Command(BaseCommand):
    help = "Import indicator values from a file, SCB's PxWebApi v2 or Kolada (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=[*FILE_FORMATS, "pxweb", "kolada"])
        parser.add_argument("path", help="A file; for pxweb a table id, for kolada a KPI id.")
        parser.add_argument("--indicator", default="", help="Indicator code for px/jsonstat/pxweb figures.")
        parser.add_argument("--select", action="append", default=[], help="pxweb: Variable=code1,code2")
        parser.add_argument("--municipality", action="append", default=[], help="kolada: municipality id")
        parser.add_argument("--years", default="", help="kolada: years, e.g. 2020-2024 or 2022,2023")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = self._import(options)
        except ImportFailed as exc:
            raise CommandError(_("Nothing was imported:") + "\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            _(
                "Imported: %(created)s new and %(updated)s changed figures; "
                "%(unchanged)s were already up to date."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )

    def _import(self, options: dict[str, Any]) -> ImportResult:
        fmt, path = options["format"], options["path"]
        if fmt in FILE_FORMATS:
            file = Path(path)
            if not file.is_file():
                raise ImportFailed([_("The file %(path)s does not exist.") % {"path": path}])
            return import_file(
                file.read_bytes(),
                fmt=fmt,
                acting_user=None,
                source_label=file.name,
                indicator_code=options["indicator"],
            )
        if fmt == "pxweb":
            selection = {}
            for item in options["select"]:
                name, _sep, codes = item.partition("=")
                selection[name.strip()] = [c.strip() for c in codes.split(",") if c.strip()]
            cube = fetch_pxweb_table(path, selection)
            if options["indicator"]:
                cube.indicator_code = options["indicator"]
            return write_cube(cube, acting_user=None, source_label=f"PxWebApi {path}")
        meta, rows, missing = fetch_kolada(path, options["municipality"], _years(options["years"]))
        return write_values(
            rows, acting_user=None, source_label=f"Kolada {path}", metas=[meta], missing=missing
        )


def _years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise ImportFailed([_("'%(value)s' is not a list of years.") % {"value": text}]) from exc
