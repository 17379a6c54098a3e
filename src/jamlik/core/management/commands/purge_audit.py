from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from jamlik.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Delete audit entries older than the retention period (JAMLIK_AUDIT_RETENTION_DAYS), and run the "
        "retention of every app that has its own (e.g. casework: thinning of closed plans, the access log)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        table = AuditEntry._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL jamlik.audit_purge = 'on'")
            # Raw SQL on purpose: the model and its queryset refuse deletes for everyone else.
            cursor.execute(f"DELETE FROM {table} WHERE created_at < %s", [cutoff])  # noqa: S608
            deleted = cursor.rowcount
        self.stdout.write(f"Tog bort {deleted} loggposter äldre än {settings.AUDIT_RETENTION_DAYS} dagar.")
        # Apps above core hand their own retention down through their AppConfig.retention_purge().
        for config in apps.get_app_configs():
            purge = getattr(config, "retention_purge", None)
            if purge is not None:
                for line in purge():
                    self.stdout.write(line)
