"""The labour pages through the HTTP client: every role reads, keepers import with a preview, an
outsider (not logged in) is sent to the login page, and a bad file is refused with its line numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.labour.demo import load_labour_demo
from jamlik.labour.models import Flow, ImportDraft, Industry, Matrix
from jamlik.labour.network import build_network

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "labour"
PAGES = ["labour:overview", "labour:close_to_job_losses", "labour:network"]


def client_for(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.fixture
def demo(world: Any) -> Any:
    load_labour_demo()
    return world


@pytest.mark.parametrize("name", PAGES)
def test_every_role_reads_the_pages(demo: Any, name: str) -> None:
    for role in (Role.READER, Role.PARTICIPANT, Role.ADMINISTRATOR):
        response = client_for(demo, role).get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Neffke" in html and "CC BY 4.0" in html and "Tillväxtanalys" in html
        main = html[html.index("<main") :]
        assert "<script" not in main and "<style" not in main and " style=" not in main


@pytest.mark.parametrize("name", [*PAGES, "labour:import_matrix"])
def test_an_outsider_is_sent_to_log_in(demo: Any, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_overview_lists_possible_industries(demo: Any) -> None:
    html = client_for(demo, Role.READER).get(reverse("labour:overview")).content.decode()
    assert "Demostaden" in html and "Möjliga branscher" in html
    assert "/kompetens/importera/" not in html  # readers may not import


def test_close_to_job_losses_defaults_to_the_largest_loss(demo: Any) -> None:
    html = client_for(demo, Role.READER).get(reverse("labour:close_to_job_losses")).content.decode()
    assert "241 Framställning av järn och stål samt ferrolegeringar" in html
    neighbours = html[html.index('id="neighbours-caption"') :]
    neighbours = neighbours[: neighbours.index("</table>")]
    assert "251 Tillverkning av byggnadsmetallvaror" in neighbours
    assert "873" not in neighbours
    assert re.search(r"\d+ %", neighbours)  # women's and men's shares


def test_network_shows_an_svg_followed_by_its_links_table(demo: Any) -> None:
    client = client_for(demo, Role.READER)
    html = client.get(reverse("labour:network")).content.decode()
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg"') : html.index("</svg>") + 6]
    assert svg.count("<line") > 0 and svg.count("<circle") == 12
    after = html[html.index("</svg>") :]
    assert '<table class="table">' in after[:6000]
    focused = client.get(reverse("labour:network"), {"bransch": "241", "troskel": "0"}).content.decode()
    rows = focused[focused.index('id="links-caption"') :].split("</table>")[0]
    assert rows.count("<tr>") - 1 == focused.split("</svg>")[0].count("<line")
    assert "873" not in focused.split("</svg>")[0]


def test_network_text_is_escaped_data(db: Any) -> None:
    import polars as pl

    symmetric = pl.DataFrame({"a": ["X1"], "b": ["X2"], "sr": [3.0], "sr_norm": [0.5]})
    network = build_network(
        symmetric,
        names={"X1": ('<script>alert("x")</script>', "A"), "X2": ("B & C", "B")},
        employed={"X1": 10},
        threshold=0.0,
    )
    svg = network.svg(title="<b>t</b>", description="d")
    assert "<script" not in svg and "&lt;script&gt;" in svg and "B &amp; C" in svg and "<b>" not in svg


def test_preview_then_confirm_imports_the_matrix(world: Any) -> None:
    client = client_for(world, Role.PROCESS_OWNER)
    upload = SimpleUploadedFile("flows.csv", (FIXTURES / "flows.csv").read_bytes(), content_type="text/csv")
    response = client.post(
        reverse("labour:import_matrix"),
        {
            "file": upload,
            "name": "Testmatris",
            "classification": "sni2007",
            "period": "2019",
            "source": "Test",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Förhandsgranskning" in html and "Inget har skrivits" in html
    assert Matrix.objects.count() == 0 and Flow.objects.count() == 0
    draft = ImportDraft.objects.get()
    other = client_for(world, Role.ADMINISTRATOR).post(reverse("labour:confirm_import", args=[draft.pk]))
    assert other.status_code == 404  # a draft is its uploader's alone
    confirmed = client.post(reverse("labour:confirm_import", args=[draft.pk]))
    assert confirmed.status_code == 302
    assert Flow.objects.count() == 6 and not ImportDraft.objects.exists()
    assert AuditEntry.objects.get(code="labour_matrix.imported").actor == world.users[Role.PROCESS_OWNER]


def test_bad_matrix_is_refused_with_line_numbers_and_nothing_written(world: Any) -> None:
    client = client_for(world, Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("bad.csv", (FIXTURES / "flows_bad.csv").read_bytes())
    response = client.post(
        reverse("labour:import_matrix"),
        {"file": upload, "name": "X", "classification": "sni2007", "period": "2019", "source": "Test"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting lästes in" in html and "Rad 3:" in html and "Rad 7:" in html
    assert not Matrix.objects.exists() and not Industry.objects.exists() and not ImportDraft.objects.exists()


def test_employment_preview_and_confirm(world: Any) -> None:
    client = client_for(world, Role.ADMINISTRATOR)
    upload = SimpleUploadedFile("e.csv", (FIXTURES / "employment.csv").read_bytes())
    response = client.post(reverse("labour:import_employment"), {"file": upload, "classification": "sni2007"})
    assert response.status_code == 200 and "Testkommun" in response.content.decode()
    draft = ImportDraft.objects.get()
    assert client.post(reverse("labour:confirm_import", args=[draft.pk])).status_code == 302
    assert AuditEntry.objects.filter(code="labour_employment.imported").count() == 1


def test_readers_may_not_import(world: Any) -> None:
    client = client_for(world, Role.READER)
    assert client.get(reverse("labour:import_matrix")).status_code == 403
    upload = SimpleUploadedFile("flows.csv", (FIXTURES / "flows.csv").read_bytes())
    response = client.post(reverse("labour:import_matrix"), {"file": upload, "name": "X"})
    assert response.status_code == 403 and not ImportDraft.objects.exists()


def test_pages_without_data_still_answer(world: Any) -> None:
    for name in PAGES:
        assert client_for(world, Role.READER).get(reverse(name)).status_code == 200


def test_template_downloads(world: Any) -> None:
    response = client_for(world, Role.READER).get(reverse("labour:template_matrix"))
    assert "text/csv" in response["Content-Type"] and b"from;to;count" in response.content


def test_significance_filter_keeps_fewer_links(demo: Any) -> None:
    client = client_for(demo, Role.READER)
    url = reverse("labour:network")
    every = client.get(url, {"troskel": "0"}).content.decode()
    assert 'name="saker"' in every  # the demo matrix comes from counts, so it has p-values
    significant = client.get(url, {"troskel": "0", "saker": "1"}).content.decode()
    lines = every.split("</svg>")[0].count("<line")
    assert 0 < significant.split("</svg>")[0].count("<line") <= lines
    assert client.get(reverse("labour:overview"), {"saker": "1"}).status_code == 200


def test_occupations_work_like_industries(world: Any) -> None:
    from jamlik.labour.actions import do_import_employment, do_import_matrix
    from jamlik.labour.importers import EmploymentOptions, MatrixOptions

    names = {"2611": "Advokater", "3411": "Juristassistenter", "5120": "Kockar"}
    flows = "from;to;count;from_name;to_name\n" + "".join(
        f"{a};{b};{n};{names[a]};{names[b]}\n"
        for a, b, n in [("2611", "3411", 40), ("3411", "2611", 30), ("2611", "5120", 2), ("5120", "3411", 3)]
    )
    do_import_matrix(
        flows.encode(),
        acting_user=None,
        filename="ssyk.csv",
        options=MatrixOptions(name="Yrken", classification="ssyk2012", period="2019", source="Test"),
    )
    rows = "area_code;area_name;industry;year;sex;count\n" + "".join(
        f"2180;Testkommun;{code};{year};{sex};{n}\n"
        for code, counts in {"2611": (50, 30), "3411": (20, 35), "5120": (40, 60)}.items()
        for year, total in zip((2020, 2023), counts, strict=True)
        for sex, n in (("K", total // 2), ("M", total - total // 2))
    )
    do_import_employment(
        rows.encode(),
        acting_user=None,
        filename="e.csv",
        options=EmploymentOptions(classification="ssyk2012"),
    )
    matrix = Matrix.objects.get(name="Yrken")
    html = (
        client_for(world, Role.READER)
        .get(
            reverse("labour:close_to_job_losses"), {"matris": matrix.pk, "omrade": "2180", "bransch": "2611"}
        )
        .content.decode()
    )
    neighbours = html[html.index('id="neighbours-caption"') :].split("</table>")[0]
    assert "3411 Juristassistenter" in neighbours  # an occupation that grew, with its SR̃ and sex shares
