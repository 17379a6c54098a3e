"""Malformed and hostile files through the real import paths: each gets a clear Swedish message and the
database is byte-for-byte the same afterwards (a checksum over every table's rows).

The fixtures are generated here, cheaply: a zip bomb, a "billion laughs" XML bomb inside an .xlsx, files
in the wrong encoding, formulas, a million rows, duplicate keys and binary files with a misleading name.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jamlik.core import exports
from jamlik.core.roles import Role
from jamlik.core.uploads import SizeCapUploadHandler, UploadRejected, check_upload, open_workbook
from jamlik.indicators.importers.tabular import COLUMNS
from jamlik.indicators.models import Value
from jamlik.proposals.actions import do_create_proposal
from jamlik.proposals.spreadsheets import SHEETS

# ---------------------------------------------------------------- the checksum


def database_checksum() -> str:
    """A SHA-256 over every row of every table, each table ordered by primary key.

    Sessions are left out: the test client's session is saved on every request (idle timeout), which is
    not a change an import makes.
    """
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
        if model is Session:
            continue
        digest.update(model._meta.db_table.encode())
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- file builders


def indicator_csv(rows: list[str]) -> bytes:
    header = "indicator;indicator_name;year;area_code;area_name;sex;estimate"
    return ("\n".join([header, *rows]) + "\n").encode()


GOOD_INDICATOR_ROW = "sysselsattning;Förvärvsarbetande;2023;1480;Göteborg;K;79,4"


def xlsx_from_parts(parts: dict[str, bytes], *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook_parts(rows: list[list[Any]]) -> dict[str, bytes]:
    """The parts of a real one-sheet workbook written by openpyxl, to be tampered with."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def proposal_parts() -> dict[str, bytes]:
    """A proposals import workbook (all template sheets) as parts."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        workbook.create_sheet(name).append(columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet_xml(body: bytes, *, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )


def zip_bomb() -> bytes:
    """A valid workbook whose sheet unpacks 1,000 times bigger: 50 MB of spaces inside the XML."""
    parts = workbook_parts([list(COLUMNS)])
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(b" " * (50 * 1024 * 1024))
    return xlsx_from_parts(parts, level=9)


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>\n"
)


def xml_bomb(parts: dict[str, bytes]) -> bytes:
    """A real workbook whose sheet declares the "billion laughs" entities and uses the last one."""
    parts = dict(parts)
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(cell, prolog=BILLION_LAUGHS)
    return xlsx_from_parts(parts)


def million_rows_xlsx(parts: dict[str, bytes], sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """1,000,000 one-cell rows: about 40 MB of XML that deflates to a few MB (no bomb, just too long)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 1_000_001))
    parts = dict(parts)
    parts[sheet] = sheet_xml(rows)
    return xlsx_from_parts(parts, level=1)


