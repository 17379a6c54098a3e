"""`manage.py db_worker`: django-tasks-db's worker, which first fails the reports whose worker is gone.

This command takes the place of the package's own (Jämlik's apps come before django_tasks_db in
INSTALLED_APPS); it runs the same worker with the same options. Before it takes its first task, and
then every half stale time on a thread of its own, it fails the reports whose heartbeat stopped
(``reports.recovery``): after a crash and a restart, no report stays "running" for good.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jamlik.reports.recovery import fail_abandoned_reports

log = logging.getLogger(__name__)


def _watch(every: float) -> None:
    stop = threading.Event()
    while not stop.wait(every):
        try:
            failed = fail_abandoned_reports()
            if failed:
                log.warning("Failed %s report(s) whose worker had stopped", failed)
        except Exception:
            log.exception("Checking for abandoned reports failed")
        finally:
            connection.close()


class Command(DatabaseWorkerCommand):
    help = "Runs background tasks (reports); fails reports whose worker stopped, at start and periodically."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = fail_abandoned_reports()
        if failed:
            self.stderr.write(
                f"Failed {failed} report(s) whose worker had stopped; they can be generated again."
            )
        every = max(1.0, settings.JAMLIK_TASK_STALE_SECONDS / 2)
        threading.Thread(target=_watch, args=(every,), name="abandoned-reports", daemon=True).start()
        super().handle(*args, **options)
