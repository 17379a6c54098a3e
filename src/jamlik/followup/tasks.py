"""Background tasks (django-tasks): the daily annual-wheel reminders, for deployments that schedule tasks."""

from __future__ import annotations

from django_tasks import task

from jamlik.followup.actions import send_wheel_reminders


@task()
def send_wheel_reminders_task() -> int:
    return send_wheel_reminders()
