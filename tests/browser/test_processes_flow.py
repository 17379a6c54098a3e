"""A proposal's way through the system in the browser, with axe-core on every page.

A process leader records a proposal, a management member decides, the feedback reaches the leader,
an assessor records the implementation, and the process timeline shows it all in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.models import Proposal
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Föräldracaféer på alla öppna förskolor"


@pytest.fixture
def demo(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Other apps' demo parts are not needed here and take long to load.
    monkeypatch.setattr("jamlik.demo.loader.load_events_demo", lambda: 0)
    monkeypatch.setattr("jamlik.demo.loader.load_indicators_demo", lambda: 0)
    load_demo()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context per person, so each logs in on their own."""
    contexts = []

    def make() -> Any:
        context = browser.new_context(locale="sv-SE", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def submit(page: Any) -> None:
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_proposal_decision_feedback_and_assessment(new_page: Any, demo: None) -> None:
    process = ChangeProcess.objects.get(name="Familjecentrerat arbetssätt")

    leader = new_page()
    login(leader, "omar", DEMO_PASSWORD)
    leader.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Förändringsprocesser"
    ).click()
    assert_accessible(leader)
    leader.get_by_role("link", name="Familjecentrerat arbetssätt").click()
    assert_accessible(leader)
    leader.get_by_role("link", name="Nytt förslag").click()
    assert_accessible(leader)
    leader.locator("#id_heading").fill("Föräldraskapsstöd")
    leader.locator("#id_title").fill(TITLE)
    submit(leader)
    proposal = Proposal.objects.get(title=TITLE)
    assert leader.locator("h1").inner_text() == TITLE

    manager = new_page()
    login(manager, "karin", DEMO_PASSWORD)
    nav = manager.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Förslag och beslut").click()
    assert_accessible(manager)
    manager.get_by_role("link", name=TITLE).click()
    assert_accessible(manager)
    manager.get_by_role("link", name="Besluta", exact=True).click()
    assert_accessible(manager)
    manager.locator("#id_kind").select_option("rejected")
    submit(manager)  # a rejection without a motivation is refused, next to the field
    assert manager.locator(".field-error .errors").first.is_visible()
    manager.locator("#id_kind").select_option("prioritised")
    manager.locator("#id_motivation").fill("Ryms i budgeten för föräldrastöd.")
    manager.locator("#id_feedback").fill("Starta i höst på två öppna förskolor och utvidga sedan.")
    submit(manager)
    assert "Prioriterat / godkänt" in manager.locator("main").inner_text()
    assert AuditEntry.objects.for_object(proposal).filter(code="proposal.decided").count() == 1

    leader.goto("/forslag/aterkoppling/")
    assert_accessible(leader)
    assert "Starta i höst på två öppna förskolor" in leader.locator("main").inner_text()
    leader.get_by_role("button", name=f"Markera som läst – {TITLE}").click()
    leader.wait_for_load_state()
    assert_accessible(leader)

    manager.goto(proposal.get_absolute_url())
    manager.get_by_role("link", name="Bedöm genomförandet").click()
    assert_accessible(manager)
    manager.locator("#id_state").select_option("partly")
    manager.locator("#id_comment").fill("Startat på en förskola.")
    submit(manager)
    assert "Delvis genomfört" in manager.locator("main").inner_text()

    manager.goto(process.get_absolute_url())
    assert_accessible(manager)
    items = manager.locator("ol.timeline li").all_inner_texts()
    kinds = [
        next(i for i, text in enumerate(items) if marker in text)
        for marker in (f"Förslag: {TITLE}", f"Beslut om ”{TITLE}”", f"Bedömning av ”{TITLE}”")
    ]
    assert kinds == sorted(kinds)
    pk = process.pk
    for path in (
        "/forslag/beslutade-ej-genomforda/",
        "/forslag/bortglomda/",
        "/forslag/aterkoppling/?alla=1",
        "/forandringsprocesser/?status=active",
        f"/forandringsprocesser/{pk}/status/",
        f"/forandringsprocesser/{pk}/processledare/",
    ):
        manager.goto(path)
        assert_accessible(manager)
    for suffix in ("andra/", "syfte/", "fas/", "aktiviteter/ny/", "deltagare/ny/", "dokument/ny/"):
        leader.goto(f"/forandringsprocesser/{pk}/{suffix}")
        assert_accessible(leader)
    leader.goto(f"/forandringsprocesser/{pk}/deltagare/ny/")
    leader.locator("#id_kind").select_option("citizens")
    submit(leader)  # a citizen group needs a description and a count
    assert leader.locator(".field-error").count() >= 2
