"""Follow-up rounds and answers over the API; an anonymous answer stays as unlinkable as in the UI."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session

from jamlik.api.models import ApiToken, IdempotencyRecord
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup.actions import do_update_round
from jamlik.followup.models import Answer, FollowUpRound
from tests.api.helpers import bearer, call
from tests.followup.helpers import followup_objects
from tests.followup.test_anonymity import every_row, mentions

pytestmark = pytest.mark.django_db

SECRET = "Chefen lyssnar aldrig"


@pytest.fixture
def fu(world: Any) -> dict[str, Any]:
    return followup_objects(world)


def _own_answer(fu: dict[str, Any], text: str = SECRET, **extra: Any) -> dict[str, Any]:
    return {
        "group_id": fu["own_group"].pk,
        "answers": [{"question_id": fu["own_question"].pk, "text": text}],
        **extra,
    }


def test_an_anonymous_answer_sent_over_the_api_is_linked_to_nobody(world: Any, fu: Any) -> None:
    user = world.users[Role.PARTICIPANT]
    person = user.person
    client = bearer(world, Role.PARTICIPANT)
    url = f"/api/followup-rounds/{fu['own_round'].pk}/answers"
    before = every_row()

    response = call(client, "POST", url, _own_answer(fu, anonymous=True), HTTP_IDEMPOTENCY_KEY="svar-1")

    # The reply is a count: no id that the caller (or a log of replies) could tie to the answer.
    assert response.status_code == 201 and response.json() == {"count": 1}
    answer = Answer.objects.get(text=SECRET)
    assert answer.is_anonymous and answer.author_id is None
    # Nothing of the request is kept for replays, and no audit row is written.
    assert not IdempotencyRecord.objects.exists()
    after = every_row()
    assert set(after[AuditEntry._meta.label]) == set(before[AuditEntry._meta.label])
    needles = [str(answer.pk), answer.pk.hex, SECRET]
    for label, rows in after.items():
        for pk, values in rows.items():
            if (label == "followup.Answer" and pk == answer.pk) or before.get(label, {}).get(pk) == values:
                continue
            # Only the token's last-used time may change (like the session row in the UI).
            assert label in {ApiToken._meta.label, Session._meta.label}, (label, values)
            assert not mentions(values, needles)
            if label == ApiToken._meta.label:
                changed = {k for k, v in values.items() if before[label][pk][k] != v}
                assert changed == {"last_used_at"}
    assert person.pk not in {values.get("author_id") for values in after["followup.Answer"].values()}


def test_answers_never_show_an_author(world: Any, fu: Any) -> None:
    participant = bearer(world, Role.PARTICIPANT)
    url = f"/api/followup-rounds/{fu['own_round'].pk}/answers"
    assert call(participant, "POST", url, _own_answer(fu, "Med mitt namn")).status_code == 201
    assert Answer.objects.get(text="Med mitt namn").author == world.users[Role.PARTICIPANT].person
    items = bearer(world, Role.PROCESS_OWNER).get(f"{url}?limit=100").json()["items"]
    assert {"id", "question_id", "group_id", "theme_id", "text"} == set(items[0])
    assert "Med mitt namn" in {item["text"] for item in items}


def test_anonymity_asked_for_where_the_round_forbids_it_is_refused(world: Any, fu: Any) -> None:
    round_ = fu["own_round"]
    do_update_round(
        round_, acting_user=world.users["administrator"], data={"allow_anonymous": False}, expected_version=1
    )
    response = call(
        bearer(world, Role.PARTICIPANT),
        "POST",
        f"/api/followup-rounds/{round_.pk}/answers",
        _own_answer(fu, anonymous=True),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "anonymous", "message": "Den här uppföljningsrundan tillåter inte anonyma svar."}
    ]
    assert not Answer.objects.filter(text=SECRET).exists()


def test_the_facilitator_records_one_answer_per_line_and_lists_filter(world: Any, fu: Any) -> None:
    client = bearer(world, Role.PROCESS_OWNER)
    round_ = fu["own_round"]
    second = round_.questions.all()[1]
    body = {
        "group_id": fu["own_group"].pk,
        "answers": [
            {"question_id": fu["own_question"].pk, "text": "Tydliga mål\nBra stämning"},
            {"question_id": second.pk, "text": "Tidsbrist"},
        ],
    }
    created = call(client, "POST", f"/api/followup-rounds/{round_.pk}/recorded-answers", body)
    assert created.status_code == 201
    assert sorted(a["text"] for a in created.json()) == ["Bra stämning", "Tidsbrist", "Tydliga mål"]
    url = f"/api/followup-rounds/{round_.pk}/answers"
    everything = client.get(f"{url}?limit=2").json()
    assert everything["count"] == 5 and len(everything["items"]) == 2  # two from the shared world
    only_second = client.get(f"{url}?question_id={second.pk}").json()
    assert [a["text"] for a in only_second["items"]] == ["Tidsbrist"]
    assert client.get(f"{url}?ungrouped=false").json()["count"] == 1  # the world put one under a theme


def test_an_answer_to_another_rounds_question_is_refused(world: Any, fu: Any) -> None:
    client = bearer(world, Role.PROCESS_OWNER)
    round_ = fu["own_round"]
    body = {
        "group_id": fu["own_group"].pk,
        "answers": [{"question_id": fu["other_question"].pk, "text": "X"}],
    }
    response = call(client, "POST", f"/api/followup-rounds/{round_.pk}/recorded-answers", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Frågan hör inte till den här uppföljningen."
    assert not Answer.objects.filter(text="X").exists()


def test_a_process_owner_creates_rounds_only_in_their_own_units(world: Any, fu: Any) -> None:
    client = bearer(world, Role.PROCESS_OWNER)
    ok = call(
        client,
        "POST",
        "/api/followup-rounds",
        {
            "owner_unit_id": world.unit_a.pk,
            "title": "Vårens uppföljning",
            "questions": ["Vad gick bra?", " "],
        },
    )
    assert ok.status_code == 201
    assert [q["text"] for q in ok.json()["questions"]] == ["Vad gick bra?"]
    assert ok.json()["method_steps"].startswith("Fundera själv")  # the usual method when none is given
    refused = call(client, "POST", "/api/followup-rounds", {"owner_unit_id": world.unit_b.pk, "title": "I B"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "owner_unit"
    assert not FollowUpRound.objects.filter(title="I B").exists()


def test_round_edit_pages_filters_and_refuses_stale_versions(world: Any, fu: Any) -> None:
    client = bearer(world, Role.PROCESS_OWNER)
    round_ = fu["own_round"]
    url = f"/api/followup-rounds/{round_.pk}"
    assert call(client, "PATCH", url, {"version": 1, "title": "Nytt namn"}).json()["version"] == 2
    stale = call(client, "PATCH", url, {"version": 1, "title": "Gammalt"})
    assert stale.status_code == 409 and stale.json()["changed_fields"] == ["title"]
    rounds = client.get(f"/api/followup-rounds?owner_unit_id={world.unit_a.pk}").json()
    assert [r["title"] for r in rounds["items"]] == ["Nytt namn"]
    assert client.get("/api/followup-rounds?is_open=false").json()["count"] == 0
