"""A reader walks through the skill relatedness pages; an administrator imports a matrix with a preview.
Every page passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jamlik.labour.demo import load_labour_demo
from jamlik.labour.models import Flow, Matrix
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "labour"


@pytest.fixture
def demo(fresh_world: Any) -> Any:
    load_labour_demo()
    return fresh_world


def test_reader_finds_industries_close_to_those_losing_jobs(page: Any, demo: Any) -> None:
    login(page, "reader", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kompetensnärhet").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "Möjliga branscher" in page.locator("main").inner_text()

    page.get_by_role("link", name="Nära dem som förlorar jobbet").click()
    page.wait_for_load_state()
    assert_accessible(page)
    neighbours = page.locator("#neighbours-caption").locator("xpath=..")
    assert "Tillverkning av byggnadsmetallvaror" in neighbours.inner_text()

    page.get_by_role("link", name="Visa dess grannskap i nätverket").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator(".chart svg circle").count() > 1
    links = page.locator("#links-caption").locator("xpath=..").locator("tbody tr").count()
    assert links == page.locator(".chart svg line").count()

    page.get_by_role("link", name="Visa hela nätverket").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.locator(".chart svg circle").count() == 12


def test_administrator_previews_and_imports_a_matrix(page: Any, demo: Any) -> None:
    login(page, "administrator", PASSWORD)
    page.goto("/kompetens/importera/matris/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(FIXTURES / "flows_bad.csv"))
    page.locator("#id_name").fill("Testmatris")
    page.locator("#id_period").fill("2013–2019")
    page.locator("#id_source").fill("Test")
    page.locator("form.upload-form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "Rad 3" in page.locator(".error-summary").inner_text()

    page.locator("#id_file").set_input_files(str(FIXTURES / "flows.csv"))
    page.locator("form.upload-form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "Inget har skrivits ännu" in page.locator(".preview").inner_text()
    assert not Matrix.objects.filter(name="Testmatris").exists()
    page.locator("form.confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert Flow.objects.filter(matrix__name="Testmatris").count() == 6
