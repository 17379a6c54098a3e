"""The one guard every file import passes before a parser sees the bytes.

An uploaded file is untrusted input that a parser will expand: a small `.xlsx` can unpack to gigabytes
(zip bomb), its XML can define entities that multiply (billion laughs), and a million-row sheet keeps a
worker busy for minutes. So every import first calls `check_upload` (size cap and file type judged by
content, not by name), opens workbooks only through `open_workbook` (ZIP sizes, compression ratio, entry
count, DTDs and formulas checked before openpyxl parses anything, and openpyxl itself on defusedxml),
and counts rows with `limit_rows` / `check_row_count`; `SizeCapUploadHandler` keeps an oversized upload
from being stored in full in the first place. Each refusal is an `UploadRejected` carrying one
sentence in the user's language; nothing has been written at that point.

The limits are settings (see `UploadLimits.from_settings`) so an operator can raise them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

T = TypeVar("T")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
DEFAULT_XLSX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_XLSX_MAX_RATIO = 100
DEFAULT_XLSX_MAX_ENTRIES = 500
# Columns read per sheet row: the import templates have fewer than 20, and a forged sheet dimension
# such as A1:XFD1048576 would otherwise make openpyxl pad every row to 16,384 cells.
MAX_COLUMNS = 64

XLSX_REQUIRED_ENTRIES = ("[Content_Types].xml", "xl/workbook.xml")
# Magic numbers of binary formats people upload by mistake; a text import refuses them by content.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP/Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003 (.xls)"),
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!", "RAR"),
)
# A DTD is how both entity expansion (billion laughs) and external entities (XXE) get into XML; nothing
# in an Office file needs one. A formula cell (<f>) would be imported as a possibly stale cached value.
XML_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
XML_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
XML_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
SCAN_CHUNK = 1024 * 1024


class UploadRejected(Exception):
    """The file was refused before anything was parsed or written; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    xlsx_max_uncompressed_bytes: int = DEFAULT_XLSX_MAX_UNCOMPRESSED_BYTES
    xlsx_max_ratio: int = DEFAULT_XLSX_MAX_RATIO
    xlsx_max_entries: int = DEFAULT_XLSX_MAX_ENTRIES

    @classmethod
    def from_settings(cls) -> UploadLimits:
        """Read the JAMLIK_UPLOAD_* / JAMLIK_IMPORT_MAX_ROWS settings, read anew each time for tests."""
        return cls(
            max_bytes=getattr(settings, "JAMLIK_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES),
            max_rows=getattr(settings, "JAMLIK_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
            xlsx_max_uncompressed_bytes=getattr(
                settings, "JAMLIK_XLSX_MAX_UNCOMPRESSED_BYTES", DEFAULT_XLSX_MAX_UNCOMPRESSED_BYTES
            ),
            xlsx_max_ratio=getattr(settings, "JAMLIK_XLSX_MAX_RATIO", DEFAULT_XLSX_MAX_RATIO),
            xlsx_max_entries=getattr(settings, "JAMLIK_XLSX_MAX_ENTRIES", DEFAULT_XLSX_MAX_ENTRIES),
        )


def validate_upload_field(upload: Any) -> Any:
    """For a form's clean_<file>: the size cap as a form error, so the form shows it beside the field."""
    from django import forms

    try:
        check_declared_size(upload.size)
    except UploadRejected as exc:
        raise forms.ValidationError(exc.message) from exc
    return upload


def limits() -> UploadLimits:
    return UploadLimits.from_settings()


def size_limit_text() -> str:
    """The size cap as people read it ("10,0 MB"), for help texts and messages."""
    return str(filesizeformat(limits().max_bytes))


# ---------------------------------------------------------------- size and type


class SizeCapUploadHandler(FileUploadHandler):
    """Stores an uploaded file only up to one byte past the cap, so a huge upload never fills the disk.

    The request body is still read to its end, but the handlers after this one (memory, temporary file)
    receive no more than cap + 1 bytes; the form then refuses the file as too large. Installed first in
    FILE_UPLOAD_HANDLERS.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.room = limits().max_bytes + 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.room <= 0:
            return None
        kept = raw_data[: self.room]
        self.room -= len(kept)
        return kept

    def file_complete(self, file_size: int) -> None:
        return None


def check_size(data: bytes) -> None:
    check_declared_size(len(data))


def check_declared_size(size: int) -> None:
    """The size cap, also for an upload form's `file.size` before the bytes are read."""
    if size > limits().max_bytes:
        raise UploadRejected(
            _("The file is too large: at most %(size)s is accepted. Split it into smaller files.")
            % {"size": size_limit_text()}
        )


def check_upload(data: bytes, kind: str) -> None:
    """Size and type by content. `kind` is "xlsx" for workbooks or "text" for CSV, PC-Axis and JSON."""
    check_size(data)
    if not data.strip():
        raise UploadRejected(_("The file is empty."))
    if kind == "xlsx":
        check_xlsx(data)
    else:
        check_text(data)


def check_text(data: bytes) -> None:
    """A text import must be text: no known binary signature and no NUL bytes (as in UTF-16 files)."""
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UploadRejected(
                _(
                    "The file is not a text file but looks like %(kind)s. "
                    "Save it as CSV (UTF-8) or choose the right file."
                )
                % {"kind": name}
            )
    if b"\x00" in data:
        raise UploadRejected(
            _(
                "The file contains NUL characters, so it is not plain text (it may be saved as UTF-16 or be "
                "a binary file). Save it as 'CSV UTF-8' and try again."
            )
        )


# ---------------------------------------------------------------- Excel workbooks


def _not_a_workbook() -> UploadRejected:
    return UploadRejected(
        _("The file is not an Excel file (.xlsx). Download the template, fill it in and save it as .xlsx.")
    )


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook before it is parsed: by its ZIP directory first, then by a streamed XML scan."""
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_workbook()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _not_a_workbook() from exc
    with archive:
        entries = archive.infolist()
        _check_directory(entries, compressed_size=len(data))
        _scan_xml(archive, entries, compressed_size=len(data))


def _check_directory(entries: list[zipfile.ZipInfo], *, compressed_size: int) -> None:
    """Entry count, declared total size and ratio, read from the ZIP directory without unpacking."""
    bounds = limits()
    names = {entry.filename for entry in entries}
    if not all(name in names for name in XLSX_REQUIRED_ENTRIES):
        raise _not_a_workbook()
    if len(entries) > bounds.xlsx_max_entries:
        raise UploadRejected(
            _("The workbook holds %(count)s parts; at most %(limit)s are accepted.")
            % {"count": len(entries), "limit": bounds.xlsx_max_entries}
        )
    declared = sum(entry.file_size for entry in entries)
    _check_unpacked(declared, compressed_size)


def _check_unpacked(unpacked: int, compressed_size: int) -> None:
    bounds = limits()
    if unpacked > bounds.xlsx_max_uncompressed_bytes or unpacked > bounds.xlsx_max_ratio * max(
        compressed_size, 1
    ):
        raise UploadRejected(
            _(
                "The workbook unpacks to far more data than an Excel file of its size can hold "
                "(a so-called zip bomb), so it was not opened."
            )
        )


def _scan_xml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], *, compressed_size: int) -> None:
    """Stream every part once: real unpacked size (the directory can lie), DTDs, formulas and rows per sheet.

    Reading stops as soon as the real size passes the cap, so a forged directory costs no more than
    the cap itself.
    """
    bounds = limits()
    unpacked = 0
    for entry in entries:
        is_xml = entry.filename.endswith((".xml", ".rels", ".vml"))
        is_sheet = entry.filename.startswith("xl/worksheets/") and is_xml
        rows = 0
        try:
            with archive.open(entry) as part:
                carry = b""
                while chunk := part.read(SCAN_CHUNK):
                    unpacked += len(chunk)
                    _check_unpacked(unpacked, compressed_size)
                    if not is_xml:
                        continue
                    text, carry = _split_at_last_tag(carry + chunk)
                    rows += _scan_text(text, is_sheet=is_sheet)
                rows += _scan_text(carry, is_sheet=is_sheet)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            raise _not_a_workbook() from exc
        if rows > bounds.max_rows + 1:  # the header row is not counted against the cap
            raise too_many_rows(bounds.max_rows)


def _split_at_last_tag(buffer: bytes) -> tuple[bytes, bytes]:
    """Keep a tag cut by the chunk boundary for the next chunk, so no pattern is missed or counted twice.

    Every pattern starts with "<" and holds no other "<", so a match before the last "<" lies wholly in
    the part scanned now.
    """
    last = buffer.rfind(b"<")
    if last == -1 or len(buffer) - last > 64:
        return buffer, b""
    return buffer[:last], buffer[last:]


def _scan_text(text: bytes, *, is_sheet: bool) -> int:
    if XML_DTD.search(text):
        raise UploadRejected(
            _(
                "The workbook contains an XML document type definition (DOCTYPE/ENTITY), which Excel never "
                "writes and which can be used for attacks, so it was not opened."
            )
        )
    if not is_sheet:
        return 0
    if XML_FORMULA.search(text):
        raise UploadRejected(
            _(
                "The workbook contains formulas. The import reads values only: copy the cells and paste them "
                "as values, then save the file and try again."
            )
        )
    return len(XML_ROW.findall(text))


def open_workbook(data: bytes) -> Any:
    """Check the upload as a workbook, then open it read-only with values, on defusedxml."""
    check_upload(data, "xlsx")
    _require_defusedxml()
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise UploadRejected(
            _(
                "The workbook contains an XML document type definition (DOCTYPE/ENTITY), which Excel never "
                "writes and which can be used for attacks, so it was not opened."
            )
        ) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise _not_a_workbook() from exc


def _require_defusedxml() -> None:
    """openpyxl picks defusedxml when it is installed, unless OPENPYXL_DEFUSEDXML turns it off."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - a deployment error, not user input
        raise RuntimeError("openpyxl must parse with defusedxml; install it and unset OPENPYXL_DEFUSEDXML")


def sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows as value tuples, at most `MAX_COLUMNS` wide and at most the row cap long."""
    return limit_rows(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))


# ---------------------------------------------------------------- rows


def too_many_rows(limit: int) -> UploadRejected:
    return UploadRejected(
        _(
            "The file has more than %(limit)s rows, which is more than one import may hold. "
            "Split it into smaller files."
        )
        % {"limit": f"{limit:,}".replace(",", "\u00a0")}
    )


def check_row_count(count: int) -> None:
    """Refuse a file whose row (or figure) count is known before the rows are built."""
    limit = limits().max_rows
    if count > limit:
        raise too_many_rows(limit)


def limit_rows(rows: Iterable[T]) -> Iterator[T]:
    """Pass rows through, refusing the file once it has more than the row cap (header included)."""
    limit = limits().max_rows
    for count, row in enumerate(rows, start=1):
        if count > limit + 1:
            raise too_many_rows(limit)
        yield row
