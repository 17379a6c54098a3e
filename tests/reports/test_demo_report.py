"""The demo report (seed 000's follow-up 2015–2018) contains everything, in all three formats."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from pypdf import PdfReader

from jamlik.demo.loader import load_demo
from jamlik.followup.models import ActionPlan, FollowUpRound
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.models import Proposal
from jamlik.reports import pdf_parts, renderers
from jamlik.reports.assembly import assemble_report, selected_processes
from jamlik.reports.models import ReportDefinition
from jamlik.reports.renderers import render_docx, render_html, render_pdf

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _norm(text: str) -> str:
    """PDF text extraction breaks lines and hyphenates; compare on letters and digits only."""
    return re.sub(r"[^0-9a-zåäöéü]", "", text.lower())


@pytest.fixture
def demo(settings: Any) -> ReportDefinition:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return ReportDefinition.objects.get(slug="jnh-2015-2018")


def _expected(definition: ReportDefinition) -> list[str]:
    """Every process, proposal, decision, latest assessment, round, theme and planned action."""
    texts: list[str] = []
    processes = list(selected_processes(definition))
    texts += [p.name for p in processes]
    for proposal in Proposal.objects.filter(process__in=processes).with_current():
        texts.append(proposal.title)
        if proposal.latest_decision:
            texts.append(str(proposal.latest_decision.get_kind_display()))
        if proposal.latest_assessment:
            texts.append(proposal.latest_assessment.assessor_name)
            texts.append(proposal.latest_assessment.assessed_on.isoformat())
    for round_ in FollowUpRound.objects.filter(groups__date__year=2018).distinct():
        texts.append(round_.title)
        for question in round_.questions.all():
            texts += [theme.name for theme in question.themes.all()]
    for plan in ActionPlan.objects.all():
        texts.append(plan.title)
        for theme in plan.themes.all():
            texts += [f"{theme.number}{action.letter}" for action in theme.actions.all()]
    return texts


def test_the_demo_report_contains_everything_in_pdf_and_word(demo: ReportDefinition) -> None:
    assert ChangeProcess.objects.count() >= 5
    content = assemble_report(demo)
    assert content.period_label == "2015–2018"
    expected = _expected(demo)
    html = render_html(content)
    pdf = render_pdf(content)
    pdf_text = _norm(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    document = Document(io.BytesIO(render_docx(content)))
    docx_parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        docx_parts += [cell.text for row in table.rows for cell in row.cells]
    docx_text = _norm(" ".join(docx_parts))
    html_text = _norm(re.sub(r"<[^>]+>", " ", html))
    for label, text in (("html", html_text), ("pdf", pdf_text), ("docx", docx_text)):
        missing = [item for item in expected if _norm(item) not in text]
        assert not missing, f"{label} lacks {missing[:5]}"
    assert "2015" in pdf_text and "2018" in pdf_text
    headings = [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Heading 1" in headings and "Heading 2" in headings
    assert len(document.tables) > 5
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", str(ARTIFACTS / "report.pdf"), str(ARTIFACTS / "report-page")],
            check=True,
        )


def test_the_command_writes_three_files(demo: ReportDefinition, tmp_path: Path) -> None:
    call_command("report", "jnh-2015-2018", out=str(tmp_path / "out"))
    for name in ("report.html", "report.pdf", "report.docx"):
        assert (tmp_path / "out" / name).stat().st_size > 1000


def test_the_command_refuses_a_wrong_slug_or_directory(demo: ReportDefinition, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no-such"):
        call_command("report", "no-such", out=str(tmp_path))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="directory"):
        call_command("report", "jnh-2015-2018", out=str(blocker / "sub"))


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_pdf_laid_out_in_parts_reads_like_the_one_laid_out_whole(
    demo: ReportDefinition, monkeypatch: Any
) -> None:
    """A large report is laid out on two cores; its pages, contents, footers and links must not show it."""
    content = assemble_report(demo)
    html = render_html(content)
    whole = renderers.html_to_pdf(html)

    def refuse(html: str) -> bytes:
        raise AssertionError("laid out in one piece")

    monkeypatch.setattr(pdf_parts, "PARALLEL_MIN_HTML", 0)
    monkeypatch.setattr(pdf_parts, "second_core_free", lambda: True)
    monkeypatch.setattr(renderers, "html_to_pdf", refuse)
    parted = render_pdf(content, html)

    pages = _page_texts(parted)
    assert len(pages) == len(_page_texts(whole)) > 3
    text = _norm(" ".join(pages))
    missing = [item for item in _expected(demo) if _norm(item) not in text]
    assert not missing, f"pdf lacks {missing[:5]}"
    # Every page after the cover has the report's title on top and "page (pages)" at the bottom.
    for number, page in enumerate(pages[1:], start=2):
        assert content.title in page, f"page {number} lacks the running header"
        assert re.search(rf"\b{number} \({len(pages)}\)\s*$", page), f"page {number}: {page[-40:]!r}"
    reader = PdfReader(io.BytesIO(parted))
    destinations = {
        name: reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }
    contents = re.sub(r"\s+", " ", " ".join(page for page in pages if page.startswith("Innehåll")))
    chapters = [(section.title, section.anchor) for depth, section in content.outline() if depth == 1]
    for title, anchor in chapters:
        # The contents list the page the chapter's heading is on, and its link leads there.
        listed = re.search(re.escape(title) + r" ?\.+ ?(\d+)", contents)
        assert listed, f"{title} not in the contents"
        assert int(listed.group(1)) == destinations[anchor]
        assert title in pages[destinations[anchor] - 1]
    links = [
        annotation.get_object()["/Dest"]
        for page in reader.pages[:4]
        for annotation in page.get("/Annots", [])
        if "/Dest" in annotation.get_object()
    ]
    assert {anchor for _, anchor in chapters} <= set(links) <= set(destinations)
    assert reader.root_object["/Lang"] == "sv" and reader.metadata and reader.metadata.title == content.title
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [content.title]
    nested = next(item for item in reader.outline if isinstance(item, list))
    titles = [item.title for item in nested if not isinstance(item, list)]
    assert titles == ["Innehåll", *(title for title, _ in chapters)]
