"""Excel and CSV: the export of proposals, the import template, and the all-or-nothing import.

The workbook's sheet and column names are a file format, not UI text: they stay the same whatever
the interface language, so a file filled in by one person imports for everyone.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jamlik.core import exports
from jamlik.core.models import OrganisationUnit, User
from jamlik.core.uploads import UploadRejected, open_workbook, sheet_rows
from jamlik.processes.actions import do_create_process
from jamlik.processes.models import ChangeProcess, Phase
from jamlik.proposals.actions import do_create_proposal, do_decide_proposal, do_record_assessment
from jamlik.proposals.models import Assessment, AssessmentState, Decision, DecisionKind, Proposal

# ---------------------------------------------------------------- export

EXPORT_COLUMNS = [
    "Process",
    "Rubrik",
    "Förslag",
    "Riktat till",
    "Inlämnat",
    "Beslut",
    "Beslutsdatum",
    "Beslutande organ",
    "Motivering",
    "Senaste bedömning",
    "Bedömningsdatum",
    "Bedömd av",
    "Roll",
    "Kommentar",
]


def export_rows(proposals: Iterable[Proposal]) -> list[list[Any]]:
    rows = []
    for p in proposals:
        d, a = p.latest_decision, p.latest_assessment
        rows.append(
            [
                p.process.name,
                p.heading,
                p.title,
                p.directed_to.name if p.directed_to else "",
                p.submitted_on.isoformat(),
                d.get_kind_display() if d else str(DecisionKind.NONE.label),
                d.decided_on.isoformat() if d else "",
                d.body if d else "",
                d.motivation if d else "",
                a.get_state_display() if a else "",
                a.assessed_on.isoformat() if a else "",
                a.assessor_name if a else "",
                a.assessor_role if a else "",
                a.comment if a else "",
            ]
        )
    return rows


def export_csv(proposals: Iterable[Proposal]) -> str:
    """Semicolon-separated with a byte-order mark; cells escaped against formulas by core.exports."""
    return exports.csv_text(EXPORT_COLUMNS, export_rows(proposals))


def export_xlsx(proposals: Iterable[Proposal]) -> bytes:
    return exports.xlsx_bytes(EXPORT_COLUMNS, export_rows(proposals), title="Förslag")


# ---------------------------------------------------------------- import format

SHEETS: dict[str, list[str]] = {
    "Processer": [
        "id",
        "namn",
        "förvaltning",
        "syfte",
        "start",
        "slut",
        "status",
        "fas",
        "kunskap säker",
        "värden eniga",
        "kriterium sektorer",
        "kriterium komplex",
        "kriterium jämlikhet",
    ],
    "Förslag": ["id", "process-id", "rubrik", "förslag", "beskrivning", "riktat till", "inlämnat"],
    "Beslut": [
        "id",
        "förslags-id",
        "datum",
        "beslut",
        "beslutande organ",
        "motivering",
        "försök från",
        "försök till",
        "hänvisat till",
    ],
    "Bedömningar": ["id", "förslags-id", "datum", "bedömning", "bedömd av", "roll", "kommentar"],
}
REQUIRED: dict[str, set[str]] = {
    "Processer": {"id", "namn", "förvaltning", "status"},
    "Förslag": {"id", "process-id", "förslag", "inlämnat"},
    "Beslut": {"id", "förslags-id", "datum", "beslut", "beslutande organ"},
    "Bedömningar": {"id", "förslags-id", "datum", "bedömning", "bedömd av", "roll"},
}


def _choices_help(choices: Any) -> str:
    with translation.override("sv"):
        return ", ".join(f"{value} ({label})" for value, label in choices)


def template_xlsx() -> bytes:
    """The import template: one sheet per kind of record, and a sheet explaining the codes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
    codes = workbook.create_sheet("Koder")
    codes.append(["kolumn", "tillåtna värden"])
    codes.append(["status", _choices_help(ChangeProcess.Status.choices)])
    codes.append(["fas", _choices_help(Phase.choices)])
    codes.append(["beslut", _choices_help(DecisionKind.choices)])
    codes.append(["bedömning", _choices_help(AssessmentState.choices)])
    codes.append(["kunskap säker / värden eniga", "ja, nej eller tomt"])
    codes.append(["datum", "ÅÅÅÅ-MM-DD"])
    codes.append(
        ["id", "ett eget, stabilt id per rad, t.ex. P1, F1; samma fil kan läsas in igen utan dubbletter"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Abort(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value: str, choices: Any) -> str | None:
    """Accept the code or the label in Swedish or English, in any case."""
    wanted = value.strip().lower()
    for code, label in choices:
        names = {code.lower()}
        for language in ("sv", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if wanted in names:
            return str(code)
    return None


def _yes_no(value: str) -> bool | str | None:
    wanted = value.strip().lower()
    if not wanted:
        return None
    if wanted in {"ja", "yes", "j", "1", "sant", "true"}:
        return True
    if wanted in {"nej", "no", "n", "0", "falskt", "false"}:
        return False
    return "bad"


class _Reader:
    """Reads one sheet's rows into dicts, collecting every problem with its row number."""

    def __init__(self, result: ImportResult, sheet_name: str) -> None:
        self.result = result
        self.sheet = sheet_name

    def error(self, row: int, message: str) -> None:
        self.result.errors.append(RowError(self.sheet, row, message))

    def date(self, row: int, value: Any, column: str, required: bool = False) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            if required:
                self.error(row, _("The column “%(column)s” must be filled in.") % {"column": column})
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.error(
                row,
                _("“%(value)s” in “%(column)s” is not a date (write YYYY-MM-DD).")
                % {"value": text, "column": column},
            )
            return None


def _rows(workbook: Any, result: ImportResult, name: str) -> list[tuple[int, dict[str, Any]]]:
    if name not in workbook.sheetnames:
        return []
    rows = sheet_rows(workbook[name])
    header = [_text(cell).lower() for cell in next(rows, [])]
    missing = [column for column in REQUIRED[name] if column not in header]
    if missing:
        result.errors.append(
            RowError(
                name,
                1,
                _("Columns missing in the header: %(columns)s") % {"columns": ", ".join(sorted(missing))},
            )
        )
        return []
    parsed = []
    for number, values in enumerate(rows, start=2):
        if all(_text(v) == "" for v in values):
            continue
        parsed.append((number, {header[i]: v for i, v in enumerate(values) if i < len(header) and header[i]}))
    return parsed


def import_workbook(data: bytes, *, acting_user: User) -> ImportResult:
    """Check every row of every sheet; save all of it in one transaction, or nothing if any row is bad.

    Rows whose id was imported before are left as they are, so importing the same file again changes nothing.
    """
    result = ImportResult()
    try:
        workbook = open_workbook(data)
    except UploadRejected as exc:
        result.errors.append(RowError("", 0, exc.message))
        return result
    if not any(name in workbook.sheetnames for name in SHEETS):
        result.errors.append(
            RowError(
                "",
                0,
                _("The file has none of the template's sheets: %(sheets)s.") % {"sheets": ", ".join(SHEETS)},
            )
        )
        return result
    try:
        plan = _check(workbook, result)
    except UploadRejected as exc:
        result.errors.append(RowError("", 0, exc.message))
        return result
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _write(plan, result, acting_user)
            if result.errors:
                raise _Abort
    except _Abort:
        result.created = {}
    return result


def _unique_ids(reader: _Reader, rows: list[tuple[int, dict[str, Any]]]) -> None:
    seen: dict[str, int] = {}
    for number, row in rows:
        key = _text(row.get("id"))
        if not key:
            reader.error(number, _("The column “id” must be filled in."))
        elif key in seen:
            reader.error(
                number, _("The id “%(id)s” is also used on row %(row)s.") % {"id": key, "row": seen[key]}
            )
        else:
            seen[key] = number


def _check(workbook: Any, result: ImportResult) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    plan: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    units = {u.code.lower(): u for u in OrganisationUnit.objects.all()}
    file_processes: set[str] = set()
    file_proposals: set[str] = set()

    reader = _Reader(result, "Processer")
    rows = _rows(workbook, result, "Processer")
    _unique_ids(reader, rows)
    for number, row in rows:
        key = _text(row.get("id"))
        file_processes.add(key)
        name = _text(row.get("namn"))
        if not name:
            reader.error(number, _("The column “%(column)s” must be filled in.") % {"column": "namn"})
        unit = units.get(_text(row.get("förvaltning")).lower())
        if unit is None:
            reader.error(
                number, _("No unit has the code “%(code)s”.") % {"code": _text(row.get("förvaltning"))}
            )
        status = _choice(_text(row.get("status")), ChangeProcess.Status.choices)
        if status is None:
            reader.error(number, _("Unknown status “%(value)s”.") % {"value": _text(row.get("status"))})
        phase = _choice(_text(row.get("fas")), Phase.choices) if _text(row.get("fas")) else ""
        if phase is None:
            reader.error(
                number, _("Unknown co-creation phase “%(value)s”.") % {"value": _text(row.get("fas"))}
            )
        start = reader.date(number, row.get("start"), "start")
        end = reader.date(number, row.get("slut"), "slut")
        if start and end and end < start:
            reader.error(number, _("The end date cannot be before the start date."))
        answers = {}
        for column, field_name in (("kunskap säker", "knowledge_certain"), ("värden eniga", "values_agreed")):
            answer = _yes_no(_text(row.get(column)))
            if answer == "bad":
                reader.error(number, _("Write yes or no in “%(column)s”.") % {"column": column})
            answers[field_name] = answer
        row["_clean"] = {
            "name": name,
            "owner_unit": unit,
            "status": status,
            "phase": phase or "",
            "start": start,
            "end": end,
            "purpose": _text(row.get("syfte")),
            "criterion_sectors": _text(row.get("kriterium sektorer")),
            "criterion_complex": _text(row.get("kriterium komplex")),
            "criterion_equality": _text(row.get("kriterium jämlikhet")),
            **answers,
        }
    plan["Processer"] = rows

    reader = _Reader(result, "Förslag")
    rows = _rows(workbook, result, "Förslag")
    _unique_ids(reader, rows)
    known_processes = file_processes | set(
        ChangeProcess.objects.exclude(external_id=None).values_list("external_id", flat=True)
    )
    for number, row in rows:
        file_proposals.add(_text(row.get("id")))
        process_key = _text(row.get("process-id"))
        if process_key not in known_processes:
            reader.error(number, _("No process has the id “%(id)s”.") % {"id": process_key})
        title = _text(row.get("förslag"))
        if not title:
            reader.error(number, _("The column “%(column)s” must be filled in.") % {"column": "förslag"})
        unit_code = _text(row.get("riktat till"))
        unit = units.get(unit_code.lower()) if unit_code else None
        if unit_code and unit is None:
            reader.error(number, _("No unit has the code “%(code)s”.") % {"code": unit_code})
        submitted = reader.date(number, row.get("inlämnat"), "inlämnat", required=True)
        row["_clean"] = {
            "process": process_key,
            "title": title,
            "heading": _text(row.get("rubrik")),
            "description": _text(row.get("beskrivning")),
            "directed_to": unit,
            "submitted_on": submitted,
        }
    plan["Förslag"] = rows

    known_proposals = file_proposals | set(
        Proposal.objects.exclude(external_id=None).values_list("external_id", flat=True)
    )
    reader = _Reader(result, "Beslut")
    rows = _rows(workbook, result, "Beslut")
    _unique_ids(reader, rows)
    for number, row in rows:
        proposal_key = _text(row.get("förslags-id"))
        if proposal_key not in known_proposals:
            reader.error(number, _("No proposal has the id “%(id)s”.") % {"id": proposal_key})
        kind = _choice(_text(row.get("beslut")), DecisionKind.choices)
        if kind is None:
            reader.error(number, _("Unknown decision “%(value)s”.") % {"value": _text(row.get("beslut"))})
        row["_clean"] = {
            "proposal": proposal_key,
            "kind": kind,
            "body": _text(row.get("beslutande organ")),
            "decided_on": reader.date(number, row.get("datum"), "datum", required=True),
            "motivation": _text(row.get("motivering")),
            "referred_to": _text(row.get("hänvisat till")),
            "trial_start": reader.date(number, row.get("försök från"), "försök från"),
            "trial_end": reader.date(number, row.get("försök till"), "försök till"),
        }
    plan["Beslut"] = rows

    reader = _Reader(result, "Bedömningar")
    rows = _rows(workbook, result, "Bedömningar")
    _unique_ids(reader, rows)
    for number, row in rows:
        proposal_key = _text(row.get("förslags-id"))
        if proposal_key not in known_proposals:
            reader.error(number, _("No proposal has the id “%(id)s”.") % {"id": proposal_key})
        state = _choice(_text(row.get("bedömning")), AssessmentState.choices)
        if state is None:
            reader.error(
                number, _("Unknown assessment “%(value)s”.") % {"value": _text(row.get("bedömning"))}
            )
        row["_clean"] = {
            "proposal": proposal_key,
            "state": state,
            "assessed_on": reader.date(number, row.get("datum"), "datum", required=True),
            "assessor_name": _text(row.get("bedömd av")),
            "assessor_role": _text(row.get("roll")),
            "comment": _text(row.get("kommentar")),
        }
    plan["Bedömningar"] = rows
    return plan


def _messages(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


def _write(plan: dict[str, list[tuple[int, dict[str, Any]]]], result: ImportResult, user: User) -> None:
    """Create through the actions; an action's refusal becomes a row error and the transaction is undone."""
    counts = dict.fromkeys(("processes", "proposals", "decisions", "assessments"), 0)
    for _number, row in plan["Processer"]:
        key = _text(row["id"])
        if ChangeProcess.objects.filter(external_id=key).exists():
            result.unchanged += 1
            continue
        do_create_process(acting_user=user, external_id=key, **row["_clean"])
        counts["processes"] += 1
    for _number, row in plan["Förslag"]:
        key = _text(row["id"])
        if Proposal.objects.filter(external_id=key).exists():
            result.unchanged += 1
            continue
        fields = dict(row["_clean"])
        process = ChangeProcess.objects.get(external_id=fields.pop("process"))
        do_create_proposal(process, acting_user=user, external_id=key, **fields)
        counts["proposals"] += 1
    for sheet, model, action, counter in (
        ("Beslut", Decision, do_decide_proposal, "decisions"),
        ("Bedömningar", Assessment, do_record_assessment, "assessments"),
    ):
        for number, row in plan[sheet]:
            key = _text(row["id"])
            if model.objects.filter(external_id=key).exists():
                result.unchanged += 1
                continue
            fields = dict(row["_clean"])
            proposal = Proposal.objects.get(external_id=fields.pop("proposal"))
            try:
                action(proposal, acting_user=user, external_id=key, **fields)
            except ValidationError as exc:
                result.errors.append(RowError(sheet, number, _messages(exc)))
            else:
                counts[counter] += 1
    result.created = counts
