"""Reading the long table from disk and checking the output file name."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ._errors import MeasureInputError

INPUT_FORMATS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}
OUTPUT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def _csv_separator(path: Path) -> str:
    """Guess ',' or ';' from the header line (Swedish spreadsheet exports use ';')."""
    with path.open("rb") as fh:
        header = fh.readline().decode("utf-8-sig", errors="replace")
    if header.count(";") > header.count(","):
        return ";"
    if header.count("\t") > header.count(","):
        return "\t"
    return ","


def scan_input(path: Path) -> tuple[pl.LazyFrame, str]:
    """Lazy scan of a CSV or Parquet file, and the CSV separator ("" for Parquet).

    CSV columns are read as text so that a non-numeric value is reported with its row instead of
    failing inside the CSV parser; a ';'-separated file is assumed to use decimal commas (the usual
    Swedish spreadsheet export).
    """
    kind = INPUT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise MeasureInputError(
            f"Okänd filändelse för indata: '{path.suffix or path.name}'. Använd .csv eller .parquet."
        )
    if not path.is_file():
        raise MeasureInputError(f"Indatafilen '{path}' finns inte.")
    if kind == "parquet":
        return pl.scan_parquet(path), ""
    separator = _csv_separator(path)
    lf = pl.scan_csv(path, infer_schema=False, separator=separator, encoding="utf8-lossy")
    names = lf.collect_schema().names()
    clean = {name: name.lstrip("\ufeff").strip() for name in names}  # Excel's byte-order mark, blanks
    if any(old != new for old, new in clean.items()):
        lf = lf.rename(clean)
    return lf, separator


def output_format(path: Path) -> str:
    """The writer for ``path``; raises before any work is done if the extension is unknown."""
    kind = OUTPUT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise MeasureInputError(
            f"Okänd filändelse för utdata: '{path.suffix or path.name}'. Använd .csv eller .parquet."
        )
    if not path.parent.resolve().is_dir():
        raise MeasureInputError(f"Mappen '{path.parent}' för utdatafilen finns inte.")
    return kind
