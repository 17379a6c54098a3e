"""Production checks of our own, run by `manage.py check --deploy`: settings that work on a developer's
machine but lose data or mail in production are refused, not merely warned about."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

# Backends that never deliver a message: they print it, keep it in memory, write it to a file or drop it.
UNDELIVERED_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(deploy=True)
def production_database(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if settings.PRODUCTION and "sqlite" in engine:
        return [
            Error(
                "Production runs on SQLite: one file, one writer at a time, no concurrent editors.",
                hint="Set DATABASE_URL to a PostgreSQL database (postgresql://user@host:5432/name).",
                id="core.E101",
            )
        ]
    return []


@register(deploy=True)
def production_mail(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.PRODUCTION and settings.EMAIL_BACKEND in UNDELIVERED_MAIL:
        return [
            Error(
                f"Production would not send e-mail: {settings.EMAIL_BACKEND} delivers nothing "
                "(password resets, decisions and registration links would be lost).",
                hint="Set DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                "DJANGO_EMAIL_HOST (see docs/operator-guide.md).",
                id="core.E102",
            )
        ]
    return []
