"""Render one assembled report as HTML, PDF (WeasyPrint) and Word (python-docx)."""

from __future__ import annotations

import io
import itertools
import logging
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from typing import TYPE_CHECKING, cast
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt
from lxml import etree

from jamlik.reports import pdf_parts
from jamlik.reports.content import (
    BulletList,
    Figure,
    Paragraph,
    RecordList,
    ReportContent,
    RichText,
    Section,
    Table,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph as DocxParagraph

logger = logging.getLogger(__name__)


def _toc(content: ReportContent, numbers: dict[str, int] | None = None) -> list[tuple[int, Section, int]]:
    """The contents' entries (chapters and their sections) with their page numbers when known."""
    return [
        (depth, section, (numbers or {}).get(section.anchor, 0))
        for depth, section in content.outline()
        if depth <= 2
    ]


def render_html(content: ReportContent) -> str:
    """The standalone document: cover, contents and sections; also the input to the PDF.

    The charts are drawn on a second thread while the template renders (vl-convert releases the GIL
    while it draws): the template writes a stand-in for each chart, replaced once both are done.
    """
    figures = content.figures()
    token = f"chart-{secrets.token_hex(8)}-"  # not guessable, so no text in the report can match it
    with ThreadPoolExecutor(max_workers=1) as pool:
        drawn = [pool.submit(figure.svg) for figure in figures]
        for number, figure in enumerate(figures):
            figure.stand_in = f"{token}{number}"
        try:
            html = render_to_string(
                "reports/document.html",
                {
                    "content": content,
                    "language": get_language() or "sv",
                    "toc": _toc(content),
                    "front": True,
                    "body": True,
                },
            )
        finally:
            for figure in figures:
                figure.stand_in = ""
        for future in drawn:
            future.result()
    stand_in = re.compile(re.escape(token) + r"(\d+)")
    return stand_in.sub(lambda match: figures[int(match[1])].svg_base64, html)


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def render_pdf(content: ReportContent, html: str | None = None) -> bytes:
    """The PDF of `html` (the content's document); a large report is laid out on two cores."""
    html = html or render_html(content)
    if len(html) >= pdf_parts.PARALLEL_MIN_HTML and pdf_parts.second_core_free():
        try:
            return _pdf_in_parts(content, html)
        except Exception:
            logger.warning("Laying out the PDF in parts failed; laying it out in one piece", exc_info=True)
    return html_to_pdf(html)


def _css_string(text: str) -> str:
    """`text` as a CSS string literal that cannot end the style element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


_CHAPTER = '<section class="report-section depth-1" aria-labelledby="'


def _split_chapters(html: str, chapters: int) -> tuple[str, list[str], str] | None:
    """The document's head, its chapters' HTML and its end; None if it does not have the expected shape."""
    starts = [match.start() for match in re.finditer(re.escape(_CHAPTER), html)]
    end = html.rfind("</main>")
    if len(starts) != chapters or not starts or end < starts[-1]:
        return None
    bounds = [*starts, end]
    return (
        html[: html.index("<main>") + len("<main>")],
        [html[a:b] for a, b in itertools.pairwise(bounds)],
        html[end:],
    )


def _pdf_in_parts(content: ReportContent, html: str) -> bytes:
    """The chapters in two halves of similar size in child processes; cover and contents numbered here."""
    split = _split_chapters(html, len(content.sections))
    if split is None or len(content.sections) < 2:
        return html_to_pdf(html)
    head, chapters, end = split
    sizes = list(itertools.accumulate(len(chapter) for chapter in chapters))
    cut = min(range(1, len(chapters)), key=lambda n: abs(2 * sizes[n - 1] - sizes[-1]))
    # Every page of a part shows the running headers and footer, its first one too.
    title = _css_string(content.title)
    part_css = (
        f"@page {{ @top-left {{ content: {title}; }} }}\n"
        f"@page :first {{ @top-left {{ content: {title}; }} @top-right {{ content: string(chapter); }}"
        ' @bottom-center { content: counter(page) " (" counter(pages) ")"; } }\n</style>'
    )
    part_head = head.replace("</style>", part_css, 1)
    parts = [part_head + "".join(chapters[:cut]) + end, part_head + "".join(chapters[cut:]) + end]
    language = get_language() or "sv"

    def front(numbers: dict[str, int] | None, total: int | None) -> str:
        return render_to_string(
            "reports/document.html",
            {
                "content": content,
                "language": language,
                "toc": _toc(content, numbers or {section.anchor: 8888 for _, section in content.outline()}),
                "toc_numbered": True,
                "stand_ins": True,
                "total_pages": total or 8888,
                "front": True,
                "body": False,
            },
        )

    results, front_part, front_pdf = pdf_parts.render_in_parts(front, parts)
    numbers: dict[str, int] = {}
    offset = front_part.pages
    for result in results:
        numbers |= {name: offset + index for name, index in result.anchors.items()}
        offset += result.pages
    stand_ins = {section.anchor for depth, section, _ in _toc(content)}
    outline = [(1, content.title, 0), (2, _("Contents"), front_part.anchors.get("toc-heading", 0))]
    outline += [
        (depth + 1, section.title, numbers.get(section.anchor, 0)) for depth, section in content.outline()
    ]
    return pdf_parts.join_pdfs(
        [front_pdf, *(result.pdf for result in results)],
        outline,
        [set(front_part.anchors) - stand_ins, *(set(result.anchors) for result in results)],
    )


class _TextBlocks(HTMLParser):
    """Sanitised rich text as (style, text) paragraphs for Word: headings, list items and paragraphs."""

    BLOCKS = {"p": "Normal", "h3": "Heading 3", "h4": "Heading 4", "li": "List Bullet", "blockquote": "Quote"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.style = "Normal"
        self.buffer: list[str] = []

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        if text:
            self.blocks.append((self.style, text))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self.style = self.BLOCKS[tag]
        elif tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self.style = "Normal"

    def handle_data(self, data: str) -> None:
        self.buffer.append(data)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (page number, table of contents) that Word fills in when the document opens."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# Characters XML 1.0 cannot hold; python-docx would refuse them too, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _docx_cell(tc_pr: str, text: str) -> str:
    """A table cell's XML: its text as one paragraph, line breaks kept as Word line breaks."""
    lines = _NOT_XML.sub("", text).split("\n")
    runs = "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' for line in lines
    )
    return f"<w:tc>{tc_pr}<w:p>{runs}</w:p></w:tc>"


