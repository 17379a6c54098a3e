"""Delete registrants' answers (dietary and accessibility needs) once their event is far enough behind us.

Each event says how many days after its end the answers are kept (`answer_retention_days`); run this
daily. `--days` overrides the events' own setting.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jamlik.events.actions import do_purge_answers
from jamlik.events.models import Event


class Command(BaseCommand):
    help = "Delete answers to event questions a set number of days after each event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Days after the event (default: per event)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        total = 0
        for event in Event.objects.filter(ends_at__lt=now, answers_purged_at__isnull=True):
            days = options["days"] if options["days"] is not None else event.answer_retention_days
            if event.ends_at + timedelta(days=days) <= now:
                total += do_purge_answers(event)
        self.stdout.write(f"Deleted {total} answers.")