def formula_xlsx(parts: dict[str, bytes], sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    parts = dict(parts)
    body = parts[sheet].split(b"</sheetData>")[0].split(b"<sheetData>")[-1]
    formula = b'<row r="2"><c r="A2"><f>HYPERLINK("http://example.invalid","x")</f><v>x</v></c></row>'
    parts[sheet] = sheet_xml(body.replace(b"<sheetData/>", b"") + formula)
    return xlsx_from_parts(parts)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


# ---------------------------------------------------------------- the import paths


@pytest.fixture
def client(world: Any) -> Client:
    """Logged in before any checksum is taken (logging in stamps the user's last_login)."""
    client = Client()
    client.force_login(world.users[Role.PROCESS_OWNER])
    return client


def import_indicators_by_page(client: Client, name: str, data: bytes) -> str:
    response = client.post(reverse("indicators:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    return response.content.decode()


def import_proposals_by_page(client: Client, name: str, data: bytes) -> str:
    response = client.post(reverse("proposals:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ingenting lästes in" in content or "errors" in content
    return content


def import_indicators_by_command(tmp_path: Path, fmt: str, data: bytes) -> str:
    path = tmp_path / f"upload.{fmt}"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", fmt, str(path))
    return str(caught.value)


def refused_unchanged(run: Callable[[], str]) -> str:
    """Run one refused import and prove it changed nothing; returns the page or command message."""
    before = database_checksum()
    message = run()
    assert database_checksum() == before
    return message


# ---------------------------------------------------------------- the fixtures through the paths

ZIP_BOMB = "zip-bomb"
XML_BOMB = "XML-dokumenttypsdefinition"
NOT_EXCEL = "inte en Excel-fil"
TOO_MANY_ROWS = "Filen har fler än 200\u00a0000 rader"
FORMULAS = "Arbetsboken innehåller formler"


def test_checksum_sees_a_change(world: Any) -> None:
    before = database_checksum()
    do_create_proposal(
        world.objects["own_process"], acting_user=None, title="Ny", submitted_on=datetime.date(2021, 1, 1)
    )
    assert database_checksum() != before


def test_zip_bomb_is_refused_before_it_is_unpacked(world: Any, client: Client, tmp_path: Path) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    assert ZIP_BOMB in refused_unchanged(lambda: import_indicators_by_page(client, "bomb.xlsx", bomb))
    assert ZIP_BOMB in refused_unchanged(lambda: import_proposals_by_page(client, "bomb.xlsx", bomb))
    assert ZIP_BOMB in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "xlsx", bomb))


def test_xml_bomb_inside_a_workbook_is_refused(world: Any, client: Client, tmp_path: Path) -> None:
    indicators = xml_bomb(workbook_parts([list(COLUMNS)]))
    assert XML_BOMB in refused_unchanged(lambda: import_indicators_by_page(client, "lol.xlsx", indicators))
    assert XML_BOMB in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "xlsx", indicators))
    proposals = xml_bomb(proposal_parts())
    assert XML_BOMB in refused_unchanged(lambda: import_proposals_by_page(client, "lol.xlsx", proposals))


def test_openpyxl_itself_parses_with_defusedxml() -> None:
    """The second wall behind the DTD scan: openpyxl refuses the entities even when called directly."""
    from defusedxml import DefusedXmlException

    bomb = xml_bomb(workbook_parts([["a"]]))
    with pytest.raises(ValueError) as caught:  # openpyxl wraps the parser's refusal
        load_workbook(io.BytesIO(bomb))
    assert isinstance(caught.value.__context__, DefusedXmlException)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("latin-1", "inte kodad i UTF-8"), ("utf-16", "NUL-tecken")],
)
def test_csv_in_the_wrong_encoding_is_refused(
    world: Any, client: Client, tmp_path: Path, encoding: str, expected: str
) -> None:
    data = indicator_csv([GOOD_INDICATOR_ROW]).decode().encode(encoding)
    assert expected in refused_unchanged(lambda: import_indicators_by_page(client, "values.csv", data))
    assert expected in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "csv", data))


def test_workbook_with_formula_cells_is_refused(world: Any, client: Client) -> None:
    indicators = formula_xlsx(workbook_parts([list(COLUMNS)]))
    assert FORMULAS in refused_unchanged(lambda: import_indicators_by_page(client, "f.xlsx", indicators))
    proposals = formula_xlsx(proposal_parts(), sheet="xl/worksheets/sheet2.xml")
    assert FORMULAS in refused_unchanged(lambda: import_proposals_by_page(client, "f.xlsx", proposals))


def test_a_million_csv_rows_are_refused_by_the_row_cap(world: Any, client: Client, tmp_path: Path) -> None:
    """Short rows keep the file under the default size cap, so it is the row cap that refuses it."""
    data = b"indicator;year;area_code;estimate\n" + b"x;1;1;1\n" * 1_000_000
    assert data.count(b"\n") == 1_000_001
    assert TOO_MANY_ROWS in refused_unchanged(lambda: import_indicators_by_page(client, "m.csv", data))
    assert TOO_MANY_ROWS in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "csv", data))


def test_a_million_workbook_rows_are_refused_before_parsing(world: Any, client: Client) -> None:
    proposals = million_rows_xlsx(proposal_parts(), sheet="xl/worksheets/sheet2.xml")
    assert TOO_MANY_ROWS in refused_unchanged(lambda: import_proposals_by_page(client, "m.xlsx", proposals))


def test_a_sheet_with_one_row_far_down_counts_every_row_up_to_it(world: Any, tmp_path: Path) -> None:
    """openpyxl yields the empty rows above row 1,048,576, so the cap also holds while reading."""
    parts = workbook_parts([list(COLUMNS)])
    body = parts["xl/worksheets/sheet1.xml"].split(b"<sheetData>")[1].split(b"</sheetData>")[0]
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(body + far)
    data = xlsx_from_parts(parts)
    assert TOO_MANY_ROWS in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "xlsx", data))


def test_jsonstat_declaring_a_huge_cube_is_refused_before_it_is_built(tmp_path: Path, world: Any) -> None:
    codes = [f"c{n}" for n in range(1000)]
    dataset = {
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [1000, 1000],
        "dimension": {
            "Region": {"category": {"index": codes}},
            "Tid": {"category": {"index": codes}},
        },
        "value": {"0": 1},
    }
    import json

    data = json.dumps(dataset).encode()
    assert TOO_MANY_ROWS in refused_unchanged(
        lambda: import_indicators_by_command(tmp_path, "jsonstat", data)
    )


