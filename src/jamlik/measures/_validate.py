"""Check the long input table and turn it into typed internal columns.

Every check reports the *first* offending data row (1-based, header not counted) and the column, in
Swedish, so that an analyst can open the file and fix it. Checks run on whole columns at once; the only
per-error work is building the one message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from ._errors import MeasureInputError

KEYS: tuple[str, ...] = ("setting", "year", "indicator", "dimension")
REQUIRED: tuple[str, ...] = (*KEYS, "subgroup", "estimate", "favourable", "ordered")
OPTIONAL: tuple[str, ...] = ("se", "population", "scale", "subgroup_order", "reference", "setting_average")
ROW = "_row"

# input column -> internal short name used throughout the computation
NUMERIC_COLUMNS: dict[str, str] = {
    "estimate": "y",
    "se": "s",
    "population": "N",
    "scale": "scale",
    "subgroup_order": "order",
    "setting_average": "savg",
    "favourable": "fav",
    "ordered": "ordered",
    "reference": "ref",
}
FLAG_COLUMNS: tuple[str, ...] = ("favourable", "ordered", "reference")
TEXT_COLUMNS: tuple[str, ...] = ("setting", "indicator", "dimension", "subgroup")
MISSING_TOKENS: tuple[str, ...] = ("", "na", "nan", "null")


def check_columns(columns: Sequence[str]) -> None:
    """Stop early (before any data is read) when a required column is absent."""
    present = set(columns)
    for name in REQUIRED:
        if name not in present:
            raise MeasureInputError(
                f"Kolumnen '{name}' saknas i indata. Nödvändiga kolumner är: {', '.join(REQUIRED)}.",
                column=name,
            )


def _parsed(name: str, dtype: pl.DataType, decimal_comma: bool) -> tuple[pl.Expr, pl.Expr]:
    """Return (value as Float64 or null, mask of cells that are present but not a finite number)."""
    col = pl.col(name)
    if dtype == pl.String:
        text = col.str.strip_chars()
        if decimal_comma:
            text = text.str.replace(",", ".", literal=True)
        missing = text.is_null() | text.str.to_lowercase().is_in(list(MISSING_TOKENS))
        number = text.cast(pl.Float64, strict=False)
        value = pl.when(missing).then(None).otherwise(number)
        bad = ~missing & (number.is_null() | number.is_infinite())
        return value, bad
    if dtype.is_numeric() or dtype == pl.Boolean:
        number = col.cast(pl.Float64).fill_nan(None)
        return number, number.is_infinite().fill_null(False)
    return _parsed_via_text(name, decimal_comma)


def _parsed_via_text(name: str, decimal_comma: bool) -> tuple[pl.Expr, pl.Expr]:
    text = pl.col(name).cast(pl.String).str.strip_chars()
    if decimal_comma:
        text = text.str.replace(",", ".", literal=True)
    number = text.cast(pl.Float64, strict=False)
    missing = text.is_null() | text.str.to_lowercase().is_in(list(MISSING_TOKENS))
    return pl.when(missing).then(None).otherwise(number), ~missing & number.is_null()


@dataclass(frozen=True)
class _Check:
    """One row-level rule: ``bad`` marks offending rows, ``message`` builds the text from the raw value."""

    column: str
    bad: pl.Expr
    message: Callable[[int, str], str]


# Messages that name their column: each binds the column when its check is made (a lambda written in
# the loop would see the loop's last column by the time it is called).
def _missing_text(n: str) -> Callable[[int, str], str]:
    return lambda r, v: f"Kolumnen '{n}' saknar värde på rad {r}."


def _not_a_number(n: str) -> Callable[[int, str], str]:
    return lambda r, v: f"Kolumnen '{n}' på rad {r} innehåller '{v}', som inte är ett tal."


def _missing_flag(n: str) -> Callable[[int, str], str]:
    return lambda r, v: f"Kolumnen '{n}' saknar värde på rad {r}; ange 0 eller 1."


def _not_a_flag(n: str) -> Callable[[int, str], str]:
    return lambda r, v: f"Kolumnen '{n}' på rad {r} innehåller '{v}', men får bara vara 0 eller 1."


def _row_checks(schema: pl.Schema, bad_numbers: dict[str, pl.Expr]) -> list[_Check]:
    """All row-level rules, in the order they should be reported for the same row."""
    checks: list[_Check] = []
    for name in TEXT_COLUMNS:
        text = pl.col(name)
        checks.append(_Check(name, text.is_null() | (text == ""), _missing_text(name)))
    for name, bad in bad_numbers.items():
        checks.append(_Check(name, bad, _not_a_number(name)))
    checks.append(
        _Check(
            "year",
            pl.col("year_").is_null() | (pl.col("year_") != pl.col("year_").floor()),
            lambda r, v: f"Kolumnen 'year' på rad {r} innehåller '{v}', som inte är ett årtal (heltal).",
        )
    )
    for name in ("favourable", "ordered"):
        checks.append(_Check(name, pl.col(NUMERIC_COLUMNS[name]).is_null(), _missing_flag(name)))
    for name in FLAG_COLUMNS:
        if name in schema:
            short = pl.col(NUMERIC_COLUMNS[name])
            checks.append(_Check(name, short.is_not_null() & ~short.is_in([0.0, 1.0]), _not_a_flag(name)))
    checks += _range_checks(schema)
    return checks


def _range_checks(schema: pl.Schema) -> list[_Check]:
    checks: list[_Check] = []
    if "population" in schema:
        checks.append(
            _Check(
                "population",
                pl.col("N") < 0,
                lambda r, v: (
                    f"Kolumnen 'population' på rad {r} är negativ ({v}); "
                    "befolkningen kan inte vara mindre än 0."
                ),
            )
        )
    if "se" in schema:
        checks.append(
            _Check(
                "se",
                pl.col("s") < 0,
                lambda r, v: (
                    f"Kolumnen 'se' på rad {r} är negativ ({v}); ett medelfel kan inte vara mindre än 0."
                ),
            )
        )
    if "scale" in schema:
        checks.append(
            _Check(
                "scale",
                pl.col("scale") <= 0,
                lambda r, v: (
                    f"Kolumnen 'scale' på rad {r} är {v}; skalan måste vara större än 0 "
                    "(t.ex. 100 för procent) eller lämnas tom för obegränsade indikatorer."
                ),
            )
        )
    checks.append(
        _Check(
            "subgroup_order",
            (pl.col("ordered") == 1) & pl.col("order").is_null(),
            lambda r, v: (
                f"Kolumnen 'subgroup_order' saknar värde på rad {r}, men dimensionen är ordnad (ordered = 1)."
            ),
        )
    )
    return checks


def _text(name: str, strip: bool) -> pl.Expr:
    text = pl.col(name).cast(pl.String)
    return (text.str.strip_chars() if strip else text).alias(name)


def _raw_value(raw: pl.DataFrame, column: str, row: int) -> str:
    if column not in raw.columns:
        return ""
    value = raw.filter(pl.col(ROW) == row).get_column(column)
    return "" if value.is_empty() or value[0] is None else str(value[0])


def _raise_first(raw: pl.DataFrame, typed: pl.DataFrame, checks: list[_Check]) -> None:
    """Evaluate all rules in one pass and raise for the earliest row (ties: rule order)."""
    firsts = typed.select(
        [pl.col(ROW).filter(c.bad.fill_null(False)).min().alias(str(i)) for i, c in enumerate(checks)]
    ).row(0)
    found = [(row, i) for i, row in enumerate(firsts) if row is not None]
    if not found:
        return
    row, index = min(found)
    check = checks[index]
    raise MeasureInputError(
        check.message(row, _raw_value(raw, check.column, row)), column=check.column, row=row
    )


def standardise(raw: pl.DataFrame, *, decimal_comma: bool = False, strip_text: bool = False) -> pl.DataFrame:
    """Validate row-level rules and return the internal typed frame.

    ``raw`` must carry the 1-based row number in column ``_row``. Output columns: ``_row``, the four
    group keys, ``subgroup``, and y, s, N, scale, order, savg (Float64) plus fav, ordered, ref (Boolean).
    ``strip_text`` removes surrounding blanks from the key and subgroup texts (worth its cost for
    hand-edited CSV files, not for typed Parquet or in-memory frames).
    """
    check_columns(raw.columns)
    schema = raw.schema
    values: dict[str, pl.Expr] = {}
    bad_numbers: dict[str, pl.Expr] = {}
    for name, short in NUMERIC_COLUMNS.items():
        if name in schema:
            value, bad = _parsed(name, schema[name], decimal_comma)
            values[short] = value
            bad_numbers[name] = bad
        else:
            values[short] = pl.lit(None, dtype=pl.Float64)
    year_value, _ = _parsed("year", schema["year"], False)
    typed = raw.select(
        pl.col(ROW),
        *[_text(name, strip_text) for name in TEXT_COLUMNS],
        year_value.alias("year_"),
        *[expr.alias(short) for short, expr in values.items()],
        *[bad.alias(f"bad_{name}") for name, bad in bad_numbers.items()],
    )
    bad_cols = {name: pl.col(f"bad_{name}") for name in bad_numbers}
    _raise_first(raw, typed, _row_checks(schema, bad_cols))
    return typed.select(
        pl.col(ROW),
        pl.col("setting"),
        pl.col("year_").cast(pl.Int64).alias("year"),
        pl.col("indicator"),
        pl.col("dimension"),
        pl.col("subgroup"),
        *[pl.col(c) for c in ("y", "s", "N", "scale", "order", "savg")],
        (pl.col("fav") == 1).alias("fav"),
        (pl.col("ordered") == 1).alias("ordered"),
        (pl.col("ref").fill_null(0) == 1).alias("ref"),
    )


def group_label(row: dict[str, object]) -> str:
    """Human-readable group description used in messages."""
    return ", ".join(f"{k}={row[k]}" for k in KEYS)


def check_groups(rows: pl.DataFrame, groups: pl.DataFrame) -> None:
    """Raise for the first group-level error; ``rows`` sorted by group and subgroup, with ``_gid``.

    Cheap vectorised tests (each row against the previous row of the same group) decide *whether* there
    is an error; only then is the offending row looked up.
    """
    same_group = (pl.col("_gid") == pl.col("_gid").shift(1)).fill_null(False)

    def changed(col: str) -> pl.Expr:
        return same_group & ~pl.col(col).eq_missing(pl.col(col).shift(1))

    flags = rows.select(
        (same_group & (pl.col("subgroup") == pl.col("subgroup").shift(1))).any().alias("subgroup"),
        changed("fav").any().alias("favourable"),
        changed("ordered").any().alias("ordered"),
        changed("scale").any().alias("scale"),
    ).row(0, named=True)
    candidates: list[tuple[int, str, str]] = []
    if flags["subgroup"]:
        same = same_group & (pl.col("subgroup") == pl.col("subgroup").shift(1))
        candidates.append(_duplicate_message(rows, rows.filter(same)))
    for column, short in (("favourable", "fav"), ("ordered", "ordered"), ("scale", "scale")):
        if flags[column]:
            bad_gids = rows.filter(changed(short)).get_column("_gid").unique()
            candidates.append(
                _inconsistent(rows.filter(pl.col("_gid").is_in(bad_gids.implode())), column, short)
            )
    bad_ref = groups.filter(pl.col("n_ref") > 1).get_column("_gid")
    if bad_ref.len():
        sub = rows.filter(pl.col("_gid").is_in(bad_ref.implode()) & pl.col("ref"))
        hit = _second_rows(sub, ["_gid"]).row(0, named=True)
        candidates.append(
            (
                hit[ROW],
                "reference",
                f"Kolumnen 'reference' på rad {hit[ROW]} markerar en andra referensundergrupp i samma grupp "
                f"({group_label(hit)}); högst en undergrupp per grupp får ha reference = 1.",
            )
        )
    candidates += _order_ties(rows)
    if candidates:
        row, column, message = min(candidates)
        raise MeasureInputError(message, column=column, row=row)


def _order_ties(rows: pl.DataFrame) -> list[tuple[int, str, str]]:
    """Two subgroups of an ordered group with the same ``subgroup_order``."""
    ordered = rows.filter(pl.col("ordered") & pl.col("order").is_not_null())
    if ordered.is_empty():
        return []
    ordered = ordered.sort("_gid", "order")
    tie = (pl.col("_gid") == pl.col("_gid").shift(1)) & (pl.col("order") == pl.col("order").shift(1))
    ties = ordered.filter(tie.fill_null(False))
    if ties.is_empty():
        return []
    keys = ties.select("_gid", "order").unique()
    hit = _second_rows(ordered.join(keys, on=["_gid", "order"], how="semi"), ["_gid", "order"]).row(
        0, named=True
    )
    return [
        (
            hit[ROW],
            "subgroup_order",
            f"Kolumnen 'subgroup_order' på rad {hit[ROW]} har samma värde ({hit['order']:g}) "
            f"som en annan undergrupp i samma ordnade grupp ({group_label(hit)}).",
        )
    ]


def _duplicate_message(rows: pl.DataFrame, dup: pl.DataFrame) -> tuple[int, str, str]:
    keys = dup.select("_gid", "subgroup").unique()
    involved = rows.join(keys, on=["_gid", "subgroup"], how="semi")
    hit = _second_rows(involved, ["_gid", "subgroup"]).row(0, named=True)
    first_row = involved.filter((pl.col("_gid") == hit["_gid"]) & (pl.col("subgroup") == hit["subgroup"]))
    first = first_row.get_column(ROW).min()
    # The row numbers are an integer column, and the hit's own row is among these rows.
    assert isinstance(first, int)
    return (
        hit[ROW],
        "subgroup",
        f"Undergruppen '{hit['subgroup']}' förekommer två gånger i samma grupp ({group_label(hit)}): "
        f"rad {first} och rad {hit[ROW]}. Varje undergrupp får bara finnas en gång per grupp.",
    )


def _inconsistent(sub: pl.DataFrame, column: str, short: str) -> tuple[int, str, str]:
    """favourable, ordered and scale describe the indicator/dimension and must not vary inside a group;
    ``sub`` holds the rows of the offending groups."""
    sub = sub.sort(ROW)
    first = pl.col(short).first().over("_gid")
    hit = sub.filter(~pl.col(short).eq_missing(first)).row(0, named=True)
    return (
        hit[ROW],
        column,
        f"Kolumnen '{column}' på rad {hit[ROW]} har ett annat värde än övriga rader i samma grupp "
        f"({group_label(hit)}); värdet måste vara detsamma inom en grupp.",
    )


def _second_rows(rows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Rows that are the second occurrence (in file order) within ``by``, earliest first."""
    rank = pl.col(ROW).rank("ordinal").over(by)
    return rows.filter(rank == 2).sort(ROW)
