"""The code lists shipped with the app, and how codes in imported files are read.

SNI 2007 (SCB's Swedish Standard Industrial Classification, built on NACE Rev. 2) is shipped as
`data/sni2007.csv`: its 21 sections (letters), 88 divisions (two digits) and 272 groups (three digits)
with their Swedish names. Codes are kept as digits only, so "10.1", "10 1" and "101" are one group.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jamlik.labour.models import Classification

DATA = Path(__file__).resolve().parent / "data"
CODE_PATTERN = re.compile(r"^[0-9A-Z]{1,10}$")


@dataclass(frozen=True)
class Code:
    code: str
    level: str
    name: str
    section: str


def normalise_code(text: str) -> str:
    """The stored form of a code: dots, spaces and dashes removed, letters upper case."""
    return re.sub(r"[\s.\-]", "", str(text)).upper()


@functools.cache
def sni2007() -> dict[str, Code]:
    """Every SNI 2007 section, division and group by code; a division or group knows its section."""
    codes: dict[str, Code] = {}
    section = ""
    with (DATA / "sni2007.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["level"] == "avdelning":
                section = row["code"]
            codes[row["code"]] = Code(code=row["code"], level=row["level"], name=row["name"], section=section)
    return codes


def shipped(classification: str) -> dict[str, Code] | None:
    """The shipped list of a classification, or None when codes must come from the data itself."""
    return sni2007() if classification == Classification.SNI2007 else None


def section_of(classification: str, code: str) -> str:
    """The top level a code belongs to: the SNI section, else the first character (SSYK major group)."""
    known = shipped(classification)
    if known is not None and code in known:
        return known[code].section
    return code[:1]