def test_duplicate_keys_are_refused(world: Any, client: Client) -> None:
    data = indicator_csv([GOOD_INDICATOR_ROW, GOOD_INDICATOR_ROW])
    page = refused_unchanged(lambda: import_indicators_by_page(client, "dup.csv", data))
    assert "samma värde som på rad 2 anges en gång till" in page
    assert Value.objects.count() == 0
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        if name == "Processer":
            sheet.append(["P1", "Barnfattigdom", "A", "", "", "", "ongoing"])
            sheet.append(["P1", "Barnfattigdom igen", "A", "", "", "", "ongoing"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = refused_unchanged(lambda: import_proposals_by_page(client, "dup.xlsx", buffer.getvalue()))
    assert "Id ”P1” används också på rad 2" in page


@pytest.mark.parametrize(
    "data",
    [PNG, b"just some text, not a zip", xlsx_from_parts({"word/document.xml": b"<w/>"})],
    ids=["png", "text", "zip-without-workbook"],
)
def test_a_file_that_is_not_a_workbook_but_named_xlsx_is_refused(
    world: Any, client: Client, tmp_path: Path, data: bytes
) -> None:
    assert NOT_EXCEL in refused_unchanged(lambda: import_indicators_by_page(client, "values.xlsx", data))
    assert NOT_EXCEL in refused_unchanged(lambda: import_proposals_by_page(client, "values.xlsx", data))
    assert NOT_EXCEL in refused_unchanged(lambda: import_indicators_by_command(tmp_path, "xlsx", data))


def test_a_binary_file_named_csv_or_px_is_refused(world: Any, client: Client, tmp_path: Path) -> None:
    assert "inte en textfil" in refused_unchanged(
        lambda: import_indicators_by_page(client, "values.csv", PNG)
    )
    workbook = xlsx_from_parts(workbook_parts([list(COLUMNS)]))
    assert "inte en textfil" in refused_unchanged(
        lambda: import_indicators_by_command(tmp_path, "px", workbook)
    )


def test_files_over_the_size_cap_are_refused(world: Any, client: Client, settings: Any) -> None:
    settings.JAMLIK_UPLOAD_MAX_BYTES = 100
    data = indicator_csv([GOOD_INDICATOR_ROW] * 10)
    assert "Filen är för stor" in refused_unchanged(lambda: import_indicators_by_page(client, "v.csv", data))
    assert "Filen är för stor" in refused_unchanged(lambda: import_proposals_by_page(client, "v.xlsx", data))
    with pytest.raises(UploadRejected):
        check_upload(data, "text")


def test_upload_handler_stores_no_more_than_one_byte_past_the_cap(settings: Any) -> None:
    settings.JAMLIK_UPLOAD_MAX_BYTES = 1000
    handler = SizeCapUploadHandler()
    handler.new_file("file", "huge.csv", "text/csv", None)
    kept = [handler.receive_data_chunk(b"a" * 700, start) for start in (0, 700, 1400)]
    assert [None if chunk is None else len(chunk) for chunk in kept] == [700, 301, None]


def test_a_good_workbook_still_imports(world: Any, client: Client) -> None:
    """The guard lets an ordinary file through the same path."""
    rows = [list(COLUMNS), ["sysselsattning", "Förvärvsarbetande", 2023, "", "1480", "Göteborg"]]
    rows[1] += [""] * 6 + ["K", 79.4, None, None, "SCB"]
    rows.append([*rows[1][:12], "M", 81.2, None, None, "SCB"])
    data = xlsx_from_parts(workbook_parts(rows))
    response = client.post(reverse("indicators:import"), {"file": SimpleUploadedFile("ok.xlsx", data)})
    assert response.status_code == 302
    assert Value.objects.count() == 2
    assert open_workbook(data).worksheets[0].max_row == 3


# ---------------------------------------------------------------- exports


def test_formula_cells_are_escaped_in_every_export(world: Any, client: Client) -> None:
    do_create_proposal(
        world.objects["own_process"],
        acting_user=None,
        title="=cmd|' /C calc'!A0",
        heading="@SUM(1)",
        submitted_on=datetime.date(2021, 1, 1),
    )
    text = client.get(reverse("proposals:export_csv")).content.decode("utf-8-sig")
    assert "'=cmd|" in text and "'@SUM(1)" in text
    sheet = load_workbook(io.BytesIO(client.get(reverse("proposals:export_xlsx")).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'=cmd|' /C calc'!A0" in [c.value for c in cells]
    assert exports.safe_row(["=1", "+1", "-1", "@a", "\tx", "\rx", "ok", 5, None]) == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
        "ok",
        5,
        None,
    ]