def _docx_table(document: DocxDocument, table: Table | RecordList) -> None:
    """A Word table with a repeating header row.

    python-docx builds cells one proxy object at a time, which took seconds for a few thousand rows;
    the body rows are written as XML in one piece instead, with the header cells' widths.
    """
    doc = document
    doc.add_paragraph(table.caption, style="Caption")
    word_table = doc.add_table(rows=1, cols=len(table.columns))
    word_table.style = "Table Grid"
    header = word_table.rows[0]
    # Repeat the header row on every page, like the PDF's thead.
    tr_pr = header._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
    cells = header.cells
    for cell, column in zip(cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(column).bold = True
    # A RecordList has no widths: its columns stay equal.
    widths = table.widths if isinstance(table, Table) else []
    section = doc.sections[-1]
    # python-docx's default template sets the page size and margins; without them the columns stay equal.
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if widths and page is not None and left is not None and right is not None:
        available = page - left - right
        for n, (cell, share) in enumerate(zip(cells, widths, strict=True)):
            cell.width = word_table.columns[n].width = Emu(available * share // 100)
    if not table.rows:
        return
    properties = [etree.tostring(cell._tc.tcPr, encoding="unicode") for cell in cells]
    rows = "".join(
        "<w:tr>"
        + "".join(_docx_cell(pr, value) for pr, value in zip(properties, row, strict=True))
        + "</w:tr>"
        for row in table.rows
    )
    word_table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"))


def render_docx(content: ReportContent) -> bytes:
    document = Document()
    # `styles[...]` is typed as any kind of style; "Normal" is a paragraph style.
    style = cast("ParagraphStyle", document.styles["Normal"])
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    section = document.sections[0]
    section.header.paragraphs[0].text = content.title
    _field(section.footer.paragraphs[0], "PAGE")
    document.add_heading(content.title, level=0)
    document.add_paragraph(content.unit)
    document.add_paragraph(f"{_('Period')}: {content.period_start:%Y-%m-%d} – {content.period_end:%Y-%m-%d}")
    document.add_paragraph(f"{_('Generated on')} {content.generated_on:%Y-%m-%d}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(_("Contents"), level=1)
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
    document.add_paragraph(_("Update the table of contents in Word (F9) to fill in page numbers."))
    for depth, report_section in content.outline():
        if depth == 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(report_section.title, level=min(depth, 3))
        for block in report_section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text)
            elif isinstance(block, RichText):
                parser = _TextBlocks()
                parser.feed(block.html)
                parser.close()
                parser._flush()
                for style_name, text in parser.blocks:
                    document.add_paragraph(text, style=style_name)
            elif isinstance(block, BulletList):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table | RecordList):
                _docx_table(document, block)
            elif isinstance(block, Figure):
                document.add_picture(io.BytesIO(block.png()), width=Cm(16))
                document.add_paragraph(f"{block.title}. {block.description}", style="Caption")
                _docx_table(document, block.table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
