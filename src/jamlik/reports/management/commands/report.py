"""Write a report's HTML, PDF and Word files to a directory: `manage.py report SLUG --out DIR`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.reports.assembly import assemble_report
from jamlik.reports.models import ReportDefinition
from jamlik.reports.renderers import render_docx, render_html, render_pdf


class Command(BaseCommand):
    help = "Generate a follow-up report as report.html, report.pdf and report.docx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, help="Directory to write the files to.")

    def handle(self, *args: Any, slug: str, out: str, **options: Any) -> None:
        definition = ReportDefinition.objects.select_related("unit").filter(slug=slug).first()
        if definition is None:
            raise CommandError(f"No report definition with the short name {slug!r}.")
        directory = Path(out)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create the directory {out}: {error.strerror}.") from None
        if not os.access(directory, os.W_OK):
            raise CommandError(f"Cannot write to the directory {out}.")
        content = assemble_report(definition)
        html = render_html(content)
        files = {
            "report.html": html.encode(),
            "report.pdf": render_pdf(content, html),
            "report.docx": render_docx(content),
        }
        try:
            for name, data in files.items():
                (directory / name).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write to the directory {out}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {', '.join(files)} to {directory}.")
