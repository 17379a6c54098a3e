"""Need to know: only the team and its supervisors see a plan, every access is logged, emergency access
needs a reason and is reviewed, and consent decides what each service sees of the other's notes."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jamlik.casework.actions import SPOT_CHECK_TITLE, do_add_note, do_give_consent, do_start_spot_check
from jamlik.casework.models import AccessLogEntry
from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.followup.models import WheelStop
from tests.casework.helpers import CASE_CODE, Casework


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_unassigned_user_gets_403_and_one_access_log_row(world: Any, cw: Casework) -> None:
    assert cw.plan is not None
    reader = world.users[Role.READER]
    response = client_for(reader).get(cw.plan.get_absolute_url())
    assert response.status_code == 403
    rows = list(AccessLogEntry.objects.filter(plan=cw.plan, user=reader))
    assert len(rows) == 1
    assert (rows[0].relation, rows[0].action, rows[0].section) == ("none", "denied", "overview")


def test_administrators_have_no_access_of_their_own(world: Any, cw: Casework) -> None:
    assert cw.plan is not None
    assert client_for(world.users[Role.ADMINISTRATOR]).get(cw.plan.get_absolute_url()).status_code == 403


def test_team_and_supervisor_read_and_each_read_is_logged(cw: Casework) -> None:
    assert cw.plan is not None
    for name, relation in [
        ("socsek", "team"),
        ("amkons", "team"),
        ("chef", "supervisor"),
        ("amchef", "supervisor"),
    ]:
        response = client_for(cw.users[name]).get(cw.plan.get_absolute_url())
        assert response.status_code == 200, name
        assert cw.plan.case_code in response.content.decode()
        entry = AccessLogEntry.objects.filter(user=cw.users[name]).get()
        assert (entry.relation, entry.action, entry.username) == (relation, "read", name)
        assert entry.unit_id is not None


def test_a_write_is_logged_with_role_and_unit(cw: Casework) -> None:
    assert cw.plan is not None
    url = reverse("casework:meeting_create", args=[cw.plan.pk])
    response = client_for(cw.users["amkons"]).post(url, {"held_on": "2026-02-01", "summary": "Första mötet"})
    assert response.status_code == 302
    entry = AccessLogEntry.objects.get(user=cw.users["amkons"])
    assert (entry.action, entry.section, entry.profession, entry.unit_id) == (
        "write",
        "meetings",
        "labour_consultant",
        cw.units["am"].pk,
    )


def test_supervisors_read_but_do_not_write(cw: Casework) -> None:
    assert cw.plan is not None
    url = reverse("casework:plan_edit", args=[cw.plan.pk])
    assert client_for(cw.users["chef"]).get(url).status_code == 403


def test_only_the_supervisor_sees_who_has_looked(cw: Casework) -> None:
    assert cw.plan is not None
    url = reverse("casework:access_log", args=[cw.plan.pk])
    client_for(cw.users["socsek"]).get(cw.plan.get_absolute_url())
    assert client_for(cw.users["socsek"]).get(url).status_code == 403
    refused = AccessLogEntry.objects.filter(user=cw.users["socsek"], section="access_log").get()
    assert refused.action == "denied"
    page = client_for(cw.users["chef"]).get(url)
    assert page.status_code == 200
    assert "socsek" in page.content.decode()


def test_emergency_access_needs_a_reason_and_appears_in_the_next_spot_check(cw: Casework) -> None:
    assert cw.plan is not None
    outsider = cw.users["annansek"]
    client = client_for(outsider)
    assert client.get(cw.plan.get_absolute_url()).status_code == 403
    url = reverse("casework:emergency", args=[cw.plan.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Barnet är akut sjukt och teamet nås inte"}).status_code == 302
    page = client.get(cw.plan.get_absolute_url())
    assert page.status_code == 200
    assert client.get(reverse("casework:plan_edit", args=[cw.plan.pk])).status_code == 403
    assert client.get(reverse("casework:plan_export", args=[cw.plan.pk])).status_code == 403
    assert AuditEntry.objects.filter(code="casework_emergency.granted", actor=outsider).exists()
    check = do_start_spot_check(cw.units["soc"], acting_user=cw.users["chef"], month=timezone.localdate())
    sampled = list(check.sample.filter(user=outsider))
    assert {e.relation for e in sampled} >= {"emergency", "none"}
    page = client_for(cw.users["chef"]).get(check.get_absolute_url())
    assert page.status_code == 200
    assert "annansek" in page.content.decode()
    response = client_for(cw.users["chef"]).post(
        check.get_absolute_url(), {"outcome": "Nödåtkomsten var befogad.", "found_problems": ""}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(code="casework_spotcheck.completed", actor=cw.users["chef"]).exists()
    check.refresh_from_db()
    assert check.outcome == "Nödåtkomsten var befogad."


def test_emergency_access_is_for_casework_professionals_only(world: Any, cw: Casework) -> None:
    assert cw.plan is not None
    url = reverse("casework:emergency", args=[cw.plan.pk])
    response = client_for(world.users[Role.ADMINISTRATOR]).post(url, {"reason": "Jag vill bara titta lite"})
    assert response.status_code == 403


def test_revoking_consent_hides_the_other_services_notes_at_once(cw: Casework) -> None:
    assert cw.plan is not None
    social = cw.plan.team.get(profession="social_worker")
    do_add_note(cw.plan, acting_user=cw.users["socsek"], member=social, text="Hemlig socialtjänstanteckning")
    consultant = client_for(cw.users["amkons"])
    url = cw.plan.get_absolute_url()
    assert "Hemlig socialtjänstanteckning" not in consultant.get(url).content.decode()
    consent = do_give_consent(
        cw.plan,
        acting_user=cw.users["socsek"],
        from_side="social",
        to_side="labour",
        scope="Anteckningar om arbetsförmåga",
        given_on=datetime.date(2026, 1, 20),
    )
    assert "Hemlig socialtjänstanteckning" in consultant.get(url).content.decode()
    response = client_for(cw.users["socsek"]).post(
        reverse("casework:consent_revoke", args=[cw.plan.pk, consent.pk])
    )
    assert response.status_code == 302
    assert "Hemlig socialtjänstanteckning" not in consultant.get(url).content.decode()
    assert AuditEntry.objects.filter(code="casework_consent.revoked").count() == 1
    assert AccessLogEntry.objects.filter(user=cw.users["socsek"], section="consents", action="write").exists()


def test_a_missing_plan_answers_like_a_refused_one(cw: Casework) -> None:
    assert (
        client_for(cw.users["socsek"]).get(reverse("casework:plan_detail", args=[999_999])).status_code == 403
    )


def test_every_unit_with_plans_has_a_monthly_spot_check_on_its_annual_wheel(cw: Casework) -> None:
    for code in ("soc", "am"):
        stops = WheelStop.objects.filter(unit=cw.units[code], title=SPOT_CHECK_TITLE)
        assert sorted(stops.values_list("month", flat=True)) == list(range(1, 13))


def test_the_start_page_lists_my_plans_in_a_fixed_number_of_queries(
    cw: Casework, django_assert_max_num_queries: Any
) -> None:
    client = client_for(cw.users["socsek"])
    client.get(reverse("casework:index"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("casework:index")).content.decode()
    assert CASE_CODE in page
