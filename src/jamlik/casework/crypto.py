"""Encryption at rest of the casework app's free text and identity fields.

Values are encrypted with Fernet (AES-128-CBC with an HMAC) before they reach the database and decrypted
when read. The keys come from the environment only (``JAMLIK_CASEWORK_KEYS``, comma-separated, newest
first; see settings): the newest key encrypts, every listed key can decrypt, so a new key can be put in
front and the rows re-encrypted afterwards with ``manage.py rotate_casework_keys``. No key is ever kept in
the database or the repository.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class CaseworkKeyError(RuntimeError):
    """The configured keys cannot decrypt a stored value (a key was removed before rotating)."""


_cache: dict[tuple[str, ...], MultiFernet] = {}


def keys() -> list[str]:
    return list(settings.CASEWORK_KEYS)


def fernet() -> MultiFernet:
    configured = tuple(keys())
    if not configured:
        raise CaseworkKeyError("JAMLIK_CASEWORK_KEYS is empty: casework data cannot be encrypted")
    found = _cache.get(configured)
    if found is None:
        found = MultiFernet([Fernet(key.encode()) for key in configured])
        _cache[configured] = found
    return found


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise CaseworkKeyError(
            "a stored casework value cannot be decrypted with the configured keys "
            "(keep the old key in JAMLIK_CASEWORK_KEYS until rotate_casework_keys has run)"
        ) from None


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token. Empty text is stored empty; nothing else is in plaintext.

    The column cannot be searched or ordered by its content; that is the point.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return decrypt(value)

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value: Any) -> str:
        value = "" if value is None else str(value)
        return encrypt(value) if value else ""


class EncryptedCharField(EncryptedTextField):
    """An encrypted short text (a name, a personal identity number): a one-line input in forms."""

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields and the names of their columns."""
    from django.apps import apps

    found = []
    for model in apps.get_app_config("casework").get_models():
        columns = [str(f.column) for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if columns:
            found.append((model, columns))
    return found
