"""On a phone: register for the demo conference with sessions, then cancel through the personal link.

Every page on the way passes axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jamlik.core.models import OrganisationUnit
from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.events.models import Event, Registration, WaitingListEntry
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sv-SE", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_register_with_sessions_then_cancel_on_a_phone(phone: Any, demo: None) -> None:
    page = phone
    conference = Event.objects.get(kind=Event.Kind.CONFERENCE)
    page.goto("/moten/")
    assert_accessible(page)
    page.locator(f"a[href='{conference.get_absolute_url()}']").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator(f"a[href='/moten/{conference.pk}/anmalan/']").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.locator("#id_name").fill("Tove Testare")
    page.locator("#id_email").fill("tove@example.org")
    page.locator("#id_unit").select_option(str(OrganisationUnit.objects.get(code="KOF-BIB").pk))
    question = conference.questions.get(position=1)
    page.locator(f"#id_question_{question.pk}").fill("Vegetarisk")
    chosen = []
    for slot in conference.slots.all():
        session = slot.sessions.order_by("title").last()
        page.locator(f"input[name='slot_{slot.pk}'][value='{session.pk}']").check()
        chosen.append(session.title)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/moten/anmalan/" in page.url
    assert_accessible(page)
    assert "Du är anmäld." in page.locator(".messages").inner_text()
    assert page.locator("#registration-status").inner_text() == "Bekräftad"

    registration = Registration.objects.get(email="tove@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.quota is not None and registration.quota.name == "Stadsdelsförvaltningarna (totalt)"
    assert sorted(s.session.title for s in registration.session_seats.select_related("session")) == sorted(
        chosen
    )
    assert page.locator("#my-sessions li").count() == len(chosen)
    personal_link = page.url

    page.get_by_role("link", name="Avboka min anmälan").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == personal_link
    assert_accessible(page)
    assert page.locator("#registration-status").inner_text() == "Avbokad"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.session_seats.count() == 0

    page.goto(f"/moten/{conference.pk}/tappad-lank/")
    assert_accessible(page)
    page.locator("#id_email").fill("tove@example.org")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_organiser_pages_are_accessible(page: Any, demo: None) -> None:
    conference = Event.objects.get(kind=Event.Kind.CONFERENCE)
    login(page, "admin", DEMO_PASSWORD)
    session = conference.sessions.first()
    entry = WaitingListEntry.objects.filter(event=conference, status=WaitingListEntry.Status.WAITING).first()
    paths = [
        f"/moten/{conference.pk}/",
        f"/moten/{conference.pk}/platser/",
        f"/moten/{conference.pk}/deltagare/",
        f"/moten/{conference.pk}/vantelista/",
        f"/moten/{conference.pk}/meddelande/",
        f"/moten/pass/{session.pk}/deltagare/",
        f"/moten/{conference.pk}/andra/",
        f"/moten/{conference.pk}/kvoter/ny/",
        f"/moten/{conference.pk}/pass/nytt/",
        "/moten/nytt/",
    ]
    if entry is not None:
        paths.append(f"/moten/vantelista/{entry.pk}/flytta/")
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)


def test_evaluation_answer_and_results_pages_are_accessible(page: Any, demo: None) -> None:
    """Answer the demo meeting place's survey through a personal link, then read the results as organiser."""
    import datetime

    from django.utils import timezone

    from jamlik.core.models import User
    from jamlik.events.evaluation import do_update_survey
    from jamlik.events.evaluation_models import Invitation, Response, Survey
    from jamlik.events.models import hash_token

    survey = Survey.objects.get(event__title__startswith="Mötesplats Arbetsmarknad")
    # Reopen the finished survey, and give one person who has not answered a link the test knows.
    do_update_survey(
        survey,
        acting_user=User.objects.get(username="admin"),
        data={"closes_at": timezone.now() + datetime.timedelta(days=7)},
        expected_version=survey.version,
    )
    invitation = Invitation.objects.filter(survey=survey, answered=False).order_by("pk").first()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token("webbtest-lank"))
    responses = Response.objects.filter(survey=survey).count()

    page.goto("/moten/utvardering/webbtest-lank/")
    assert_accessible(page)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Välj ett betyg från 1 till 5." in page.locator("main").inner_text()
    assert_accessible(page)
    overall = survey.questions.get(position=1)
    page.locator(f"input[name='q_{overall.pk}'][value='4']").check()
    page.locator("textarea").first.fill("Bra samtal om uppföljning.")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#survey-state").inner_text() == "Tack! Dina svar är sparade."
    assert_accessible(page)
    assert Response.objects.filter(survey=survey).count() == responses + 1

    login(page, "admin", DEMO_PASSWORD)
    event_pk = survey.event_id
    for path in [
        f"/moten/{event_pk}/utvardering/resultat/",
        f"/moten/{event_pk}/utvardering/",
        f"/moten/{event_pk}/utvardering/skicka/",
        f"/moten/{event_pk}/utvardering/uppfoljning/",
        f"/moten/{event_pk}/utvardering/andra/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.goto(f"/moten/{event_pk}/utvardering/resultat/")
    assert page.locator("table").count() >= 2
    assert page.locator(".chart svg").count() >= 2
