"""`manage.py publish_casework_indicator USER --area CODE --area-name NAME`: the yearly share of enrolled
parents offered family-centred work, written as indicator values (counts under five left out)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.casework.publish import INDICATOR, do_publish_offered_share
from jamlik.core.models import User
from jamlik.indicators.importers.base import ImportFailed


class Command(BaseCommand):
    help = "Write the yearly share of enrolled parents offered family-centred work as an indicator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the import is made as (may import indicator values)")
        parser.add_argument("--area", required=True, help="the area's code, e.g. the municipality's 1480")
        parser.add_argument("--area-name", required=True, help="the area's name, e.g. Göteborg")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen aktiv användare heter {options['username']!r}.")
        try:
            result = do_publish_offered_share(
                acting_user=user, area_code=options["area"], area_name=options["area_name"]
            )
        except PermissionDenied as exc:
            raise CommandError(f"{user.username} får inte läsa in indikatorvärden.") from exc
        except ImportFailed as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        if result is None:
            self.stdout.write("Inget år har tillräckligt många (minst fem) erbjudna och inskrivna att visa.")
            return
        self.stdout.write(
            f"Indikatorn {INDICATOR}: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade värden."
        )
