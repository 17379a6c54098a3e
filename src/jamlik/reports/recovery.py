"""Reports whose worker is gone: failed with a reason the page shows, so that they can be made again.

A report being generated beats every JAMLIK_TASK_HEARTBEAT_SECONDS (``generation``); one that has
not beaten for JAMLIK_TASK_STALE_SECONDS lost its worker. The worker command checks for such reports
when it starts and then periodically, and the status fragment the page polls checks too, so a report
never stays "running" after its worker died, whether or not a worker is started again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.audit import log_action
from jamlik.reports.models import GeneratedReport


def abandoned(now: datetime.datetime | None = None) -> Q:
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=settings.JAMLIK_TASK_STALE_SECONDS)
    return Q(status=GeneratedReport.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


def fail_abandoned_reports(now: datetime.datetime | None = None) -> int:
    """Fail every running report whose worker stopped beating; returns how many."""
    failed = 0
    for pk in GeneratedReport.objects.filter(abandoned(now)).values_list("pk", flat=True):
        with transaction.atomic():
            report = GeneratedReport.objects.select_for_update().filter(abandoned(now), pk=pk).first()
            if report is None:  # it beat, or another process failed it, in the meantime
                continue
            report.status = GeneratedReport.Status.FAILED
            report.error = _(
                "The report was not finished: the background process that was making it stopped "
                "(for example at a restart). Generate it again."
            )
            report.save(update_fields=["status", "error"])
            _fail_its_task(report)
            log_action(
                "report.abandoned",
                actor=None,
                obj=report.definition,
                changes={"report": [report.pk, None], "progress": [report.progress, None]},
            )
            failed += 1
    return failed


def _fail_its_task(report: GeneratedReport) -> None:
    """The queue's own record of the task stays "running" too; it is failed beside the report."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path__endswith="generate_report_task",
        args_kwargs__args=[report.pk],
    ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
