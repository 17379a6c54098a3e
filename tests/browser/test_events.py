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
