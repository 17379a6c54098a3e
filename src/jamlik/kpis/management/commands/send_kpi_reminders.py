"""E-mail the people who record a key figure when its value for the period just ended is missing.

Run it daily (cron or a systemd timer), like send_wheel_reminders. Each KPI and period is reminded once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jamlik.kpis.actions import send_kpi_reminders


class Command(BaseCommand):
    help = "E-mail reminders for key-figure values that are due and missing; never twice for one period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_kpi_reminders(options.get("date"))
        self.stdout.write(f"{sent} reminder(s) sent")
