"""Render one assembled report as HTML, PDF (WeasyPrint) and Word (python-docx)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
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

from jamlik.reports.content import BulletList, Figure, Paragraph, RecordList, ReportContent, RichText, Table


def render_html(content: ReportContent) -> str:
    """The standalone document: cover, contents and sections; also the input to the PDF."""
    return render_to_string("reports/document.html", {"content": content, "language": get_language() or "sv"})


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def render_pdf(content: ReportContent) -> bytes:
    return html_to_pdf(render_html(content))


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


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (page number, table of contents) that Word fills in when the document opens."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
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


def _docx_table(document: object, table: Table | RecordList) -> None:
    """A Word table with a repeating header row.

    python-docx builds cells one proxy object at a time, which took seconds for a few thousand rows;
    the body rows are written as XML in one piece instead, with the header cells' widths.
    """
    doc = document
    doc.add_paragraph(table.caption, style="Caption")  # type: ignore[attr-defined]
    word_table = doc.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
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
    if getattr(table, "widths", None):
        section = doc.sections[-1]  # type: ignore[attr-defined]
        available = section.page_width - section.left_margin - section.right_margin
        for n, (cell, share) in enumerate(zip(cells, table.widths, strict=True)):
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
    style = document.styles["Normal"]
    style.font.name = "Calibri"  # type: ignore[attr-defined]
    style.font.size = Pt(10)  # type: ignore[attr-defined]
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
