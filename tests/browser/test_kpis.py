"""A reader opens the KPI overview and a KPI page; a process owner enters a value and plans the rhythm.
Every page passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.kpis.models import Kpi
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


def test_kpi_overview_kpi_page_and_entry(page: Any, demo: None) -> None:
    """One test for the whole walk: the demo is loaded once (it is slow to load)."""
    login(page, "leila", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nyckeltal").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator("tbody tr").count() == Kpi.objects.count()
    page.get_by_role("link", name="Senaste värde").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.get_by_role("link", name="Dagar från ansökan till beslut om försörjningsstöd").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator(".chart svg").count() == 1
    assert "Förbättring" in page.locator(".signal-list").inner_text()
    assert page.locator("table tbody tr").count() == 40

    page.goto(Kpi.objects.get(code="ifo-i-arbete-6-man").get_absolute_url())
    assert_accessible(page)
    assert "Fas 2:" in page.locator("main").inner_text()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()

    # A process owner enters a value (refused, in Swedish) and opens the rhythm and import pages.
    login(page, "agnes", DEMO_PASSWORD)
    kpi = Kpi.objects.get(code="sdf-dagar-forslag-beslut")
    page.goto(f"/nyckeltal/{kpi.pk}/varden/")
    assert_accessible(page)
    page.locator("input[type=text]").first.fill("sju")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "inte ett tal" in page.locator(".error-summary").inner_text()

    page.goto("/nyckeltal/rytm/")
    assert_accessible(page)
    page.goto("/nyckeltal/importera/")
    assert_accessible(page)
