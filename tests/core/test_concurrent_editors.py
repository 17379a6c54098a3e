"""Twenty people saving the same few records at the same moment: no save is lost, every stale one is refused.

Runs only on PostgreSQL, where the editors' connections really run in parallel and `save_versioned`'s
row lock and conditional UPDATE are what keeps them apart; SQLite serialises every writer anyway.

The editors append a token to the record's description, each save based on what they last read (as a
person does who edits the text in a form). So a lost update would show as a missing token: the final
text must hold exactly the accepted tokens, in the order of the versions their saves produced.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from jamlik.core.actions import EditConflictError, save_versioned
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.indicators.models import Indicator
from tests.conftest import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EDITORS = 20
RECORDS = 3
SAVES_PER_EDITOR = 5
ROUNDS = 6


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL (set DATABASE_URL)")


@dataclass
class Outcome:
    accepted: list[tuple[int, int, str]] = field(default_factory=list)  # (record pk, new version, token)
    refused: list[tuple[int, int]] = field(default_factory=list)  # (record pk, the stale expected version)
    errors: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_records() -> list[Indicator]:
    return [
        Indicator.objects.create(code=f"ind-{n}", name=f"Indikator {n}", description="")
        for n in range(RECORDS)
    ]


def run_editors(work: Any) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def save_token(pk: int, token: str, outcome: Outcome) -> bool:
    """Read the record, append the token, save against the version read. True when the save was accepted."""
    current = Indicator.objects.get(pk=pk)
    expected = current.version
    try:
        save_versioned(
            current,
            acting_user=None,
            data={"description": current.description + token + ";"},
            expected_version=expected,
            code="indicator.changed",
        )
    except EditConflictError:
        with outcome.lock:
            outcome.refused.append((pk, expected))
        return False
    with outcome.lock:
        outcome.accepted.append((pk, expected + 1, token))
    return True


def assert_nothing_lost(records: list[Indicator], outcome: Outcome) -> None:
    assert not outcome.errors, outcome.errors[:3]
    for record in records:
        final = Indicator.objects.get(pk=record.pk)
        accepted = sorted((v, t) for pk, v, t in outcome.accepted if pk == record.pk)
        versions = [v for v, _t in accepted]
        # One version step per accepted save, with no gap and no version written twice.
        assert versions == list(range(2, final.version + 1))
        # Every accepted change is in the final text, in the order of its version: none was overwritten.
        assert final.description == "".join(f"{t};" for _v, t in accepted)
        # A refused save was stale: another editor's accepted save had already moved past its version.
        for expected in (v for pk, v in outcome.refused if pk == record.pk):
            assert expected + 1 in versions and expected < final.version
    assert AuditEntry.objects.filter(code="indicator.changed").count() == len(outcome.accepted)


def test_twenty_editors_retrying_until_saved_lose_nothing() -> None:
    """Free-running editors who reload and apply their change again after a refusal, as the form asks."""
    records = make_records()
    outcome = Outcome()
    start = threading.Barrier(EDITORS)

    def edit(editor: int) -> None:
        chooser = random.Random(editor)
        try:
            start.wait()
            for save in range(SAVES_PER_EDITOR):
                pk = chooser.choice(records).pk
                while not save_token(pk, f"e{editor}s{save}", outcome):
                    pass
        except BaseException as exc:  # reported by the main thread
            outcome.errors.append(exc)
        finally:
            connections.close_all()

    run_editors(edit)
    assert len(outcome.accepted) == EDITORS * SAVES_PER_EDITOR
    assert_nothing_lost(records, outcome)
    assert outcome.refused, "the editors never collided, so the test proved nothing"


def test_editors_who_read_the_same_version_get_exactly_one_save() -> None:
    """All twenty read, then all save: per record and round one is accepted and the rest refused."""
    records = make_records()
    outcome = Outcome()
    read_done = threading.Barrier(EDITORS)
    round_done = threading.Barrier(EDITORS)

    def edit(editor: int) -> None:
        try:
            for round_number in range(ROUNDS):
                record = records[(editor + round_number) % RECORDS]
                current = Indicator.objects.get(pk=record.pk)
                expected, token = current.version, f"e{editor}r{round_number}"
                read_done.wait()
                try:
                    save_versioned(
                        current,
                        acting_user=None,
                        data={"description": current.description + token + ";"},
                        expected_version=expected,
                        code="indicator.changed",
                    )
                except EditConflictError:
                    with outcome.lock:
                        outcome.refused.append((record.pk, expected))
                else:
                    with outcome.lock:
                        outcome.accepted.append((record.pk, expected + 1, token))
                round_done.wait()
        except BaseException as exc:  # reported by the main thread
            outcome.errors.append(exc)
            read_done.abort()
            round_done.abort()
        finally:
            connections.close_all()

    run_editors(edit)
    assert_nothing_lost(records, outcome)
    winners = Counter(pk for pk, _v, _t in outcome.accepted)
    assert winners == dict.fromkeys((r.pk for r in records), ROUNDS)
    assert len(outcome.refused) == EDITORS * ROUNDS - RECORDS * ROUNDS


def test_twenty_editors_through_the_edit_page() -> None:
    """The same race through the HTTP form: one 302, and nineteen conflict pages that keep the input."""
    user = make_user("redaktor", Role.ADMINISTRATOR, None)
    indicator = make_records()[0]
    clients = []
    for _n in range(EDITORS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(EDITORS)
    statuses: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def edit(editor: int) -> None:
        try:
            form = {
                "name": f"Indikator av redaktör {editor}",
                "description": f"Text från redaktör {editor}",
                "unit": "",
                "source": "",
                "favourable": "on",
                "scale": "",
                "person_based": "on",
                "version": "1",
            }
            start.wait()
            response = clients[editor].post(reverse("indicators:edit", args=[indicator.pk]), form)
            with lock:
                statuses.append((editor, response.status_code, response.content.decode()))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    run_editors(edit)
    assert not errors, errors[:3]
    winners = [editor for editor, status, _html in statuses if status == 302]
    assert len(winners) == 1
    final = Indicator.objects.get(pk=indicator.pk)
    assert final.version == 2
    assert final.description == f"Text från redaktör {winners[0]}"
    for editor, status, html in statuses:
        if editor in winners:
            continue
        assert status == 400
        assert "Någon annan sparade" in html
        assert f"Text från redaktör {editor}" in html  # the refused editor's own text is still in the form
    assert AuditEntry.objects.filter(code="indicator.changed").count() == 1
