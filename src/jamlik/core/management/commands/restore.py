from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.core.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"Filen {archive} finns inte.")
        try:
            counts = restore_backup(archive)
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Återställde {sum(counts.values())} poster från {archive}.")
