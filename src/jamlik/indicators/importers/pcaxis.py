"""A parser for PC-Axis (.px) files, the format SCB and the regions publish their tables in.

A file is a list of `KEYWORD[lang]("subkey")=value;` statements ending with `DATA=… ;`. The parts used here:
CHARSET/CODEPAGE (encoding), MATRIX, TITLE, CONTENTS, UNITS, SOURCE, STUB and HEADING (the variables, rows
then columns), VALUES and CODES per variable, TIMEVAL (marks the time variable) and DATA, whose cells run
row-major over STUB + HEADING. ".." and "." (and the other dot codes, and "-") mean the figure is missing.
Only the default language is read; keywords with a [lang] suffix are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jamlik.indicators.importers.base import ImportFailed, line_error
from jamlik.indicators.importers.cube import Cube, Variable, guess_role

KEYWORD = re.compile(r"^([A-Za-z][A-Za-z0-9\-]*)(\[[A-Za-z_\-]+\])?(\((.*)\))?$", re.DOTALL)
MISSING = {".", "..", "...", "....", ".....", "......", "-", ""}
ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "iso-8859-1": "latin-1",
    "iso-8859-15": "iso-8859-15",
    "latin1": "latin-1",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "ansi": "cp1252",
}


@dataclass
class Statement:
    key: str
    subkeys: list[str]
    value: str
    line: int


def decode(data: bytes) -> str:
    """Text from the bytes, using CODEPAGE, then CHARSET (ANSI means Windows-1252), else UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
        data = data[3:]
    else:
        codepage = re.search(rb'CODEPAGE\s*=\s*"([^"]+)"', data[:20000])
        charset = re.search(rb'CHARSET\s*=\s*"([^"]+)"', data[:20000])
        found = codepage or charset
        name = found.group(1).decode("ascii", "replace").lower() if found else ""
        if name and name not in ENCODINGS:
            raise ImportFailed(
                [_("The file declares the unknown character set '%(name)s'.") % {"name": name}]
            )
        encoding = ENCODINGS.get(name, "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [
                line_error(
                    line,
                    _(
                        "the file cannot be read as %(encoding)s. Check its CHARSET and CODEPAGE keywords "
                        '(CHARSET="ANSI" means Windows-1252).'
                    )
                    % {"encoding": encoding.upper()},
                )
            ]
        ) from exc


def statements(text: str) -> list[Statement]:
    """Split the text at the semicolons that end statements (not those inside quotes)."""
    result: list[Statement] = []
    start, line, start_line, in_quote = 0, 1, 1, False
    for pos, char in enumerate(text):
        if char == '"':
            in_quote = not in_quote
        elif char == "\n":
            line += 1
        elif char == ";" and not in_quote:
            chunk = text[start:pos]
            leading = len(chunk) - len(chunk.lstrip())
            result.append(_statement(chunk.strip(), start_line + chunk[:leading].count("\n")))
            start, start_line = pos + 1, line
    if text[start:].strip():
        raise ImportFailed(
            [
                line_error(
                    start_line,
                    _("the last statement does not end with a semicolon; the file may be cut off."),
                )
            ]
        )
    if in_quote:
        raise ImportFailed([line_error(start_line, _("a quotation mark is not closed."))])
    return result


def _statement(chunk: str, line: int) -> Statement:
    key_part, sep, value = _split_key(chunk)
    match = KEYWORD.match(key_part.strip())
    if not sep or match is None:
        raise ImportFailed(
            [line_error(line, _("'%(text)s' is not a PC-Axis keyword.") % {"text": chunk[:40]})]
        )
    subkeys = strings(match.group(4)) if match.group(4) else []
    key = match.group(1).upper() + (match.group(2) or "")
    return Statement(key=key, subkeys=subkeys, value=value, line=line)


def _split_key(chunk: str) -> tuple[str, str, str]:
    """Split at the first '=' that is outside quotes and parentheses."""
    depth, in_quote = 0, False
    for pos, char in enumerate(chunk):
        if char == '"':
            in_quote = not in_quote
        elif not in_quote and char == "(":
            depth += 1
        elif not in_quote and char == ")":
            depth -= 1
        elif not in_quote and depth == 0 and char == "=":
            return chunk[:pos], "=", chunk[pos + 1 :]
    return chunk, "", ""


def strings(value: str) -> list[str]:
    """The quoted strings of a value list.

    Strings not separated by a comma are one long string split over lines.
    """
    items: list[str] = []
    joining = False
    for match in re.finditer(r'"([^"]*)"|(,)', value):
        if match.group(2):
            joining = False
        elif joining and items:
            items[-1] += match.group(1)
        else:
            items.append(match.group(1))
            joining = True
    return items


def parse_px(data: bytes, *, indicator_code: str = "") -> Cube:
    """Parse a .px file into a cube; raises ImportFailed with the line of every problem found."""
    parsed = statements(decode(data))
    by_key: dict[str, list[Statement]] = {}
    for st in parsed:
        by_key.setdefault(st.key, []).append(st)
    errors: list[str] = []

    def one(key: str) -> str:
        found = by_key.get(key)
        return " ".join(strings(found[0].value)) if found else ""

    def per_variable(key: str) -> dict[str, Statement]:
        return {st.subkeys[0]: st for st in by_key.get(key, []) if st.subkeys}

    stub = strings(by_key["STUB"][0].value) if "STUB" in by_key else []
    heading = strings(by_key["HEADING"][0].value) if "HEADING" in by_key else []
    if not stub and not heading:
        errors.append(_("The file has neither STUB nor HEADING, so its variables are unknown."))
    if "DATA" not in by_key:
        errors.append(_("The file has no DATA block."))
    if errors:
        raise ImportFailed(errors)
    values, codes, timevals = per_variable("VALUES"), per_variable("CODES"), per_variable("TIMEVAL")
    variables: list[Variable] = []
    for name in stub + heading:
        if name not in values:
            errors.append(_("The variable '%(name)s' has no VALUES.") % {"name": name})
            continue
        labels = strings(values[name].value)
        value_codes = strings(codes[name].value) if name in codes else labels
        if len(value_codes) != len(labels):
            errors.append(
                line_error(
                    codes[name].line, _("CODES and VALUES of '%(name)s' differ in length.") % {"name": name}
                )
            )
            continue
        hint = "time" if name in timevals else ""
        variables.append(
            Variable(
                code=name,
                label=name,
                values=list(zip(value_codes, labels, strict=True)),
                role=guess_role(name, name, hint),
            )
        )
    if errors:
        raise ImportFailed(errors)
    cells = _data(by_key["DATA"][0], errors)
    if errors:
        raise ImportFailed(errors)
    units = per_variable("UNITS")
    return Cube(
        variables=variables,
        cells=cells,
        indicator_code=indicator_code or one("MATRIX") or "px",
        title=one("CONTENTS") or one("TITLE"),
        unit=one("UNITS") if "UNITS" in by_key and not units else "",
        source=one("SOURCE"),
        units_by_content={k: " ".join(strings(v.value)) for k, v in units.items()},
    )


def _data(statement: Statement, errors: list[str]) -> list[float | None]:
    cells: list[float | None] = []
    line = statement.line
    for text_line in statement.value.split("\n"):
        for token in re.findall(r'"[^"]*"|[^\s,"]+', text_line):
            raw = token.strip('"')
            if raw in MISSING:
                cells.append(None)
                continue
            try:
                cells.append(float(raw))
            except ValueError:
                errors.append(line_error(line, _("'%(value)s' in DATA is not a number.") % {"value": raw}))
                if len(errors) > 20:
                    return cells
        line += 1
    return cells
