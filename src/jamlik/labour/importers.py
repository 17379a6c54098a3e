"""Imports of relatedness matrices and of local employment: parse, check, plan, then write.

Every import is planned in full before anything is written: `plan_matrix` and `plan_employment` read the
file, check every row (collecting every problem with its line number) and work out what would be created,
changed or removed. The preview shows that plan; the actions write it in one transaction. A plan with any
error raises ImportFailed and nothing is written. Importing the same file again plans no change.

Files are CSV (comma or semicolon, UTF-8) or Excel, one pair or one figure per row; the column names of
`MATRIX_COLUMNS` and `EMPLOYMENT_COLUMNS` (or their Swedish aliases) in the first row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from jamlik.core.uploads import UploadRejected, check_upload, limit_rows, open_workbook, sheet_rows
from jamlik.indicators.models import Area, Sex
from jamlik.labour.codes import CODE_PATTERN, normalise_code, shipped
from jamlik.labour.models import Classification, Employment, Flow, Industry, Matrix
from jamlik.measures.relatedness import skill_relatedness

MAX_ERRORS_SHOWN = 50
PREVIEW_ROWS = 10

MATRIX_COLUMNS = ("from", "to", "count", "sr", "sr_norm", "from_name", "to_name")
EMPLOYMENT_COLUMNS = ("area_code", "area_name", "industry", "industry_name", "year", "sex", "count")
ALIASES = {
    "from": "from",
    "från": "from",
    "fran": "from",
    "origin": "from",
    "from_code": "from",
    "to": "to",
    "till": "to",
    "destination": "to",
    "to_code": "to",
    "count": "count",
    "antal": "count",
    "flows": "count",
    "flöden": "count",
    "sr": "sr",
    "sr_norm": "sr_norm",
    "srn": "sr_norm",
    "sr_tilde": "sr_norm",
    "normaliserad": "sr_norm",
    "from_name": "from_name",
    "från_namn": "from_name",
    "to_name": "to_name",
    "till_namn": "to_name",
    "area_code": "area_code",
    "kommun": "area_code",
    "kommunkod": "area_code",
    "region": "area_code",
    "area_name": "area_name",
    "kommunnamn": "area_name",
    "industry": "industry",
    "bransch": "industry",
    "sni": "industry",
    "yrke": "industry",
    "ssyk": "industry",
    "industry_name": "industry_name",
    "branschnamn": "industry_name",
    "year": "year",
    "år": "year",
    "ar": "year",
    "sex": "sex",
    "kön": "sex",
    "kon": "sex",
    "employed": "count",
    "sysselsatta": "count",
}
SEX_ALIASES = {
    "k": Sex.WOMEN,
    "kvinnor": Sex.WOMEN,
    "kvinna": Sex.WOMEN,
    "women": Sex.WOMEN,
    "2": Sex.WOMEN,
    "m": Sex.MEN,
    "män": Sex.MEN,
    "man": Sex.MEN,
    "men": Sex.MEN,
    "1": Sex.MEN,
    "t": Sex.TOTAL,
    "totalt": Sex.TOTAL,
    "total": Sex.TOTAL,
    "1+2": Sex.TOTAL,
}


class ImportFailed(Exception):
    """Nothing was imported. `errors` are complete sentences in the user's language, with line numbers."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def line_error(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _shorten(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS_SHOWN:
        return errors
    rest = len(errors) - MAX_ERRORS_SHOWN
    return [*errors[:MAX_ERRORS_SHOWN], _("… and %(count)s more errors.") % {"count": rest}]


# ---------------------------------------------------------------- reading a file


@dataclass
class Table:
    header: list[str]
    records: list[tuple[int, dict[str, str]]]


