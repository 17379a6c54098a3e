"""Report generation off the request (django-tasks with the django-tasks-db backend)."""

from __future__ import annotations

from django_tasks import task

from jamlik.reports.generation import run_generation
from jamlik.reports.models import GeneratedReport


@task()
def generate_report_task(report_id: int) -> str:
    report = GeneratedReport.objects.select_related("definition__unit", "created_by").get(pk=report_id)
    return run_generation(report).status
