"""A report whose worker died is failed with a reason, not left "running" for good; a live one is not.

The fault tests run real `manage.py db_worker` processes against the test database (PostgreSQL, where
production runs two workers on two machines): one is killed with SIGKILL in the middle of a report,
and two take 50 queued tasks between them.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jamlik.core.heartbeat import Heartbeat
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.reports import actions
from jamlik.reports.models import GeneratedReport, ReportDefinition
from jamlik.reports.recovery import fail_abandoned_reports

ROOT = Path(__file__).resolve().parents[2]


def _definition(unit: Any) -> ReportDefinition:
    return actions.do_create_report_definition(
        acting_user=None,
        slug="rapport-2020",
        title="Rapport 2020",
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
        unit=unit,
    )


def _running(definition: ReportDefinition, beat_seconds_ago: float) -> GeneratedReport:
    return GeneratedReport.objects.create(
        definition=definition,
        status=GeneratedReport.Status.RUNNING,
        progress=40,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_seconds_ago),
    )


@pytest.mark.django_db
def test_a_report_whose_worker_stopped_beating_is_failed_and_the_page_stops_waiting(
    world: Any, settings: Any
) -> None:
    settings.JAMLIK_TASK_STALE_SECONDS = 45
    definition = _definition(world.unit_a)
    alive = _running(definition, beat_seconds_ago=5)
    client = Client()
    client.force_login(world.users[Role.PROCESS_OWNER])
    status = client.get(reverse("reports:status", args=[definition.slug])).content.decode()
    assert "hx-trigger" in status  # still being made: the page keeps polling
    dead = _running(definition, beat_seconds_ago=120)
    status = client.get(reverse("reports:status", args=[definition.slug])).content.decode()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == GeneratedReport.Status.FAILED
    assert "stannade" in dead.error and "Skapa den igen" in dead.error
    assert alive.status == GeneratedReport.Status.RUNNING
    assert "hx-trigger" not in status and "stannade" in status  # the newest is final: no more polling
    assert AuditEntry.objects.filter(code="report.abandoned").count() == 1
    assert fail_abandoned_reports() == 0  # once only


def test_the_heartbeat_beats_while_the_block_runs_and_stops_after() -> None:
    beats: list[float] = []
    with Heartbeat(lambda: beats.append(time.monotonic()), every=0.05):
        time.sleep(0.3)
    count = len(beats)
    time.sleep(0.15)
    assert count >= 3
    assert len(beats) == count


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(*extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")} | {
        "DATABASE_URL": _database_url(),
        "JAMLIK_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "JAMLIK_TASK_HEARTBEAT_SECONDS": "0.5",
        "JAMLIK_TASK_STALE_SECONDS": "4",
        "JAMLIK_LOG_LEVEL": "ERROR",
    }
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.2"]
    return subprocess.Popen([*command, *extra], cwd=ROOT, env=env)


def _wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_report_leaves_it_failed_and_a_retry_succeeds(
    fresh_world: Any, settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database on PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from jamlik.demo.loader import load_demo

    load_demo()
    definition = ReportDefinition.objects.get(slug="jnh-2015-2018")
    client = Client()
    client.force_login(fresh_world.users[Role.ADMINISTRATOR])
    worker = _worker()
    try:
        client.post(reverse("reports:generate", args=[definition.slug]))
        report = definition.generated.get()
        assert _wait_for(lambda: GeneratedReport.objects.get(pk=report.pk).progress >= 40, 60)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        killed_at = time.monotonic()
        report.refresh_from_db()
        assert report.status == GeneratedReport.Status.RUNNING  # as the kill left it
        worker = _worker()
        assert _wait_for(
            lambda: GeneratedReport.objects.get(pk=report.pk).status == GeneratedReport.Status.FAILED, 60
        )
        assert time.monotonic() - killed_at < 60
        client.post(reverse("reports:generate", args=[definition.slug]))  # the retry, from the page
        retry = definition.generated.exclude(pk=report.pk).get()
        assert _wait_for(lambda: GeneratedReport.objects.get(pk=retry.pk).status == "done", 120)
        page = client.get(definition.get_absolute_url()).content.decode()
        assert reverse("reports:download", args=[retry.pk, "pdf"]) in page
    finally:
        worker.kill()
        worker.wait()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_of_50_queued_tasks_exactly_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database on PostgreSQL")
    from django_tasks_db.models import DBTaskResult

    for n in range(50):
        DBTaskResult.objects.create(
            task_path="tests.reports.tasks_for_tests.record_run",
            args_kwargs={"args": [n], "kwargs": {}},
            backend_name="default",
        )
    workers = [_worker("--batch"), _worker("--batch")]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    runs = [entry.changes["n"][1] for entry in AuditEntry.objects.filter(code="test.task_ran")]
    assert sorted(runs) == list(range(50))
    workers_used = {tuple(r.worker_ids) for r in DBTaskResult.objects.all()}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 50
    assert len({w for ids in workers_used for w in ids}) == 2  # both took part