def read_table(data: bytes, filename: str) -> Table:
    """The rows of a CSV or Excel file as (line number, {column: text}), after the upload guard."""
    is_excel = PurePath(filename).suffix.lower() == ".xlsx"
    try:
        check_upload(data, "xlsx" if is_excel else "text")
        rows = _excel_rows(data) if is_excel else _csv_rows(data)
    except UploadRejected as exc:
        raise ImportFailed([exc.message]) from exc
    if not rows:
        raise ImportFailed([_("The file is empty.")])
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in rows[0][1]]
    records = [
        (line, {name: cell.strip() for name, cell in zip(header, cells, strict=False)})
        for line, cells in rows[1:]
        if any(cell.strip() for cell in cells)
    ]
    return Table(header=header, records=records)


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [
                _(
                    "The file is not UTF-8 encoded (the first bad character is on line %(line)s). "
                    "Save it as 'CSV UTF-8' and try again."
                )
                % {"line": line}
            ]
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, cells) for cells in limit_rows(reader)]
    except csv.Error as exc:
        raise ImportFailed(
            [line_error(reader.line_num, _("the CSV file is malformed (%(error)s).") % {"error": exc})]
        ) from exc


def _excel_rows(data: bytes) -> list[tuple[int, list[str]]]:
    workbook = open_workbook(data)
    try:
        return [
            (number, ["" if cell is None else str(cell) for cell in cells])
            for number, cells in enumerate(sheet_rows(workbook.worksheets[0]), start=1)
        ]
    finally:
        workbook.close()


def _missing_columns(table: Table, required: Iterable[str]) -> None:
    absent = [name for name in required if name not in table.header]
    if absent:
        raise ImportFailed(
            [
                _("The file lacks the column(s) %(columns)s. The first row must hold the column names.")
                % {"columns": ", ".join(absent)}
            ]
        )


