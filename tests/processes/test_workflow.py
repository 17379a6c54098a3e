"""The change-process workflow through its actions: each rule holds, and each step writes one audit row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jamlik.core.actions import do_add_membership, do_create_person, do_create_unit
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.processes import actions
from jamlik.processes.models import ChangeProcess, Participant, ProblemType

D = datetime.date


def audit_codes(obj: Any) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).order_by("id").values_list("code", flat=True))


@pytest.fixture
def proposed(world: Any) -> ChangeProcess:
    return actions.do_create_process(
        acting_user=world.users[Role.PROCESS_OWNER],
        name="Ny process",
        owner_unit=world.unit_a,
        purpose="Första syftet",
        start=D(2021, 1, 1),
    )


def answer_criteria(process: ChangeProcess, user: Any) -> None:
    actions.do_update_process(
        process,
        acting_user=user,
        expected_version=process.version,
        data={
            "criterion_sectors": "UTB och IFO",
            "criterion_complex": "Ingen ensam enhet",
            "criterion_equality": "Ja",
        },
    )


def test_create_records_first_purpose_and_status(proposed: ChangeProcess) -> None:
    assert list(proposed.purpose_versions.values_list("purpose", flat=True)) == ["Första syftet"]
    assert list(proposed.status_changes.values_list("status", flat=True)) == ["proposed"]
    assert audit_codes(proposed) == ["changeprocess.created"]


def test_approval_needs_all_three_criteria(world: Any, proposed: ChangeProcess) -> None:
    manager = world.users[Role.MANAGEMENT_MEMBER]
    with pytest.raises(ValidationError, match="urvalskriterier"):
        actions.do_approve_process_start(proposed, acting_user=manager, on=D(2021, 2, 1))
    assert ChangeProcess.objects.get(pk=proposed.pk).status == "proposed"
    answer_criteria(proposed, world.users[Role.PROCESS_OWNER])
    actions.do_approve_process_start(proposed, acting_user=manager, on=D(2021, 2, 1))
    proposed.refresh_from_db()
    assert proposed.status == "approved"
    entry = AuditEntry.objects.for_object(proposed).get(code="changeprocess.approved")
    assert entry.actor == manager
    assert entry.changes["status"] == ["proposed", "approved"]


def test_active_needs_exactly_two_leaders(world: Any, proposed: ChangeProcess) -> None:
    owner = world.users[Role.PROCESS_OWNER]
    answer_criteria(proposed, owner)
    actions.do_approve_process_start(proposed, acting_user=owner, on=D(2021, 2, 1))
    with pytest.raises(ValidationError, match="exakt två"):
        actions.do_change_process_status(proposed, acting_user=owner, status="active", on=D(2021, 3, 1))
    first = do_create_person(acting_user=None, first_name="Ebba", last_name="Ek")
    second = do_create_person(acting_user=None, first_name="Nils", last_name="Al")
    actions.do_add_process_leader(proposed, acting_user=owner, person=first, start=D(2021, 2, 15))
    actions.do_add_process_leader(proposed, acting_user=owner, person=second, start=D(2021, 2, 15))
    actions.do_change_process_status(proposed, acting_user=owner, status="active", on=D(2021, 3, 1))
    proposed.refresh_from_db()
    assert proposed.status == "active"
    third = do_create_person(acting_user=None, first_name="Tova", last_name="Ny")
    with pytest.raises(ValidationError, match="exakt två"):
        actions.do_add_process_leader(proposed, acting_user=owner, person=third, start=D(2021, 4, 1))
    with pytest.raises(ValidationError, match="exakt två"):
        actions.do_change_process_leaders(
            proposed,
            acting_user=owner,
            on=D(2021, 4, 1),
            remove=proposed.current_leaderships(D(2021, 4, 1))[0],
        )
    old = proposed.current_leaderships(D(2021, 4, 1)).get(person=first)
    actions.do_change_process_leaders(proposed, acting_user=owner, on=D(2021, 4, 1), remove=old, add=third)
    assert {str(lead.person) for lead in proposed.current_leaderships(D(2021, 4, 2))} == {
        "Nils Al",
        "Tova Ny",
    }
    old.refresh_from_db()
    assert old.end == D(2021, 3, 31)
    assert audit_codes(proposed).count("changeprocess.leaders_changed") == 1


def test_status_transitions_are_enforced(world: Any) -> None:
    owner = world.users[Role.PROCESS_OWNER]
    process = world.objects["own_process"]
    with pytest.raises(ValidationError):
        actions.do_change_process_status(process, acting_user=owner, status="proposed", on=D(2021, 1, 1))
    actions.do_change_process_status(process, acting_user=owner, status="dormant", on=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="lämnar programmet"):
        actions.do_change_process_status(process, acting_user=owner, status="left", on=D(2021, 2, 1))
    actions.do_change_process_status(
        process, acting_user=owner, status="left", on=D(2021, 2, 1), reason="Egen väg"
    )
    process.refresh_from_db()
    assert process.status == "left"
    assert process.end == D(2021, 2, 1)
    assert [c.status for c in process.status_changes.order_by("on", "id")] == ["active", "dormant", "left"]
    with pytest.raises(ValidationError):
        actions.do_change_process_status(process, acting_user=owner, status="active", on=D(2021, 3, 1))


def test_purpose_history_keeps_every_purpose(world: Any, proposed: ChangeProcess) -> None:
    user = world.users[Role.PROCESS_OWNER]
    with pytest.raises(ValidationError):
        actions.do_change_purpose(proposed, acting_user=user, purpose="Nytt syfte", on=D(2021, 6, 1))
    actions.do_change_purpose(
        proposed, acting_user=user, purpose="Nytt syfte", on=D(2021, 6, 1), reason="Lärdom"
    )
    proposed.refresh_from_db()
    assert proposed.purpose == "Nytt syfte"
    history = list(proposed.purpose_versions.order_by("on").values_list("purpose", "reason"))
    assert history == [("Första syftet", ""), ("Nytt syfte", "Lärdom")]
    assert audit_codes(proposed)[-1] == "changeprocess.purpose_changed"


def test_problem_type_follows_the_two_answers(world: Any) -> None:
    process = world.objects["own_process"]
    assert process.problem_type is None
    for certain, agreed, expected in [
        (True, True, ProblemType.STRUCTURED),
        (False, True, ProblemType.GOALS_AGREED),
        (True, False, ProblemType.KNOWLEDGE_AGREED),
        (False, False, ProblemType.UNSTRUCTURED),
    ]:
        process.knowledge_certain, process.values_agreed = certain, agreed
        assert process.problem_type == expected
        process.save()
        assert list(ChangeProcess.objects.of_problem_type(expected)) == [process]


def test_citizens_are_recorded_as_counted_groups(world: Any) -> None:
    process = world.objects["own_process"]
    user = world.users[Role.PROCESS_LEADER]
    person = world.users[Role.READER].person
    with pytest.raises(ValidationError, match="aldrig med namn"):
        actions.do_add_participant(
            process, acting_user=user, kind="citizens", person=person, group_description="Föräldrar", count=5
        )
    with pytest.raises(ValidationError):
        actions.do_add_participant(process, acting_user=user, kind="citizens", group_description="Föräldrar")
    participant = actions.do_add_participant(
        process, acting_user=user, kind="citizens", group_description="Föräldrar i Brunnsbo", count=12
    )
    assert participant.person is None and participant.count == 12
    assert Participant.objects.filter(process=process).count() == 1
    assert audit_codes(process)[-1] == "changeprocess.participant_added"


def test_phase_change_is_dated_and_says_who_took_part(world: Any) -> None:
    process = world.objects["own_process"]
    user = world.users[Role.PROCESS_LEADER]
    actions.do_change_phase(
        process, acting_user=user, phase="co_design", on=D(2021, 5, 1), with_citizens=True
    )
    process.refresh_from_db()
    assert process.phase == "co_design"
    change = process.phase_changes.get()
    assert change.participant_labels() == ["medarbetare", "invånare/brukare"]
    entry = AuditEntry.objects.for_object(process).get(code="changeprocess.phase_changed")
    assert entry.changes["phase"] == ["", "co_design"]


def test_same_sector_leaders_give_a_warning_not_an_error(world: Any) -> None:
    sector = do_create_unit(acting_user=None, name="Sektor X", code="X", kind="sector", parent=world.unit_a)
    process = actions.do_create_process(
        acting_user=None, name="P", owner_unit=world.unit_a, status="approved"
    )
    for name in ("Ada", "Bo"):
        person = do_create_person(acting_user=None, first_name=name, last_name="S")
        do_add_membership(acting_user=None, person=person, unit=sector, role="staff", start=D(2020, 1, 1))
        actions.do_add_process_leader(process, acting_user=None, person=person, start=D(2020, 1, 1))
    assert process.leaders_from_same_sector()
    client = Client()
    client.force_login(world.users[Role.READER])
    response = client.get(reverse("processes:detail", args=[process.pk]))
    assert response.status_code == 200
    assert "samma sektor" in response.content.decode()


def test_leader_edits_own_process_through_the_page(world: Any) -> None:
    client = Client()
    client.force_login(world.users[Role.PROCESS_LEADER])
    process = world.objects["own_process"]
    url = reverse("processes:activity_create", args=[process.pk])
    response = client.post(
        url,
        {
            "date": "2021-03-04",
            "kind": "workshop",
            "participant_count": "25",
            "description": "Workshop med föräldrar",
        },
    )
    assert response.status_code == 302
    assert process.activities.get().participant_count == 25
    bad = client.post(url, {"date": "inte ett datum", "kind": "workshop", "description": ""})
    assert bad.status_code == 400
    assert process.activities.count() == 1


def test_status_refusal_is_shown_in_swedish(world: Any) -> None:
    client = Client()
    client.force_login(world.users[Role.MANAGEMENT_MEMBER])
    process = world.objects["other_process"]  # active with no leaders
    actions.do_change_process_status(process, acting_user=None, status="dormant", on=D(2021, 1, 1))
    response = client.post(
        reverse("processes:status", args=[process.pk]), {"status": "active", "on": "2021-02-01", "reason": ""}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "exakt två processledare" in content
    process.refresh_from_db()
    assert process.status == "dormant"


def test_process_list_filters_and_counts(world: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(10):
        actions.do_create_process(
            acting_user=None,
            name=f"Extra {i}",
            owner_unit=world.unit_a,
            status="completed",
            start=D(2015, 1, 1),
            end=D(2016, 12, 31),
        )
    client = Client()
    client.force_login(world.users[Role.READER])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("processes:list"))
    assert response.status_code == 200
    assert len(response.context["processes"]) == 13
    response = client.get(reverse("processes:list"), {"status": "completed", "year": "2016"})
    assert len(response.context["processes"]) == 10
    assert dict(response.context["status_counts"])[ChangeProcess.Status.COMPLETED.label] == 10
    response = client.get(reverse("processes:list"), {"year": "2021"})
    assert {p.name for p in response.context["processes"]} == {"Egen process", "Annan process", "Process i B"}


def test_create_and_edit_through_the_pages(world: Any) -> None:
    client = Client()
    client.force_login(world.users[Role.PROCESS_OWNER])
    area = world.objects["own_target_area"]
    sector = world.unit_a.children.get()
    response = client.post(
        reverse("processes:create"),
        {
            "name": "Ny via sidan",
            "owner_unit": world.unit_a.pk,
            "purpose": "Syfte",
            "start": "2021-01-01",
            "end": "2020-01-01",
            "target_areas": [area.pk],
            "sectors": [sector.pk],
            "knowledge_certain": "true",
            "values_agreed": "false",
        },
    )
    assert response.status_code == 400  # the end before the start
    response = client.post(
        reverse("processes:create"),
        {
            "name": "Ny via sidan",
            "owner_unit": world.unit_a.pk,
            "purpose": "Syfte",
            "start": "2021-01-01",
            "target_areas": [area.pk],
            "sectors": [sector.pk],
            "knowledge_certain": "true",
            "values_agreed": "false",
        },
    )
    assert response.status_code == 302
    process = ChangeProcess.objects.get(name="Ny via sidan")
    assert process.problem_type == ProblemType.KNOWLEDGE_AGREED
    assert list(process.sectors.all()) == [sector] and list(process.target_areas.all()) == [area]
    assert process.purpose_versions.get().purpose == "Syfte"
    response = client.post(
        reverse("processes:edit", args=[process.pk]),
        {
            "name": "Nytt namn",
            "start": "2021-01-01",
            "target_areas": [],
            "sectors": [sector.pk],
            "knowledge_certain": "unknown",
            "values_agreed": "false",
            "version": process.version,
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.name == "Nytt namn" and process.problem_type is None and not process.target_areas.exists()
    assert audit_codes(process) == ["changeprocess.created", "changeprocess.changed"]
