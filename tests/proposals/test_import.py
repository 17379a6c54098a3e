"""The Excel import: all or nothing, every bad row named, a re-import changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jamlik.core.models import AuditEntry
from jamlik.core.roles import Role
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.models import Assessment, Decision, Proposal
from jamlik.proposals.spreadsheets import SHEETS, import_workbook

GOOD_ROWS: dict[str, list[list[Any]]] = {
    "Processer": [
        [
            "P1",
            "Barnfattigdom",
            "A",
            "Lindra konsekvenser",
            "2015-09-01",
            "2016-12-31",
            "completed",
            "co_design",
            "nej",
            "ja",
            "UTB, IFO-FH, KoF",
            "Många orsaker",
            "Barns livsvillkor",
        ],
    ],
    "Förslag": [
        ["F1", "P1", "Förskolan", "Riktad förskolepeng", "", "A", "2016-03-01"],
        ["F2", "P1", "Skolan", "Elevdatorer till alla", "", "", "2016-03-01"],
    ],
    "Beslut": [
        [
            "B1",
            "F1",
            "2016-05-01",
            "prioritised",
            "Tre stadsdelsdirektörer",
            "Genomför i hela staden",
            "",
            "",
            "",
        ],
        ["B2", "F2", "2016-05-01", "Prioriterat / godkänt", "Tre stadsdelsdirektörer", "", "", "", ""],
    ],
    "Bedömningar": [
        ["A1", "F1", "2018-08-15", "implemented", "Eva Exempel", "Koordinator", "Infördes 2018"],
        ["A2", "F2", "2018-08-15", "Inte genomfört", "Eva Exempel", "Koordinator", ""],
    ],
}


def workbook_bytes(rows: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in rows.get(name, []):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts() -> tuple[int, int, int, int, int]:
    return (
        ChangeProcess.objects.count(),
        Proposal.objects.count(),
        Decision.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_valid_file_imports_everything(world: Any) -> None:
    user = world.users[Role.PROCESS_OWNER]
    result = import_workbook(workbook_bytes(GOOD_ROWS), acting_user=user)
    assert result.ok, result.errors
    assert result.created == {"processes": 1, "proposals": 2, "decisions": 2, "assessments": 2}
    process = ChangeProcess.objects.get(external_id="P1")
    assert process.status == "completed" and process.problem_type == "goals_agreed"
    implemented = Proposal.objects.filter(process=process).implemented()
    assert [p.title for p in implemented] == ["Riktad förskolepeng"]
    assert Proposal.objects.get(external_id="F2").latest_assessment.state == "not_implemented"
    assert AuditEntry.objects.filter(code="proposal.decided", actor=user).count() == 2


def test_reimport_of_the_same_file_changes_nothing(world: Any) -> None:
    user = world.users[Role.PROCESS_OWNER]
    data = workbook_bytes(GOOD_ROWS)
    assert import_workbook(data, acting_user=user).ok
    before = counts()
    again = import_workbook(data, acting_user=user)
    assert again.ok
    assert again.created == {"processes": 0, "proposals": 0, "decisions": 0, "assessments": 0}
    assert again.unchanged == 7
    assert counts() == before


def test_one_bad_row_imports_nothing_and_names_the_row(world: Any) -> None:
    rows = {
        **GOOD_ROWS,
        "Beslut": [*GOOD_ROWS["Beslut"], ["B3", "F9", "2016-13-01", "kanske", "FVL", "", "", "", ""]],
    }
    before = counts()
    result = import_workbook(workbook_bytes(rows), acting_user=world.users[Role.PROCESS_OWNER])
    assert not result.ok
    assert counts() == before
    assert {(e.sheet, e.row) for e in result.errors} == {("Beslut", 4)}
    assert len(result.errors) == 3  # unknown proposal, bad date, unknown decision


def test_action_refusal_in_a_late_row_rolls_back_the_earlier_rows(world: Any) -> None:
    rows = {
        **GOOD_ROWS,
        "Beslut": [*GOOD_ROWS["Beslut"], ["B3", "F1", "2016-06-01", "rejected", "FVL", "", "", "", ""]],
    }
    before = counts()
    result = import_workbook(workbook_bytes(rows), acting_user=world.users[Role.PROCESS_OWNER])
    assert [(e.sheet, e.row) for e in result.errors] == [("Beslut", 4)]
    assert counts() == before


def test_page_reports_errors_in_swedish_and_refuses_non_excel(world: Any) -> None:
    client = Client()
    client.force_login(world.users[Role.PROCESS_OWNER])
    url = reverse("proposals:import")
    upload = SimpleUploadedFile("data.csv", b"namn;syfte\nx;y\n", content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "inte en Excel-fil" in response.content.decode()
    rows = {**GOOD_ROWS, "Förslag": [["F1", "P404", "", "", "", "", "2016-03-01"]]}
    upload = SimpleUploadedFile("data.xlsx", workbook_bytes(rows))
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ingenting lästes in" in content
    assert "P404" in content
    upload = SimpleUploadedFile("data.xlsx", workbook_bytes(GOOD_ROWS))
    assert client.post(url, {"file": upload}).status_code == 200
    assert Proposal.objects.filter(external_id="F1").exists()


def test_template_is_an_importable_workbook(world: Any) -> None:
    client = Client()
    client.force_login(world.users[Role.READER])
    data = client.get(reverse("proposals:import_template")).content
    workbook = load_workbook(io.BytesIO(data))
    assert set(SHEETS) <= set(workbook.sheetnames)
    result = import_workbook(data, acting_user=world.users[Role.PROCESS_OWNER])
    assert result.ok and sum(result.created.values()) == 0