def _number(text: str) -> float | None:
    """A number from a cell, accepting a decimal comma and spaces as thousands separators."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if cleaned == "":
        return None
    value = float(cleaned)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(cleaned)
    return value


def _read_number(line: int, record: dict[str, str], name: str, errors: list[str]) -> float | None:
    text = record.get(name, "")
    try:
        value = _number(text)
    except ValueError:
        errors.append(
            line_error(
                line,
                _("'%(value)s' in the column %(column)s is not a number.") % {"value": text, "column": name},
            )
        )
        return None
    if value is None:
        errors.append(line_error(line, _("the column %(column)s is empty.") % {"column": name}))
    return value


@dataclass
class CodeBook:
    """Which codes of a classification exist: the shipped list, else the industries already stored."""

    classification: str
    known: dict[str, str]
    from_list: bool
    new: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, classification: str) -> CodeBook:
        listed = shipped(classification)
        stored = dict(Industry.objects.of(classification).values_list("code", "name"))
        if listed is not None:
            known = {code: c.name for code, c in listed.items() if c.level != "avdelning"}
            return cls(classification, {**known, **stored}, from_list=True)
        return cls(classification, stored, from_list=False)

    def check(self, line: int, text: str, name: str, column: str, errors: list[str]) -> str | None:
        code = normalise_code(text)
        if not code:
            errors.append(line_error(line, _("the column %(column)s is empty.") % {"column": column}))
            return None
        if not CODE_PATTERN.match(code):
            errors.append(line_error(line, _("'%(code)s' is not a code.") % {"code": text[:40]}))
            return None
        if code in self.known or code in self.new:
            return code
        if not self.from_list and name:
            self.new[code] = name[:300]
            return code
        label = Classification(self.classification).label
        if self.from_list:
            message = _("unknown code '%(code)s' in the %(classification)s code list.")
        else:
            message = _("unknown code '%(code)s' in %(classification)s. Give its name in the file to add it.")
        errors.append(line_error(line, message % {"code": code, "classification": label}))
        return None

    def missing_industries(self, codes: Iterable[str]) -> dict[str, str]:
        """The codes used that have no Industry row yet, with their names."""
        stored = set(Industry.objects.of(self.classification).values_list("code", flat=True))
        names = {**self.known, **self.new}
        return {code: names[code] for code in sorted(set(codes)) if code not in stored}


def _ensure_industries(classification: str, missing: dict[str, str]) -> dict[str, Industry]:
    from jamlik.labour.codes import section_of

    Industry.objects.bulk_create(
        [
            Industry(
                kind=Classification.kind_of(classification),
                classification=classification,
                code=code,
                name=name,
                section=section_of(classification, code),
            )
            for code, name in missing.items()
        ]
    )
    return {i.code: i for i in Industry.objects.of(classification)}


# ---------------------------------------------------------------- matrices


@dataclass
class MatrixOptions:
    name: str
    classification: str
    period: str
    source: str
    licence: str = ""
    attribution: str = ""
    symmetric: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MatrixPlan:
    options: MatrixOptions
    measure: str
    flows: dict[tuple[str, str], tuple[float | None, float | None, float, float | None]]
    new_industries: dict[str, str]
    exists: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    details_changed: bool = False
    diagonal: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.created or self.updated or self.deleted or self.details_changed or self.new_industries
        )

    @property
    def industries(self) -> int:
        return len({code for pair in self.flows for code in pair})


def plan_matrix(data: bytes, filename: str, options: MatrixOptions) -> MatrixPlan:
    """Read and check a matrix file and work out what importing it would change. Raises ImportFailed."""
    table = read_table(data, filename)
    _missing_columns(table, ("from", "to"))
    measures = [m for m in ("count", "sr", "sr_norm") if m in table.header]
    if not measures:
        raise ImportFailed([_("The file needs one of the columns count, sr or sr_norm.")])
    measure = measures[0]  # counted flows are preferred: SR is then computed here, with p-values
    book = CodeBook.load(options.classification)
    errors: list[str] = []
    seen: dict[tuple[str, str], tuple[int, float]] = {}
    diagonal = 0
    for line, record in table.records:
        row_errors: list[str] = []
        origin = book.check(line, record.get("from", ""), record.get("from_name", ""), "from", row_errors)
        destination = book.check(line, record.get("to", ""), record.get("to_name", ""), "to", row_errors)
        value = _read_number(line, record, measure, row_errors)
        if value is not None:
            row_errors += _check_value(line, measure, value)
        if row_errors or origin is None or destination is None or value is None:
            errors += row_errors
            continue
        if origin == destination:
            diagonal += 1  # job changes within an industry say nothing about relatedness
            continue
        key = (
            (min(origin, destination), max(origin, destination))
            if options.symmetric
            else (origin, destination)
        )
        if key in seen:
            first, earlier = seen[key]
            if not (options.symmetric and math.isclose(earlier, value, rel_tol=1e-9, abs_tol=1e-12)):
                errors.append(
                    line_error(
                        line,
                        _("the pair %(a)s–%(b)s is already on line %(other)s.")
                        % {"a": key[0], "b": key[1], "other": first},
                    )
                )
            continue
        seen[key] = (line, value)
    if not errors and not seen:
        errors.append(_("The file contains no pairs of different industries."))
    if errors:
        raise ImportFailed(_shorten(errors))
    flows = _relatedness(measure, {key: value for key, (_line, value) in seen.items()}, options.symmetric)
    plan = MatrixPlan(
        options=options,
        measure=measure,
        flows=flows,
        new_industries=book.missing_industries(code for pair in flows for code in pair),
        exists=False,
        diagonal=diagonal,
    )
    _compare_matrix(plan)
    names = {**book.known, **book.new}
    plan.preview = [
        {
            "origin": o,
            "origin_name": names.get(o, ""),
            "destination": d,
            "destination_name": names.get(d, ""),
            "count": v[0],
            "sr": v[1],
            "sr_norm": v[2],
            "p_value": v[3],
        }
        for (o, d), v in sorted(plan.flows.items(), key=lambda item: -item[1][2])[:PREVIEW_ROWS]
    ]
    return plan


def _check_value(line: int, measure: str, value: float) -> list[str]:
    if measure in ("count", "sr") and value < 0:
        return [line_error(line, _("the column %(column)s cannot be negative.") % {"column": measure})]
    if measure == "sr_norm" and not -1.0 <= value <= 1.0:
        return [line_error(line, _("sr_norm must lie between −1 and 1."))]
    return []


def _relatedness(
    measure: str, values: dict[tuple[str, str], float], symmetric: bool
) -> dict[tuple[str, str], tuple[float | None, float | None, float, float | None]]:
    """(count, SR, SR̃, p-value) per pair: computed from counts, or the given measure and the one derived."""
    if measure == "count":
        pairs = list(values.items())
        if symmetric:  # job changes counted once per pair, either way: both directions carry them
            pairs += [((d, o), v) for (o, d), v in pairs]
        flows = pl.DataFrame(
            {
                "origin": [o for (o, _d), _v in pairs],
                "destination": [d for (_o, d), _v in pairs],
                "count": [v for _k, v in pairs],
            },
            schema={"origin": pl.String, "destination": pl.String, "count": pl.Float64},
        )
        result = skill_relatedness(flows)
        computed = {
            (r["origin"], r["destination"]): (r["count"], r["sr"], r["sr_norm"], r["p_value"])
            for r in result.iter_rows(named=True)
        }
        out = {}
        for key in values:
            count, sr, sr_norm, p = computed[key]
            out[key] = (count, _finite(sr), sr_norm if _finite(sr_norm) is not None else -1.0, p)
        return out
    if measure == "sr":
        return {key: (None, sr, (sr - 1.0) / (sr + 1.0), None) for key, sr in values.items()}
    return {key: (None, (1.0 + s) / (1.0 - s) if s < 1.0 else None, s, None) for key, s in values.items()}


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _compare_matrix(plan: MatrixPlan) -> None:
    options = plan.options
    matrix = Matrix.objects.filter(name=options.name).first()
    if matrix is None:
        plan.created = len(plan.flows)
        return
    plan.exists = True
    details = _matrix_details(options, plan.measure)
    plan.details_changed = any(getattr(matrix, k) != v for k, v in details.items())
    existing = {
        (f.origin.code, f.destination.code): (f.count, f.sr, f.sr_norm, f.p_value)
        for f in matrix.flows.select_related("origin", "destination")
    }
    plan.deleted = len(set(existing) - set(plan.flows))
    for key, values in plan.flows.items():
        if key not in existing:
            plan.created += 1
        elif existing[key] != values:
            plan.updated += 1
        else:
            plan.unchanged += 1


def _matrix_details(options: MatrixOptions, measure: str) -> dict[str, Any]:
    return {
        "kind": Classification.kind_of(options.classification),
        "classification": options.classification,
        "period": options.period,
        "measure": Matrix.Measure.FLOWS.value if measure == "count" else measure,
        "symmetric": options.symmetric,
        "source": options.source,
        "licence": options.licence,
        "attribution": options.attribution,
    }


def write_matrix(plan: MatrixPlan, *, acting_user: Any, now: Any) -> Matrix:
    """Write a plan made inside the caller's transaction: industries, the matrix, its flows."""
    options = plan.options
    industries = _ensure_industries(options.classification, plan.new_industries)
    details = _matrix_details(options, plan.measure)
    matrix = Matrix.objects.filter(name=options.name).first()
    if matrix is None:
        matrix = Matrix.objects.create(name=options.name, imported_at=now, imported_by=acting_user, **details)
    elif plan.changes_anything:
        for key, value in details.items():
            setattr(matrix, key, value)
        matrix.imported_at, matrix.imported_by = now, acting_user
        matrix.save()
    existing = {
        (f.origin.code, f.destination.code): f for f in matrix.flows.select_related("origin", "destination")
    }
    gone = [f.pk for key, f in existing.items() if key not in plan.flows]
    Flow.objects.filter(pk__in=gone).delete()
    to_create, to_update = [], []
    for (o, d), (count, sr, sr_norm, p) in plan.flows.items():
        current = existing.get((o, d))
        if current is None:
            to_create.append(
                Flow(
                    matrix=matrix,
                    origin=industries[o],
                    destination=industries[d],
                    count=count,
                    sr=sr,
                    sr_norm=sr_norm,
                    p_value=p,
                )
            )
        elif (current.count, current.sr, current.sr_norm, current.p_value) != (count, sr, sr_norm, p):
            current.count, current.sr, current.sr_norm, current.p_value = count, sr, sr_norm, p
            to_update.append(current)
    Flow.objects.bulk_create(to_create, batch_size=2000)
    Flow.objects.bulk_update(to_update, ["count", "sr", "sr_norm", "p_value"], batch_size=2000)
    return matrix


