"""Re-encrypt every encrypted casework value with the newest key.

Key rotation, step by step:
1. generate a key: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
2. put it first in JAMLIK_CASEWORK_KEYS, keeping the old keys after it, and restart the application;
3. run `manage.py rotate_casework_keys` (safe to run again; each row is its own small transaction);
4. remove the old keys from JAMLIK_CASEWORK_KEYS and restart.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from jamlik.casework.crypto import encrypted_fields, rotate


class Command(BaseCommand):
    help = "Re-encrypt all encrypted casework fields with the newest key in JAMLIK_CASEWORK_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, columns in encrypted_fields():
            table = model._meta.db_table
            pk = str(model._meta.pk.column)  # type: ignore[union-attr]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {connection.ops.quote_name(pk)}, {quoted} FROM {table}")  # noqa: S608
                rows = cursor.fetchall()
            for row_pk, *tokens in rows:
                rotated = [rotate(token) if token else token for token in tokens]
                assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(pk)} = %s",  # noqa: S608
                        [*rotated, row_pk],
                    )
                total += 1
        self.stdout.write(f"Krypterade om {total} rader med den nyaste nyckeln.")
