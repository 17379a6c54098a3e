"""Family-centred work in the browser: every casework page passes axe-core for the people who use it,
and a session that times out mid-edit loses nothing: after logging in again the draft is offered back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.sessions.models import Session

from jamlik.casework.actions import (
    do_add_goal,
    do_add_measure,
    do_give_consent,
    do_rate_life_area,
    do_start_spot_check,
)
from jamlik.casework.defaults import ensure_default_life_areas
from jamlik.casework.models import LifeArea
from tests.browser.conftest import assert_accessible, login
from tests.casework.helpers import Casework, build_casework
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cw(fresh_world: Any) -> Casework:
    ensure_default_life_areas(LifeArea)  # the flush after an earlier transactional test removed them
    cw = build_casework(fresh_world)
    assert cw.plan is not None
    health, network = LifeArea.objects.get(name="Hälsa"), LifeArea.objects.get(name="Nätverk")
    for day, mine, theirs in [(datetime.date(2026, 1, 12), 3, 5), (datetime.date(2026, 4, 6), 6, 6)]:
        for area in (health, network):
            do_rate_life_area(
                cw.plan,
                acting_user=None,
                life_area=area,
                rated_on=day,
                situation="Nuläget",
                participant_rating=mine,
                professional_rating=theirs,
            )
    goal = do_add_goal(cw.plan, acting_user=None, text="Går på psykologbesöken", owner_role="participant")
    do_add_measure(
        cw.plan,
        acting_user=None,
        life_area=health,
        goal=goal,
        title="Remiss till psykolog",
        owner_role="social_worker",
        starts_on=datetime.date(2026, 1, 19),
        ends_on=datetime.date(2026, 5, 1),
    )
    do_give_consent(
        cw.plan,
        acting_user=None,
        from_side="social",
        to_side="labour",
        scope="Anteckningar",
        given_on=datetime.date(2026, 1, 12),
    )
    return cw


def visit(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert_accessible(page)


def test_every_casework_page_passes_axe(page: Any, cw: Casework) -> None:
    assert cw.plan is not None
    pk = cw.plan.pk
    goal = cw.plan.goals.get()
    base = f"/familjearbete/planer/{pk}"
    login(page, "socsek", PASSWORD)
    for path in [
        "/familjearbete/",
        f"{base}/",
        f"{base}/andra/",
        f"{base}/livsomraden/ny/",
        f"{base}/delmal/nytt/",
        f"{base}/delmal/{goal.pk}/status/",
        f"{base}/insatser/ny/",
        f"{base}/moten/nytt/",
        f"{base}/anteckningar/ny/",
        f"{base}/team/lagg-till/",
        f"{base}/samtycken/nytt/",
        f"{base}/uppfoljning/ny/",
        f"{base}/versioner/",
        f"{base}/versioner/overenskommen/",
        f"{base}/avsluta/",
        "/familjearbete/resurser/",
        "/familjearbete/resurser/ny/",
        "/familjearbete/uppfoljning/",
    ]:
        visit(page, path)
    page.context.clear_cookies()
    login(page, "annansek", PASSWORD)
    visit(page, f"{base}/nodatkomst/")
    page.context.clear_cookies()
    check = do_start_spot_check(cw.units["soc"], acting_user=cw.users["chef"], month=datetime.date.today())
    login(page, "chef", PASSWORD)
    for path in [
        f"{base}/atkomstlogg/",
        "/familjearbete/stickprov/",
        f"/familjearbete/stickprov/{check.pk}/",
        "/familjearbete/uppfoljning/inskrivna/",
    ]:
        visit(page, path)


def test_a_session_timeout_mid_edit_offers_the_draft_back(page: Any, cw: Casework) -> None:
    assert cw.plan is not None
    edit = f"/familjearbete/planer/{cw.plan.pk}/andra/"
    login(page, "socsek", PASSWORD)
    visit(page, edit)
    typed = "Uppföljning var fjärde vecka; nästa gång hos konsulenten"
    page.locator("#id_follow_up").fill(typed)
    page.locator("#id_follow_up").press("End")
    status = page.locator("#save-state")
    status.filter(has_text="Sparat").wait_for()
    assert_accessible(page)
    # The session times out on the server while the form is open.
    Session.objects.all().delete()
    page.goto(edit)
    assert "/konto/logga-in/" in page.url
    page.locator("#id_username").fill("socsek")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(edit)
    assert page.get_by_role("heading", name="Du har ett osparat utkast").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Återställ utkastet").click()
    page.wait_for_load_state()
    assert page.locator("#id_follow_up").input_value() == typed
    assert_accessible(page)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert typed in page.content()