# ---------------------------------------------------------------- employment


@dataclass
class EmploymentOptions:
    classification: str
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EmploymentRow:
    line: int
    area_code: str
    industry: str
    year: int
    sex: str
    count: int


@dataclass
class EmploymentPlan:
    options: EmploymentOptions
    rows: list[EmploymentRow]
    new_areas: dict[str, str]
    new_industries: dict[str, str]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated or self.new_areas or self.new_industries)


def plan_employment(data: bytes, filename: str, options: EmploymentOptions) -> EmploymentPlan:
    """Read and check an employment file and work out what importing it would change."""
    table = read_table(data, filename)
    _missing_columns(table, ("area_code", "industry", "year", "sex", "count"))
    book = CodeBook.load(options.classification)
    known_areas = set(Area.objects.values_list("code", flat=True))
    new_areas: dict[str, str] = {}
    errors: list[str] = []
    rows: list[EmploymentRow] = []
    seen: dict[tuple[str, str, int, str], int] = {}
    for line, record in table.records:
        row_errors: list[str] = []
        area = record.get("area_code", "")
        if not area:
            row_errors.append(
                line_error(line, _("the column %(column)s is empty.") % {"column": "area_code"})
            )
        elif len(area) > 40:
            row_errors.append(
                line_error(line, _("the area code '%(code)s…' is too long.") % {"code": area[:20]})
            )
        elif area not in known_areas and area not in new_areas:
            if record.get("area_name"):
                new_areas[area] = record["area_name"][:200]
            else:
                row_errors.append(
                    line_error(
                        line,
                        _("unknown area '%(code)s'. Give its name in area_name to create it.")
                        % {"code": area},
                    )
                )
        industry = book.check(
            line, record.get("industry", ""), record.get("industry_name", ""), "industry", row_errors
        )
        year = _year(line, record.get("year", ""), row_errors)
        sex = SEX_ALIASES.get(record.get("sex", "").lower())
        if sex is None:
            row_errors.append(
                line_error(
                    line, _("'%(value)s' is not a sex; use K, M or T.") % {"value": record.get("sex", "")}
                )
            )
        count = _read_number(line, record, "count", row_errors)
        if count is not None and (count < 0 or count != int(count)):
            row_errors.append(line_error(line, _("the number employed must be a whole number, 0 or more.")))
        if row_errors or industry is None or year is None or sex is None or count is None:
            errors += row_errors
            continue
        key = (area, industry, year, sex.value)
        if key in seen:
            errors.append(
                line_error(
                    line, _("the same figure as on line %(other)s is given again.") % {"other": seen[key]}
                )
            )
            continue
        seen[key] = line
        rows.append(EmploymentRow(line, area, industry, year, sex.value, int(count)))
    errors += _check_sexes(rows)
    if not errors and not rows:
        errors.append(_("The file contains no figures."))
    if errors:
        raise ImportFailed(_shorten(errors))
    plan = EmploymentPlan(
        options=options,
        rows=rows,
        new_areas=new_areas,
        new_industries=book.missing_industries(r.industry for r in rows),
    )
    _compare_employment(plan)
    plan.preview = _employment_summary(rows, {**dict(Area.objects.values_list("code", "name")), **new_areas})
    return plan


