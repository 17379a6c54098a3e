"""Every URL answers each role as the matrix says; a URL without a row fails the meta-test."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.permission_matrix import ALL_ROLES, ANON, ROWS, Row


def _load_rows() -> None:
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".matrix_rows"):
            importlib.import_module(module.name)


_load_rows()

# Namespaces whose URLs belong to another permission system, covered by a representative row.
DELEGATED_NAMESPACES = {"admin"}  # Django admin: staff status plus model permissions, tested via admin:index


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                if namespace in DELEGATED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)
            elif isinstance(pattern, URLPattern):
                names.add(f"{prefix}<unnamed {pattern.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row() -> None:
    covered = {row.url_name for row in ROWS}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def test_every_row_names_a_real_url() -> None:
    assert {
        row.url_name for row in ROWS if row.url_name.split(":")[0] not in DELEGATED_NAMESPACES
    } <= all_url_names()


def send(client: Client, row: Row, url: str, world: Any) -> Any:
    if row.json is not None:
        body = row.json(world) if callable(row.json) else row.json
        return client.generic(row.method, url, data=json.dumps(body), content_type="application/json")
    if row.method == "GET":
        return client.get(url)
    return client.post(url, row.data or {})


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_permission_matrix(row: Row, world: Any) -> None:
    url = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
    wrong = []
    for role in [*ALL_ROLES, ANON]:
        client = Client()
        if role != ANON:
            client.force_login(world.users[role])
        response = send(client, row, url, world)
        if response.status_code != row.expected(role):
            wrong.append(f"{role}: got {response.status_code}, expected {row.expected(role)}")
    assert not wrong, f"{row.method} {url}:\n" + "\n".join(wrong)
