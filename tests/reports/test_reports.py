"""Report definitions, copying, generation through the pages, failure handling and query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.processes.actions import do_add_process_leader, do_create_process
from jamlik.proposals.actions import do_create_proposal, do_decide_proposal, do_record_assessment
from jamlik.reports import actions, pdf_parts
from jamlik.reports.assembly import assemble_report
from jamlik.reports.models import GeneratedReport, ReportDefinition

pytestmark = pytest.mark.django_db
D = datetime.date


def _definition(world: Any, **extra: Any) -> ReportDefinition:
    fields = {
        "acting_user": None,
        "slug": "rapport-2020",
        "title": "Rapport 2020",
        "period_start": D(2020, 1, 1),
        "period_end": D(2020, 12, 31),
        "unit": world.unit_a,
    } | extra
    return actions.do_create_report_definition(**fields)


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_creating_writes_an_audit_row_and_sanitises_rich_text(world: Any) -> None:
    definition = _definition(
        world, introduction='<p>Hej <script>alert(1)</script><a href="x" onclick="y">l</a></p>'
    )
    assert "<script>" not in definition.introduction and "onclick" not in definition.introduction
    assert "<p>" in definition.introduction
    assert AuditEntry.objects.for_object(definition).get().code == "report_definition.created"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (None, D(2020, 1, 1), "Ange periodens första dag."),
        (D(2020, 1, 1), None, "Ange periodens sista dag."),
        (D(2020, 2, 1), D(2020, 1, 1), "Perioden kan inte sluta innan den börjar."),
    ],
)
def test_a_bad_period_is_refused_in_swedish_and_nothing_is_saved(
    world: Any, start: Any, end: Any, message: str
) -> None:
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        _definition(world, period_start=start, period_end=end)
    assert message in str(error.value)
    assert not ReportDefinition.objects.exists()


def test_the_create_page_shows_the_period_error_and_saves_nothing(world: Any) -> None:
    response = _client(world, Role.PROCESS_OWNER).post(
        reverse("reports:create"),
        {
            "slug": "x",
            "title": "X",
            "period_start": "2020-05-01",
            "period_end": "2020-01-01",
            "unit": world.unit_a.pk,
            "sections": ["processes"],
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "Perioden kan inte sluta innan den börjar." in response.content.decode()
    assert not ReportDefinition.objects.exists()


def test_copying_moves_the_definition_to_a_new_period(world: Any) -> None:
    definition = _definition(world, processes=[world.objects["own_process"]], sections=["processes"])
    response = _client(world, Role.PROCESS_OWNER).post(
        reverse("reports:copy", args=[definition.slug]),
        {
            "slug": "rapport-2021",
            "title": "Rapport 2021",
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
        },
    )
    copy = ReportDefinition.objects.get(slug="rapport-2021")
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert copy.period_start == D(2021, 1, 1) and copy.sections == ["processes"]
    assert list(copy.processes.all()) == [world.objects["own_process"]]
    assert AuditEntry.objects.filter(code="report_definition.copied").count() == 1


def test_generating_from_the_page_keeps_every_version(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    definition = _definition(world)
    client = _client(world, Role.PROCESS_OWNER)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:generate", args=[definition.slug]))
        assert response.status_code == 302
    first, second = GeneratedReport.objects.order_by("pk")
    assert first.status == second.status == GeneratedReport.Status.DONE and second.progress == 100
    assert first.pdf.name != second.pdf.name
    page = client.get(definition.get_absolute_url()).content.decode()
    for report in (first, second):
        assert reverse("reports:download", args=[report.pk, "pdf"]) in page
    download = client.get(reverse("reports:download", args=[first.pk, "docx"]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    status = client.get(reverse("reports:status", args=[definition.slug])).content.decode()
    assert "hx-get" not in status


def test_a_failed_render_keeps_the_earlier_version_and_shows_the_error(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    definition = _definition(world)
    with django_capture_on_commit_callbacks(execute=True):
        good = actions.do_generate_report(definition, acting_user=None)

    def broken(content: Any, html: str) -> bytes:
        raise RuntimeError("typsnitt saknas")

    monkeypatch.setattr("jamlik.reports.generation.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        bad = actions.do_generate_report(definition, acting_user=None)
    bad.refresh_from_db()
    assert bad.status == GeneratedReport.Status.FAILED and "typsnitt saknas" in bad.error
    assert definition.latest_done() == good
    page = _client(world, Role.READER).get(definition.get_absolute_url()).content.decode()
    assert "typsnitt saknas" in page
    assert reverse("reports:download", args=[good.pk, "pdf"]) in page


def _process(world: Any, name: str) -> Any:
    """An active process of unit A from February 2020, linked to its target area."""
    return do_create_process(
        acting_user=None,
        name=name,
        owner_unit=world.unit_a,
        status="active",
        start=D(2020, 2, 1),
        target_areas=[world.objects["own_target_area"]],
    )


def _processes(world: Any, count: int) -> None:
    area = world.objects["own_target_area"]
    leader = world.users[Role.PROCESS_LEADER].person
    for n in range(count):
        process = _process(world, f"Process {count}-{n}")
        do_add_process_leader(process, acting_user=None, person=leader, start=D(2020, 2, 1))
        for m in range(3):
            proposal = do_create_proposal(process, acting_user=None, title=f"F {n}-{m}", target_areas=[area])
            do_decide_proposal(
                proposal, acting_user=None, kind="prioritised", body="Ledningen", decided_on=D(2020, 3, 1)
            )
            do_record_assessment(
                proposal,
                acting_user=None,
                state="partly",
                assessed_on=D(2020, 6, 1),
                assessor_name="Kim",
                assessor_role="Samordnare",
            )


def _count_queries(definition: ReportDefinition) -> tuple[int, int]:
    definition = ReportDefinition.objects.select_related("unit").get(pk=definition.pk)
    with CaptureQueriesContext(connection) as queries:
        content = assemble_report(definition)
    return len(queries), len(content.outline())


def test_the_assembly_query_count_does_not_grow_with_processes(world: Any) -> None:
    definition = _definition(world)
    _processes(world, 2)
    few, _sections = _count_queries(definition)
    _processes(world, 8)
    many, _sections = _count_queries(definition)
    assert few == many, (few, many)


@pytest.mark.parametrize(
    ("cores", "idle", "load", "parallel"),
    [
        (2, 0.95, 1.8, True),  # one core idle right now, though the load average still counts a report
        (2, 0.3, 0.2, False),  # both cores busy right now
        (1, 1.0, 0.0, False),
        (4, 2.4, 3.5, True),
        (2, None, 0.9, True),  # no /proc/stat: the load average decides
        (2, None, 1.8, False),
    ],
)
def test_the_pdf_is_laid_out_on_two_cores_only_when_one_is_free(
    monkeypatch: Any, cores: int, idle: float | None, load: float, parallel: bool
) -> None:
    monkeypatch.setattr(pdf_parts.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(pdf_parts, "idle_cores", lambda: idle)
    monkeypatch.setattr(pdf_parts.os, "getloadavg", lambda: (load, load, load))
    assert pdf_parts.second_core_free() is parallel


def test_idle_cores_reads_the_processors_time() -> None:
    idle = pdf_parts.idle_cores(0.05)
    assert idle is not None and 0.0 <= idle <= (pdf_parts.os.cpu_count() or 1)


def test_long_process_names_are_shortened_in_the_chart_but_kept_apart_and_whole_in_its_table(
    world: Any,
) -> None:
    """Two processes whose names only differ after the label limit get a bar each, shortened labels
    with an ellipsis, and their full names in the chart's table; the HTML holds every chart drawn."""
    import base64
    import re

    from jamlik.reports.renderers import render_html

    common = "Förändringsprocess för jämlik hälsa i stadsdelarna norr om älven"
    for suffix in ("Backa", "Tuve"):
        _process(world, f"{common}, {suffix}")
    definition = ReportDefinition.objects.select_related("unit").get(pk=_definition(world).pk)
    with translation.override("sv"):
        content = assemble_report(definition)
        html = render_html(content)
    timeline = next(f for f in content.figures() if f.spec["encoding"]["y"]["field"] == "process")
    names = [row[0] for row in timeline.table.rows]
    assert f"{common}, Backa" in names and f"{common}, Tuve" in names
    svg = timeline.svg()
    assert svg.count(common[:39] + "…") == 2, "both bars, each labelled with the shortened name"
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert not [label for label in labels if common in label], "no label runs on at full length"
    months = {label.lower() for label in labels}
    assert months & {"mars", "maj", "juni", "juli", "oktober"}, "Swedish month names on the time axis"
    assert not months & {"march", "may", "june", "july", "october"}
    drawn = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(drawn) == len(content.figures())
    assert [base64.b64decode(value).decode() for value in drawn] == [f.svg() for f in content.figures()]
    assert all(figure.stand_in == "" for figure in content.figures())