def _year(line: int, text: str, errors: list[str]) -> int | None:
    year = None
    with contextlib.suppress(ValueError):
        year = int(float(text.replace(",", "."))) if text else None
    if year is None or not 1900 <= year <= 2100:
        errors.append(line_error(line, _("'%(value)s' is not a year.") % {"value": text}))
        return None
    return year


def _check_sexes(rows: list[EmploymentRow]) -> list[str]:
    """Employment is person-based: women and men must be given, a total alone hides the split."""
    groups: dict[tuple[str, str, int], tuple[int, set[str]]] = {}
    for row in rows:
        _first, sexes = groups.setdefault((row.area_code, row.industry, row.year), (row.line, set()))
        sexes.add(row.sex)
    return [
        line_error(
            first,
            _("employment in %(industry)s in %(year)s is given only as a total; give women (K) and men (M).")
            % {"industry": industry, "year": year},
        )
        for (_area, industry, year), (first, sexes) in groups.items()
        if not sexes & {Sex.WOMEN.value, Sex.MEN.value}
    ]


def _compare_employment(plan: EmploymentPlan) -> None:
    existing = {
        (area, industry, year, sex): count
        for area, industry, year, sex, count in Employment.objects.filter(
            industry__classification=plan.options.classification,
            area__code__in={r.area_code for r in plan.rows},
            year__in={r.year for r in plan.rows},
        ).values_list("area__code", "industry__code", "year", "sex", "count")
    }
    for row in plan.rows:
        current = existing.get((row.area_code, row.industry, row.year, row.sex))
        if current is None:
            plan.created += 1
        elif current != row.count:
            plan.updated += 1
        else:
            plan.unchanged += 1


