"""The permission matrix: every URL × method × role × object, with the answer each must get.

Each app adds its rows to ROWS (see `tests/<app>/matrix_rows.py`); `tests/test_permission_matrix.py`
runs them all and fails when a URL in the resolver has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jamlik.core.roles import Role

ANON = "anonymous"
ALL_ROLES = [role.value for role in Role]


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    # Builds the URL kwargs from the test world; None for URLs without arguments.
    kwargs: Callable[[Any], dict[str, Any]] | None
    # Expected status per role; roles not named get `default`.
    expect: dict[str, int]
    default: int = 403
    anonymous: int = 302
    data: dict[str, Any] | None = None
    label: str = ""
    # For API rows: a JSON body, or a function of the test world giving one (sent as application/json).
    json: Any = None

    def expected(self, role: str) -> int:
        if role == ANON:
            return self.anonymous
        return self.expect.get(role, self.default)

    @property
    def id(self) -> str:
        return f"{self.url_name}-{self.method}{'-' + self.label if self.label else ''}"


def everyone(status: int = 200) -> dict[str, int]:
    return {role: status for role in ALL_ROLES}


def only(*roles: str, status: int = 200) -> dict[str, int]:
    return {role: status for role in roles}


def obj_pk(key: str) -> Callable[[Any], dict[str, Any]]:
    return lambda world: {"pk": world.objects[key].pk}


def missing_pk() -> Callable[[Any], dict[str, Any]]:
    return lambda world: {"pk": 999_999}


ROWS: list[Row] = []
