"""Lay out a large report's PDF on two cores: its chapters in two child processes, the front matter here.

WeasyPrint lays out a document in one thread, and a report with thousands of proposals took most of a
minute. The chapters start on a new page each, so two runs of chapters paginate exactly as they do in the
whole document; only the numbers that span parts need care:

* the footers' "page (pages)": each child reports its page count once its pages are laid out (before the
  margin boxes are drawn) and waits for its first page number and the total from the parent;
* the contents: the parent lays out the cover and the contents itself, first with wide placeholder numbers
  to learn its length, then with the real page numbers the children report for every heading.

The three PDFs are joined with pypdf: the named destinations (the contents' links) point into the joined
pages, and the outline is rebuilt from the report's headings. This module imports no Django in the child,
which receives only HTML strings.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from typing import Any

# Below this much HTML, starting two processes costs more than it saves.
PARALLEL_MIN_HTML = 400_000


# How long second_core_free watches the processors, and how much of a core must stay idle meanwhile.
IDLE_SAMPLE_SECONDS = 0.2
IDLE_CORE_SHARE = 0.8


def _cpu_times() -> tuple[float, float] | None:
    """Idle and total time of all processors since boot (Linux's /proc/stat), or None elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [float(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 5:
        return None
    return fields[3] + fields[4], sum(fields)  # idle + iowait


def idle_cores(seconds: float = IDLE_SAMPLE_SECONDS) -> float | None:
    """How many processors were idle, on average, over the next `seconds` (None if unknown)."""
    before = _cpu_times()
    if before is None:
        return None
    time.sleep(seconds)
    after = _cpu_times()
    if after is None or after[1] <= before[1]:
        return None
    return (os.cpu_count() or 1) * (after[0] - before[0]) / (after[1] - before[1])


def second_core_free() -> bool:
    """Whether a second core is idle now: on a machine already busy, two processes only add overhead.

    The processors are watched for a moment rather than read from the load average, which lags by a
    minute: right after a report laid out on two cores it still counts those two processes, and the
    next report would be refused the core they left. This process is busy asking, so one core of two
    must be nearly idle. Where /proc/stat is missing, the load average decides.
    """
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    idle = idle_cores()
    if idle is not None:
        return idle >= IDLE_CORE_SHARE
    try:
        load = os.getloadavg()[0]
    except OSError:
        return True
    return load < cores - 0.5


@dataclass
class PartResult:
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)
    pdf: bytes = b""


def _render_part(html: str, base_url: str | None, conn: Any) -> None:
    """Child process: lay out one part, learn its numbering from the parent, send back the PDF.

    The page counters are adjusted just before WeasyPrint draws each page's margin boxes, the first
    moment every page of this part is laid out.
    """
    try:
        import weasyprint
        import weasyprint.layout as layout

        original = layout.make_margin_boxes
        numbering: dict[str, int] = {}

        def numbered_margin_boxes(context: Any, page: Any, state: Any) -> Any:
            if not numbering:
                conn.send(("pages", len(context.page_maker) - 1))
                offset, total = conn.recv()
                numbering.update(offset=offset, total=total)
            counters = state[1]
            counters["page"] = [context.current_page + numbering["offset"]]
            counters["pages"] = [numbering["total"]]
            return original(context, page, state)

        layout.make_margin_boxes = numbered_margin_boxes
        document = weasyprint.HTML(string=html, base_url=base_url).render()
        # The anchors first: the parent numbers the contents while this process draws the pages.
        conn.send(("anchors", {name: n for n, page in enumerate(document.pages) for name in page.anchors}))
        conn.send(("done", document.write_pdf()))
    except BaseException as error:  # reported to the parent, which falls back to one process
        conn.send(("error", repr(error)))
    finally:
        conn.close()