def _employment_summary(rows: list[EmploymentRow], area_names: dict[str, str]) -> list[dict[str, Any]]:
    """Women, men and industries per area and year: what the preview shows of the file."""
    summary: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        entry = summary.setdefault(
            (row.area_code, row.year),
            {
                "area": area_names.get(row.area_code, row.area_code),
                "year": row.year,
                "women": 0,
                "men": 0,
                "industries": set(),
            },
        )
        if row.sex == Sex.WOMEN:
            entry["women"] += row.count
        elif row.sex == Sex.MEN:
            entry["men"] += row.count
        entry["industries"].add(row.industry)
    return [{**entry, "industries": len(entry["industries"])} for _key, entry in sorted(summary.items())]


def write_employment(plan: EmploymentPlan, *, now: Any) -> None:
    """Write a plan inside the caller's transaction: new areas and industries, then the figures."""
    for code, name in plan.new_areas.items():
        Area.objects.get_or_create(code=code, defaults={"name": name})
    industries = _ensure_industries(plan.options.classification, plan.new_industries)
    areas = {a.code: a for a in Area.objects.filter(code__in={r.area_code for r in plan.rows})}
    existing = {
        (e.area_id, e.industry_id, e.year, e.sex): e
        for e in Employment.objects.filter(
            area__in=areas.values(),
            industry__classification=plan.options.classification,
            year__in={r.year for r in plan.rows},
        )
    }
    to_create, to_update = [], []
    for row in plan.rows:
        area, industry = areas[row.area_code], industries[row.industry]
        current = existing.get((area.pk, industry.pk, row.year, row.sex))
        if current is None:
            to_create.append(
                Employment(
                    area=area,
                    industry=industry,
                    year=row.year,
                    sex=row.sex,
                    count=row.count,
                    source=plan.options.source[:300],
                    imported_at=now,
                )
            )
        elif current.count != row.count:
            current.count, current.source, current.imported_at = row.count, plan.options.source[:300], now
            to_update.append(current)
    Employment.objects.bulk_create(to_create, batch_size=2000)
    Employment.objects.bulk_update(to_update, ["count", "source", "imported_at"], batch_size=2000)


# ---------------------------------------------------------------- templates


def template_csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


MATRIX_EXAMPLE = [
    ["241", "251", "120", "", "", "", ""],
    ["251", "241", "95", "", "", "", ""],
    ["251", "432", "60", "", "", "", ""],
]
EMPLOYMENT_EXAMPLE = [
    ["1480", "Göteborg", "241", "", "2023", "K", "310"],
    ["1480", "Göteborg", "241", "", "2023", "M", "1450"],
]
