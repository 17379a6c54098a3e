"""Tables and record lists of a report as HTML, built in Python.

A large report has tens of thousands of cells; the template engine's loops, includes and filters per
cell cost more than the rest of the page together, so these two blocks are written here instead.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jamlik.reports.content import RecordList, Table

register = template.Library()


def _text(value: str) -> str:
    """Escaped text with its line breaks kept, like the `linebreaksbr` filter."""
    return escape(value).replace("\n", "<br>")


@register.simple_tag
def report_table(table: Table) -> SafeString:
    head = "".join(f'<th scope="col">{_text(column)}</th>' for column in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{_text(cell)}</th>' if n == 0 else f"<td>{_text(cell)}</td>"
            for n, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    widths = "".join(f'<col style="width: {width}%">' for width in table.widths)
    return mark_safe(  # noqa: S308 - every piece of text above is escaped
        f'<div class="table-wrap"><table class="table report-table">'
        f"<caption>{_text(table.caption)}</caption>"
        + (f"<colgroup>{widths}</colgroup>" if widths else "")
        + f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


@register.simple_tag
def report_records(records: RecordList) -> SafeString:
    """One list item per row: the item's name, then each other value after its column's label.

    Plain text in a single element per item: WeasyPrint lays out a paragraph of plain text several
    times faster than the same text split into table cells or inline elements, which matters for
    appendices with thousands of proposals.
    """
    labels = [f"{escape(column)}: " for column in records.columns[1:]]
    items = "".join(
        f"<li>{_text(row[0])} — "
        + " · ".join(label + _text(value) for label, value in zip(labels, row[1:], strict=True))
        + "</li>"
        for row in records.rows
    )
    return mark_safe(  # noqa: S308 - every piece of text above is escaped
        f'<p class="records-caption">{_text(records.caption)}</p><ol class="records">{items}</ol>'
    )
