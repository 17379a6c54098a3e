"""Screenshots for the Swedish user guide: one page per menu area, opened as the demo role the guide
describes, checked with axe-core and saved to test-artifacts/anvandarguide/<name>.png.

To refresh the guide's pictures, run this file and copy test-artifacts/anvandarguide/*.png to
docs/anvandarguide/bilder/ (see docs/anvandarguide/index.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from jamlik.core.models import User
from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.events.models import Event
from jamlik.goals.models import ManagementModel, Programme
from jamlik.indicators.models import Indicator
from jamlik.processes.models import ChangeProcess
from jamlik.reports.actions import do_generate_report
from jamlik.reports.models import ReportDefinition
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "anvandarguide"
# A laptop screen: big enough to show a page's top, small enough to keep the PNGs light.
VIEWPORT = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Shot:
    name: str  # the PNG's file name, after the guide page it illustrates
    username: str  # the demo user whose view the guide describes
    path: Callable[[], str]  # evaluated after the demo data is loaded
    heading: str  # the page's <h1>, proof that the page rendered


SHOTS = [
    Shot(
        "program",
        "agnes",
        lambda: Programme.objects.get(name="Program för Jämlikt Göteborg").get_absolute_url(),
        "Program för Jämlikt Göteborg 2018–2026",
    ),
    Shot(
        "forandringsprocesser",
        "omar",
        lambda: ChangeProcess.objects.get(name="Familjecentrerat arbetssätt").get_absolute_url(),
        "Familjecentrerat arbetssätt",
    ),
    Shot("forslag-och-beslut", "karin", lambda: reverse("proposals:queue"), "Beslutskö"),
    Shot("uppfoljning", "omar", lambda: reverse("followup:index"), "Uppföljning och lärande"),
    Shot("uppfoljning-arshjul", "agnes", lambda: reverse("followup:wheel"), "Årshjul"),
    Shot(
        "uppfoljning-huset",
        "agnes",
        lambda: ManagementModel.objects.get(unit__code="IFO-FH").get_absolute_url(),
        "Huset – Sektor individ- och familjeomsorg, funktionshinder",
    ),
    Shot(
        "indikatorer",
        "leila",
        lambda: Indicator.objects.get(name="Barn i ekonomiskt utsatta hushåll").get_absolute_url(),
        "Barn i ekonomiskt utsatta hushåll",
    ),
    Shot(
        "moten",
        "jonas",
        lambda: Event.objects.get(title="Jämlikhetskonferensen 2027").get_absolute_url(),
        "Jämlikhetskonferensen 2027",
    ),
    Shot(
        "moten-platsfordelning",
        "agnes",
        lambda: reverse("events:allocation", args=[Event.objects.get(title="Jämlikhetskonferensen 2027").pk]),
        "Platsfördelning",
    ),
    Shot(
        "rapporter",
        "agnes",
        lambda: reverse("reports:detail", args=["jnh-2015-2018"]),
        "Uppföljning Jämlikt Norra Hisingen 2015–2018",
    ),
    Shot("organisation", "leila", lambda: reverse("core:organisation"), "Organisation"),
]


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    # The reports page is shown with a finished version to download, as users mostly see it. Generated
    # here rather than through the button: the tests run tasks at once, and the live server's thread
    # would hold the shared in-memory database for the whole rendering.
    definition = ReportDefinition.objects.get(slug="jnh-2015-2018")
    do_generate_report(definition, acting_user=User.objects.get(username="agnes"))


@pytest.fixture
def screen(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_menu_area_is_photographed_for_the_user_guide(screen: Any, demo: None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    logged_in_as = ""
    for shot in SHOTS:
        if shot.username != logged_in_as:
            screen.context.clear_cookies()
            login(screen, shot.username, DEMO_PASSWORD)
            logged_in_as = shot.username
        response = screen.goto(shot.path())
        assert response is not None and response.status == 200, f"{shot.name}: {screen.url}"
        heading = screen.get_by_role("heading", level=1, name=shot.heading, exact=True)
        assert heading.is_visible(), f"{shot.name}: no heading {shot.heading!r} on {screen.url}"
        assert_accessible(screen)
        target = SCREENSHOTS / f"{shot.name}.png"
        screen.screenshot(path=str(target), full_page=False)
        assert target.stat().st_size > 10_000, f"{shot.name}: the screenshot looks empty"
