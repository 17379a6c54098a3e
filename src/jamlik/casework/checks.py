"""Production refuses to run without real casework keys (the development key protects nothing)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def casework_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.PRODUCTION and (settings.CASEWORK_DEVELOPMENT_KEY or not settings.CASEWORK_KEYS):
        errors.append(
            Error(
                "JAMLIK_CASEWORK_KEYS is not set: family plans cannot be encrypted in production.",
                hint="Generate a key with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'` and set JAMLIK_CASEWORK_KEYS (newest first).",
                id="casework.E001",
            )
        )
    for position, key in enumerate(settings.CASEWORK_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(
                Error(
                    f"Key number {position} in JAMLIK_CASEWORK_KEYS is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    id="casework.E002",
                )
            )
    return errors
