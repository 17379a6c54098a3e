"""Lists ask the apps' own view rule for every row, so they never show a row the detail view would hide.

Today everyone logged in reads these objects; to prove the lists follow the rule rather than assume it,
each test narrows the rule to objects of the caller's own units and checks list and detail agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import rules

from jamlik.core.predicates import is_in_owner_unit
from tests.api.helpers import bearer
from tests.followup.helpers import followup_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_units_only() -> Iterator[Any]:
    """Swap a view rule for 'only objects of my units' for the length of one test."""
    swapped: dict[str, Any] = {}

    def narrow(perm: str) -> None:
        swapped[perm] = rules.permissions.permissions[perm]
        rules.set_perm(perm, is_in_owner_unit)

    yield narrow
    for perm, predicate in swapped.items():
        rules.set_perm(perm, predicate)


@pytest.mark.parametrize(
    ("perm", "url", "own_key", "hidden_key", "detail"),
    [
        (
            "processes.view_changeprocess",
            "/api/processes",
            "own_process",
            "other_unit_process",
            "/api/processes/{}",
        ),
        (
            "proposals.view_proposal",
            "/api/proposals",
            "own_proposal",
            "other_unit_proposal",
            "/api/proposals/{}",
        ),
        (
            "followup.view_followupround",
            "/api/followup-rounds",
            "own_round",
            "other_round",
            "/api/followup-rounds/{}",
        ),
    ],
)
def test_a_hidden_row_is_never_listed_and_answers_404(
    world: Any, own_units_only: Any, perm: str, url: str, own_key: str, hidden_key: str, detail: str
) -> None:
    followup_objects(world)
    own, hidden = world.objects[own_key], world.objects[hidden_key]
    client = bearer(world, "process_owner")  # works in unit A
    before = {item["id"] for item in client.get(f"{url}?limit=1000").json()["items"]}
    assert {own.pk, hidden.pk} <= before
    own_units_only(perm)
    body = client.get(f"{url}?limit=1000").json()
    listed = {item["id"] for item in body["items"]}
    assert own.pk in listed
    assert hidden.pk not in listed and body["count"] == len(listed)
    assert client.get(detail.format(hidden.pk)).status_code == 404
    assert client.get(detail.format(hidden.pk)).json() == client.get(detail.format(999_999)).json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/processes/{}",
        "/api/proposals/{}",
        "/api/followup-rounds/{}",
        "/api/indicators/{}",
        "/api/events/{}",
    ],
)
def test_an_id_no_database_could_hold_is_a_404_like_any_other(world: Any, url: str) -> None:
    client = bearer(world, "administrator")
    response = client.get(url.format(2**63))
    assert response.status_code == 404 and response.json() == {"detail": "Hittades inte."}


def test_paging_bounds_are_checked_before_the_database_is_asked(world: Any) -> None:
    client = bearer(world, "reader")
    assert client.get(f"/api/events?offset={2**63}").status_code == 422
    assert client.get("/api/processes?limit=1001").status_code == 422
    everything = client.get("/api/processes").json()
    assert client.get("/api/processes?offset=2").json() == {"items": everything["items"][2:], "count": 3}
