"""Shared personas and objects: every role, plus objects that are 'own' and 'other' for them.

Unit A holds the own programme and processes; unit B is another administration. The process leader
leads process `own_process` and not `other_process`.

The world is built once per test module, as Django's ``setUpTestData`` does for a class: inside an
outer transaction that stays open while the module's tests run, each test in a savepoint of its own
(pytest-django's per-test transaction nests in it) that is rolled back, and each test gets its own
deep copy of the Python objects. Tests that need committed data (``transaction=True``, a live server)
get a world built for them alone, ``fresh_world``.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import DEFAULT_DB_ALIAS, transaction
from django.test.utils import override_settings

from jamlik.core.actions import do_add_membership, do_create_person, do_create_unit
from jamlik.core.models import OrganisationUnit, User
from jamlik.core.roles import Role
from jamlik.goals.actions import (
    do_add_knowledge_item,
    do_add_principle,
    do_add_strategy,
    do_add_target_area,
    do_create_programme,
)
from jamlik.processes.actions import do_add_process_leader, do_create_process
from jamlik.proposals.actions import do_create_proposal, do_decide_proposal

PASSWORD = "Testlösen-123!"

# The live test server (browser tests, API fuzzing) writes a response's headers and its body separately;
# on a kept-alive connection Nagle's algorithm holds the body back until the client's delayed ACK, 40 ms
# later, on every request (measured: 48 ms per request instead of 3). The socket option lifts that.
WSGIRequestHandler.disable_nagle_algorithm = True
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


ROLES = [role.value for role in Role]
START = datetime.date(2020, 1, 1)


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    unit_a: OrganisationUnit | None = None
    unit_b: OrganisationUnit | None = None


def make_user(username: str, role: str | None, unit: OrganisationUnit | None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Testsson",
    )
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    if role == Role.ADMINISTRATOR:
        user.is_staff = True
        user.save()
    if unit is not None:
        person = do_create_person(
            acting_user=None, first_name=user.first_name, last_name="Testsson", user=user
        )
        do_add_membership(acting_user=None, person=person, unit=unit, role="staff", start=START)
    return user


def programme_with_parts(unit: OrganisationUnit, label: str) -> dict[str, Any]:
    programme = do_create_programme(
        acting_user=None, name=f"Program {label}", owner_unit=unit, start_year=2018, end_year=2026
    )
    area = do_add_target_area(programme, acting_user=None, name=f"Målområde {label}", position=1)
    return {
        "programme": programme,
        "target_area": area,
        "strategy": do_add_strategy(area, acting_user=None, name=f"Strategi {label}", position=1),
        "principle": do_add_principle(programme, acting_user=None, name=f"Princip {label}", position=1),
        "knowledge_item": do_add_knowledge_item(
            programme, acting_user=None, kind="strategy", name=f"Kunskap {label}", position=1
        ),
    }


class _ModuleWorld:
    """The world of the running module and the outer transaction that holds it (see the docstring)."""

    def __init__(self) -> None:
        self.world: World | None = None
        self.atomic: Any = None

    def open(self) -> World:
        self.atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
        self.atomic.__enter__()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            self.world = build_world()
        return self.world

    def close(self) -> None:
        """Roll the module's world back (idempotent)."""
        if self.atomic is not None:
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.world = None


_module_world = _ModuleWorld()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in names
        or "live_server" in names
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that commits must not run inside a module's open world transaction: pytest-django runs
    those tests after all others, so the module's world is no longer needed and is rolled back."""
    if _is_transactional(item):
        _module_world.close()


@pytest.fixture(scope="module")
def _world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[_ModuleWorld]:
    with django_db_blocker.unblock():
        _module_world.open()
        try:
            yield _module_world
        finally:
            _module_world.close()


@pytest.fixture
def world(request: pytest.FixtureRequest, _world_of_module: _ModuleWorld, db: Any) -> World:
    if _is_transactional(request.node):
        pytest.fail("A test with transaction=True or a live server needs `fresh_world`, not `world`.")
    if _world_of_module.world is None:  # rolled back for an earlier committing test of this module
        return build_world()
    return copy.deepcopy(_world_of_module.world)


@pytest.fixture
def fresh_world(transactional_db: Any) -> World:
    """The world built for this test alone, committed (for tests with transaction=True or a server)."""
    return build_world()


def build_world() -> World:
    w = World()
    w.unit_a = do_create_unit(acting_user=None, name="Förvaltning A", code="A", kind="administration")
    w.unit_b = do_create_unit(acting_user=None, name="Förvaltning B", code="B", kind="administration")
    sector = do_create_unit(acting_user=None, name="Sektor A1", code="A1", kind="sector", parent=w.unit_a)
    for role in ROLES:
        w.users[role] = make_user(role, role, sector if role != Role.PROCESS_OWNER else w.unit_a)
    own = programme_with_parts(w.unit_a, "A")
    other = programme_with_parts(w.unit_b, "B")
    w.objects = {f"own_{k}": v for k, v in own.items()} | {f"other_{k}": v for k, v in other.items()}
    w.objects["own_process"] = do_create_process(
        acting_user=None, name="Egen process", owner_unit=w.unit_a, status="active", start=START
    )
    w.objects["other_process"] = do_create_process(
        acting_user=None, name="Annan process", owner_unit=w.unit_a, status="active", start=START
    )
    w.objects["other_unit_process"] = do_create_process(
        acting_user=None, name="Process i B", owner_unit=w.unit_b, status="active", start=START
    )
    do_add_process_leader(
        w.objects["own_process"], acting_user=None, person=w.users[Role.PROCESS_LEADER].person, start=START
    )
    _add_proposals(w)
    return w


def _add_proposals(w: World) -> None:
    """Proposals on the own, other and other-unit process; decided ones on the first two give feedback."""
    for key in ("own", "other", "other_unit"):
        w.objects[f"{key}_proposal"] = do_create_proposal(
            w.objects[f"{key}_process"], acting_user=None, title=f"Förslag {key}", submitted_on=START
        )
    for key in ("own", "other"):
        decided = do_create_proposal(
            w.objects[f"{key}_process"], acting_user=None, title=f"Beslutat {key}", submitted_on=START
        )
        decision = do_decide_proposal(
            decided, acting_user=None, kind="prioritised", body="Ledningen", decided_on=START
        )
        w.objects[f"{key}_decided_proposal"] = decided
        w.objects[f"{key}_feedback"] = decision.feedback
