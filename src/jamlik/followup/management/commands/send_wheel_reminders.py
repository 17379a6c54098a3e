"""E-mail the owners of annual-wheel stops that are due within their reminder days.

Run it daily (cron or a systemd timer). Running it twice the same day sends nothing new: each stop
occurrence is reminded once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jamlik.followup.actions import send_wheel_reminders


class Command(BaseCommand):
    help = "E-mail reminders for annual-wheel stops that are due; never twice for the same occurrence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_wheel_reminders(options.get("date"))
        self.stdout.write(f"{sent} reminder(s) sent")