def _context() -> Any:
    """Children forked from a server that has WeasyPrint loaded, not from this (threaded) process.

    As with any multiprocessing start method but fork, each child imports the program's main module,
    which must keep its work under `if __name__ == "__main__"` (manage.py, gunicorn and the bench do).
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jamlik.reports.pdf_parts", "weasyprint"])
        return context
    return multiprocessing.get_context("spawn")


class _Child:
    def __init__(self, html: str, base_url: str | None) -> None:
        ctx = _context()
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(target=_render_part, args=(html, base_url, child_conn), daemon=True)
        self.process.start()
        child_conn.close()

    def receive(self, expected: str) -> tuple[Any, ...]:
        message = self.conn.recv()
        if message[0] != expected:
            raise RuntimeError(f"PDF part failed: {message[1:]}")
        return tuple(message[1:])

    def stop(self) -> None:
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def render_in_parts(
    front: Any, parts: list[str], *, base_url: str | None = None
) -> tuple[list[PartResult], PartResult, bytes]:
    """Render `parts` (HTML of whole chapters) in child processes and the front matter here.

    `front(numbers, total)` returns the front matter's HTML for anchor page numbers (None: placeholders)
    and the document's page count (None: a placeholder). Returns the parts, the front and its PDF.
    """
    import weasyprint

    children = [_Child(html, base_url) for html in parts]
    try:
        placeholder = weasyprint.HTML(string=front(None, None), base_url=base_url).render()
        front_pages = len(placeholder.pages)
        counts = [child.receive("pages")[0] for child in children]
        total = front_pages + sum(counts)
        offset = front_pages
        for child, count in zip(children, counts, strict=True):
            child.conn.send((offset, total))
            offset += count
        results = []
        offset = front_pages
        numbers: dict[str, int] = {}
        for child, count in zip(children, counts, strict=True):
            (anchors,) = child.receive("anchors")
            results.append(PartResult(count, anchors))
            numbers |= {name: offset + index + 1 for name, index in anchors.items()}
            offset += count
        document = weasyprint.HTML(string=front(numbers, total), base_url=base_url).render()
        if len(document.pages) != front_pages:
            raise RuntimeError("the contents changed length with its page numbers")
        front_anchors = {name: n for n, page in enumerate(document.pages) for name in page.anchors}
        front_pdf = document.write_pdf()
        for child, result in zip(children, results, strict=True):
            (result.pdf,) = child.receive("done")
        return results, PartResult(front_pages, front_anchors), front_pdf
    finally:
        for child in children:
            child.stop()


def join_pdfs(pdfs: list[bytes], outline: list[tuple[int, str, int]], own_anchors: list[set[str]]) -> bytes:
    """One PDF of the parts' pages; the contents' links and the outline point into the joined pages.

    `outline` lists (depth, title, page index) in reading order; `own_anchors[n]` names the anchors part
    n really holds (the front matter holds stand-ins for the chapters' anchors so its links survive).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    destinations: list[tuple[str, int, list[Any]]] = []
    start = 0
    for n, pdf in enumerate(pdfs):
        reader = PdfReader(io.BytesIO(pdf))
        if n == 0:
            if reader.metadata:
                writer.add_metadata(dict(reader.metadata))
            if "/Lang" in reader.root_object:
                writer._root_object[NameObject("/Lang")] = reader.root_object["/Lang"]
        for name, destination in reader.named_destinations.items():
            index = reader.get_destination_page_number(destination)
            if name in own_anchors[n] and index is not None:
                destinations.append((name, start + index, [destination.left, destination.top]))
        for page in reader.pages:
            writer.add_page(page)
        start += len(reader.pages)
    names = ArrayObject()
    for name, index, (left, top) in sorted(destinations):
        names.append(TextStringObject(name))
        names.append(
            ArrayObject(
                [
                    writer.pages[index].indirect_reference,
                    NameObject("/XYZ"),
                    NullObject() if left is None else left,
                    NullObject() if top is None else top,
                    NumberObject(0),
                ]
            )
        )
    dests = DictionaryObject({NameObject("/Names"): names})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)}
    )
    parents: list[Any] = []
    for depth, title, index in outline:
        del parents[depth - 1 :]
        parent = parents[-1] if parents else None
        parents.append(writer.add_outline_item(title=title, page_number=index, parent=parent))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
