"""The indicator pages through the HTTP client: list, indicator with charts and tables, edit, import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.core.svg import unsafe_markup
from jamlik.indicators.models import Indicator, Value
from tests.indicators.factories import make_indicator

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "indicators"


def client_for(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_list_shows_indicators_in_few_queries(world: Any, django_assert_num_queries: Any) -> None:
    client = client_for(world, Role.READER)
    indicator = make_indicator("ind-0")
    client.get(reverse("indicators:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("indicators:list"))
    for n in range(1, 3):
        indicator = make_indicator(f"ind-{n}")
        indicator.target_areas.add(world.objects["own_target_area"])
    with django_assert_num_queries(len(one)):  # the count does not grow with the number of indicators
        response = client.get(reverse("indicators:list"))
    html = response.content.decode()
    assert html.count("Förvärvsarbetande 20–64 år") == 3
    assert "Målområde A" in html
    assert "/indikatorer/importera/" not in html  # readers may not import


def test_detail_has_inline_svg_charts_each_followed_by_a_table(world: Any) -> None:
    indicator = make_indicator()
    response = client_for(world, Role.READER).get(indicator.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 3  # subgroups over time, the gap over time, districts compared
    main = html[html.index("<main") :]
    assert "<script" not in main and "<style" not in main and " style=" not in main
    for svg_end in [m.end() for m in re.finditer("</svg>", main)]:
        assert "<table" in main[svg_end : svg_end + 2000]
    # split by sex by default, with the sentence about the gap
    assert ("Kvinnor" in html and "Män" in html) or ("Women" in html and "Men" in html)
    assert html.count('class="trend-sentence"') == 2
    assert "procentenheter" in html or "percentage points" in html


def test_chart_text_that_looks_like_markup_is_shown_as_text(world: Any) -> None:
    """An indicator named like an event handler once made its page a 500 for everyone: the check for
    markup read the chart's text. Text is data: the page answers, the name is escaped in the SVG."""
    indicator = make_indicator()
    indicator.name = 'Andel x" onerror=alert(1) <b>fet</b>'
    indicator.unit = "% onload=1"
    indicator.save()
    response = client_for(world, Role.READER).get(indicator.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>fet</b>" not in html
    assert "onerror=alert(1)" in html  # as text, inside escaped content


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "a <script> element"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect onload="x()"/></svg>', "a onload attribute"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><g style="fill:red"/></svg>', "a style attribute"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<a xlink:href="javascript:x()"><text>t</text></a></svg>',
            "a script link",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><text>x onerror=1 &lt;script&gt;</text></svg>', None),
    ],
)
def test_the_svg_check_reads_elements_and_attributes_not_text(svg: str, problem: str | None) -> None:
    assert unsafe_markup(svg) == problem


def test_detail_can_show_totals_and_other_comparisons(world: Any) -> None:
    indicator = make_indicator()
    client = client_for(world, Role.PARTICIPANT)
    html = client.get(
        indicator.get_absolute_url(), {"jamforelse": "dimension:utbildning", "kon": "T"}
    ).content.decode()
    assert "Låg" in html and "Hög" in html
    assert html.count('class="trend-sentence"') == 1
    assert "30,00" in html and "24,00" in html  # D in the first and last year


def test_detail_shows_the_measures_library_results_when_available(world: Any) -> None:
    pytest.importorskip("jamlik.measures")
    indicator = make_indicator()
    html = (
        client_for(world, Role.READER)
        .get(indicator.get_absolute_url(), {"jamforelse": "dimension:utbildning"})
        .content.decode()
    )
    assert '<th scope="col" class="number">SII</th>' in html


def test_detail_of_indicator_without_values(world: Any) -> None:
    indicator = Indicator.objects.create(code="tom", name="Tom indikator")
    response = client_for(world, Role.READER).get(indicator.get_absolute_url())
    assert response.status_code == 200 and "<svg" not in response.content.decode()


def test_edit_saves_fields_and_links_with_audit(world: Any) -> None:
    indicator = make_indicator()
    area, strategy = world.objects["own_target_area"], world.objects["own_strategy"]
    response = client_for(world, Role.PROCESS_OWNER).post(
        reverse("indicators:edit", args=[indicator.pk]),
        {
            "name": "Sysselsättning",
            "unit": "%",
            "favourable": "on",
            "scale": "100",
            "person_based": "on",
            "target_areas": [area.pk],
            "strategies": [strategy.pk],
            "version": indicator.version,
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Sysselsättning" and indicator.version == 2
    assert list(indicator.target_areas.all()) == [area] and list(indicator.strategies.all()) == [strategy]
    codes = set(AuditEntry.objects.for_object(indicator).values_list("code", flat=True))
    assert {"indicator.changed", "indicator.links_changed"} <= codes


def test_target_area_page_lists_linked_indicators_and_their_trend(world: Any) -> None:
    indicator = make_indicator()
    area = world.objects["own_target_area"]
    indicator.target_areas.add(area)
    html = client_for(world, Role.READER).get(area.get_absolute_url()).content.decode()
    assert indicator.get_absolute_url() in html
    assert "2020–2022" in html


def test_import_page_imports_an_upload(world: Any) -> None:
    client = client_for(world, Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("long.csv", (FIXTURES / "long.csv").read_bytes(), content_type="text/csv")
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert response.status_code == 302
    assert Value.objects.count() == 30
    entry = AuditEntry.objects.get(code="indicator.values_imported")
    assert entry.actor == world.users[Role.ADMINISTRATOR]


def test_import_page_lists_errors_and_imports_nothing(world: Any) -> None:
    client = client_for(world, Role.PROCESS_OWNER)
    upload = SimpleUploadedFile("bad.csv", (FIXTURES / "long_bad.csv").read_bytes())
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert response.status_code == 400
    assert response.content.decode().count("<li>") >= 3
    assert Value.objects.count() == 0


def test_import_page_refuses_large_files(world: Any, settings: Any) -> None:
    settings.JAMLIK_UPLOAD_MAX_BYTES = 10
    client = client_for(world, Role.PROCESS_OWNER)
    upload = SimpleUploadedFile("long.csv", (FIXTURES / "long.csv").read_bytes())
    response = client.post(reverse("indicators:import"), {"file": upload})
    assert response.status_code == 400
    assert Value.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "kind"), [("indicators:template_csv", "text/csv"), ("indicators:template_xlsx", "sheet")]
)
def test_templates_download(world: Any, name: str, kind: str) -> None:
    response = client_for(world, Role.READER).get(reverse(name))
    assert kind in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
