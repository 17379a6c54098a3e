from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.core.backup import write_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Path of the archive to write (.tar.gz).")

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        if not archive.parent.is_dir():
            raise CommandError(f"Mappen {archive.parent} finns inte.")
        counts = write_backup(archive)
        self.stdout.write(f"Säkerhetskopia skriven till {archive}: {sum(counts.values())} poster.")
