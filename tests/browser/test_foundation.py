"""A person logs in, browses the programme, edits a strategy; every page passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.core.context_processors import AREAS
from jamlik.core.models import AuditEntry
from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.goals.models import Strategy
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


def test_process_owner_browses_programme_and_edits_a_strategy(page: Any, demo: None) -> None:
    login(page, "agnes", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Välkommen till Jämlik" or page.url.endswith("/")
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    assert_accessible(page)
    page.get_by_role("link", name="Program för Jämlikt Göteborg 2018–2026").first.click()
    assert_accessible(page)
    assert page.locator("section.card h3").count() == 4
    assert page.locator("ul.strategies li").count() == 26

    page.get_by_role("link", name="Skapa förutsättningar för arbete").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra Verka för livslångt lärande").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Verka för livslångt lärande för alla åldrar")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "Verka för livslångt lärande för alla åldrar" in page.locator("main").inner_text()
    strategy = Strategy.objects.get(name="Verka för livslångt lärande för alla åldrar")
    assert AuditEntry.objects.for_object(strategy).filter(code="strategy.changed").count() == 1


def test_bad_input_is_shown_next_to_the_field(page: Any, demo: None) -> None:
    login(page, "agnes", DEMO_PASSWORD)
    strategy = Strategy.objects.get(name="Öka valdeltagande")
    page.goto(f"/program/strategier/{strategy.pk}/andra/")
    page.locator("#id_name").fill("")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator(".field-error .errors").inner_text().strip() == "Detta fält måste fyllas i."
    strategy.refresh_from_db()
    assert strategy.name == "Öka valdeltagande"


@pytest.mark.parametrize("username", ["admin", "agnes", "omar", "sara", "karin", "jonas", "leila"])
def test_every_demo_user_sees_the_programme(page: Any, demo: None, username: str) -> None:
    login(page, username, DEMO_PASSWORD)
    page.goto("/program/")
    page.get_by_role("link", name="Program för Jämlikt Göteborg 2018–2026").first.click()
    assert page.locator("section.card h3").count() == 4
    assert page.locator("ul.strategies li").count() == 26


def test_every_area_in_the_navigation_has_an_accessible_page(page: Any, demo: None) -> None:
    login(page, "leila", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    hrefs = [link.get_attribute("href") for link in nav.get_by_role("link").all()]
    assert len(hrefs) == len(AREAS) == 11  # every area of the system, the new ones included
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
        assert_accessible(page)
    for path in ["/organisation/enheter/IFO-FH/", "/forandringsprocesser/"]:
        page.goto(path)
        assert_accessible(page)
    page.goto("/forandringsprocesser/")
    page.get_by_role("link", name="Barnfattigdom").click()
    assert_accessible(page)


def test_anonymous_pages_are_accessible(page: Any, demo: None) -> None:
    for path in ["/konto/logga-in/", "/konto/losenord/aterstall/"]:
        page.goto(path)
        assert_accessible(page)
    page.locator("#id_email").fill("agnes@example.org")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
