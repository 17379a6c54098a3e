"""The assembled report: a plain tree of sections, paragraphs, tables and figures.

Built once from the data by `assembly.assemble_report`; the HTML, PDF and Word renderers only walk it,
so the three formats cannot disagree about what the report says.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import get_language

# The number and date formats the charts are drawn in; vl_convert accepts only the locales it knows.
ChartLocale = Literal["sv-SE", "en-US"]


def _chart_locale() -> ChartLocale:
    """The number and date format of the charts: the language the report is assembled in."""
    return "sv-SE" if (get_language() or "sv").startswith("sv") else "en-US"


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class RichText:
    """Sanitised HTML written by the report's editor (introduction, conclusions)."""

    html: str
    kind: str = "rich_text"


@dataclass
class BulletList:
    items: list[str]
    kind: str = "list"


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    kind: str = "table"
    # Relative column widths in per cent (empty: equal); the PDF and Word lay columns out by them.
    widths: list[int] = field(default_factory=list)


@dataclass
class RecordList:
    """Many items of one shape, such as the proposals of an appendix: the first value names each item,
    the others are labelled with their column.

    The PDF and the page show it as a dense list (a table of thousands of rows made the PDF slow and
    long); Word shows it as a table, which is what someone editing the report further wants.
    """

    caption: str
    columns: list[str]
    rows: list[list[str]]
    kind: str = "records"


@dataclass
class Figure:
    """A chart and the table of its data, so the figure says the same to someone who cannot see it."""

    title: str
    description: str
    spec: dict[str, Any]
    table: Table
    kind: str = "figure"
    _svg: str | None = None
    _png: bytes | None = None
    # Set when the figure is made, since the charts may be drawn on another thread (see render_html).
    locale: ChartLocale = field(default_factory=_chart_locale)
    # While the document renders, what the template writes in place of the chart (see render_html).
    stand_in: str = ""

    def svg(self) -> str:
        """The chart for the page and the PDF, drawn once however often the report is rendered."""
        if self._svg is None:
            import vl_convert

            self._svg = vl_convert.vegalite_to_svg(
                self.spec, format_locale=self.locale, time_format_locale=self.locale
            )
        return self._svg

    @property
    def svg_base64(self) -> str:
        return base64.b64encode(self.svg().encode()).decode()

    def png(self) -> bytes:
        if self._png is None:
            import vl_convert

            self._png = vl_convert.vegalite_to_png(
                self.spec, scale=2, format_locale=self.locale, time_format_locale=self.locale
            )
        return self._png


Block = Paragraph | RichText | BulletList | Table | RecordList | Figure


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    anchor: str = ""

    def walk(self) -> list[tuple[int, Section]]:
        """This section and every subsection with its depth, in reading order."""
        found: list[tuple[int, Section]] = [(1, self)]
        for sub in self.subsections:
            found += [(depth + 1, section) for depth, section in sub.walk()]
        return found


@dataclass
class ReportContent:
    title: str
    unit: str
    period_start: datetime.date
    period_end: datetime.date
    generated_on: datetime.date
    sections: list[Section]

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%Y}–{self.period_end:%Y}"

    def outline(self) -> list[tuple[int, Section]]:
        items: list[tuple[int, Section]] = []
        for section in self.sections:
            items += section.walk()
        return items

    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        for _, section in self.outline():
            found += [block for block in section.blocks if isinstance(block, Figure)]
        return found
