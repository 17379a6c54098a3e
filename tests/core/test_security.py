"""Security headers, the audit log's immutability, configuration errors and the deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jamlik.core.audit import log_action
from jamlik.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_headers_on_a_logged_in_page(world: Any) -> None:
    client = Client()
    client.force_login(world.users["reader"])
    response = client.get("/program/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted(world: Any) -> None:
    entry = log_action("test.done", actor=world.users["reader"])
    entry.code = "test.tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(code="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).code == "test.done"


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))} | env
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("url", "fragment"),
    [("mysql://x@localhost/db", "unsupported scheme"), ("postgresql://localhost:5432", "names no database")],
)
def test_a_wrong_database_url_stops_with_one_line(url: str, fragment: str, tmp_path: Path) -> None:
    result = run_manage("check", env={"DATABASE_URL": url, "JAMLIK_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_production_without_database_url_stops_with_one_line(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        env={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 60, "JAMLIK_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DATABASE_URL is not set; production needs a PostgreSQL database URL"
    ]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ" * 2,
        "DJANGO_ALLOWED_HOSTS": "jamlik.example.org",
        "DATABASE_URL": "postgresql://jamlik@db.example.org:5432/jamlik",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "smtp.example.org",
        "JAMLIK_CASEWORK_KEYS": "bm90LWEtcmVhbC1rZXktYnV0LTMyLWJ5dGVzLWxvbmc=",
        "JAMLIK_VAR_DIR": str(tmp_path),
    } | overrides


def test_deploy_check_passes_with_production_settings(tmp_path: Path) -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"DATABASE_URL": "sqlite:///{tmp}/db.sqlite3"}, "core.E101"),
        ({"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "core.E102"),
        ({"DJANGO_EMAIL_BACKEND": ""}, "core.E102"),
    ],
)
def test_deploy_check_refuses_sqlite_and_mail_that_is_never_sent(
    tmp_path: Path, overrides: dict[str, str], code: str
) -> None:
    env = production_env(tmp_path, **{k: v.format(tmp=tmp_path) for k, v in overrides.items()})
    if not env["DJANGO_EMAIL_BACKEND"]:
        del env["DJANGO_EMAIL_BACKEND"]  # the default: the console
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert code in result.stderr


@pytest.mark.django_db
def test_database_refuses_audit_changes_on_postgresql(world: Any) -> None:
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard exists on PostgreSQL; SQLite relies on the model guard")
    entry = log_action("test.done", actor=None)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET code = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).code == "test.done"


@pytest.mark.django_db
def test_retention_purge_deletes_only_old_rows(world: Any, settings: Any) -> None:
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.AUDIT_RETENTION_DAYS = 30
    old = AuditEntry.objects.create(code="old.thing", created_at=timezone.now() - datetime.timedelta(days=31))
    recent = log_action("recent.thing", actor=None)
    call_command("purge_audit", stdout=StringIO())
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
