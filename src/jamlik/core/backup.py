"""Backup and restore: the whole database as Django fixtures plus the uploaded files, in one archive.

A fixture dump works the same on SQLite and PostgreSQL, so a backup can also move a municipality from
the embedded database to PostgreSQL. The dump runs in one transaction, so it is consistent.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management, serializers
from django.db import connection, transaction
from django.db.models import Model

MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
# Rebuilt by the application itself; restoring them would clash with what migrate creates.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def backed_up_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED_MODELS and not m._meta.proxy]


def model_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def write_backup(path: Path) -> dict[str, int]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for the whole dump (inside a test's transaction the snapshot is already fixed).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        buffer = io.StringIO()
        objects = (obj for model in backed_up_models() for obj in model._default_manager.order_by("pk"))
        serializers.serialize("json", objects, stream=buffer, use_natural_foreign_keys=True)
        counts = model_counts()
    data = buffer.getvalue().encode()
    manifest = json.dumps({"created": time.time(), "counts": counts, "format": 1}).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, payload in [(MANIFEST, manifest), (DATA, data)]:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for file in sorted(media.rglob("*")):
                if file.is_file():
                    archive.add(file, arcname=MEDIA_PREFIX + str(file.relative_to(media)))
    return counts


class RestoreError(Exception):
    pass


def restore_backup(path: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database; refuses to mix it into existing data."""
    if any(count for label, count in model_counts().items() if label != "auth.group"):
        raise RestoreError("Databasen är inte tom. Återställ till en nyskapad, migrerad databas.")
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        data = archive.extractfile(DATA).read()  # type: ignore[union-attr]
        media_members = [m for m in archive.getmembers() if m.name.startswith(MEDIA_PREFIX) and m.isfile()]
        media_root = Path(settings.MEDIA_ROOT)
        for member in media_members:
            target = (media_root / member.name[len(MEDIA_PREFIX) :]).resolve()
            if not target.is_relative_to(media_root.resolve()):
                raise RestoreError(f"Otillåten sökväg i arkivet: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
    from django.contrib.auth.models import Group

    with transaction.atomic():
        Group.objects.all().delete()  # the roles come back from the backup, with their original keys
        fixture = Path(path).with_suffix(".restore.json")
        fixture.write_bytes(data)
        try:
            management.call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink()
    counts = model_counts()
    if counts != manifest["counts"]:
        raise RestoreError("Återställningen gav inte samma antal poster som säkerhetskopian.")
    return counts
