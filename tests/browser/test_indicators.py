"""A reader browses the demo indicators; an administrator imports a file. Every page passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.indicators.models import Indicator, Value
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "indicators"


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


def test_reader_follows_an_indicator_from_the_target_area(page: Any, demo: None) -> None:
    login(page, "leila", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Indikatorer").click()
    assert_accessible(page)
    assert page.locator("tbody tr").count() == Indicator.objects.count()

    page.get_by_role("link", name="Återstående medellivslängd vid 30 års ålder").click()
    assert_accessible(page)
    assert page.locator(".chart svg").count() == 3
    assert "minskade" in page.locator(".trend-sentence").first.inner_text()

    page.get_by_role("link", name="Utbildningsnivå").click()
    assert_accessible(page)
    assert "Eftergymnasial" in page.locator("main").inner_text()

    page.get_by_role("link", name="Skapa hållbara och jämlika livsmiljöer").first.click()
    assert_accessible(page)
    assert "Återstående medellivslängd" in page.locator("main").inner_text()


def test_administrator_imports_a_file(page: Any, demo: None) -> None:
    login(page, "admin", DEMO_PASSWORD)
    page.goto("/indikatorer/importera/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(FIXTURES / "long_bad.csv"))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "Rad 3" in page.locator(".error-summary").inner_text()

    page.locator("#id_file").set_input_files(str(FIXTURES / "long.csv"))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert Value.objects.filter(indicator__code="sysselsattning").count() == 30
    imported = Indicator.objects.get(code="sysselsattning")
    page.locator(f"a[href='{imported.get_absolute_url()}']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator(".chart svg").count() == 3
