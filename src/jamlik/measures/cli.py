"""Command line: ``python -m jamlik.measures INPUT --out OUTPUT [--measures D,R,...]``.

No Django, no database: a municipal analyst can run it on a laptop against a CSV exported from a
spreadsheet. Any problem with the input stops the program with one Swedish sentence on stderr naming the
column and row, exit status 2, and no output file (results are written to a temporary file and renamed
only when everything succeeded).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ._common import ALL_MEASURES
from ._compute import parse_measures, write_measures
from ._errors import MeasureInputError
from ._io import output_format
from ._simulation import DEFAULT_DRAWS, DEFAULT_SEED

EXIT_INPUT_ERROR = 2

_ARGPARSE_SV = (
    ("the following arguments are required", "följande argument saknas"),
    ("unrecognized arguments", "okända argument"),
    ("expected one argument", "ett värde saknas efter flaggan"),
    ("invalid int value", "ogiltigt heltal"),
)


class _SwedishParser(argparse.ArgumentParser):
    """argparse with its usage errors in Swedish and the same exit status as input errors."""

    def error(self, message: str) -> NoReturn:
        for english, swedish in _ARGPARSE_SV:
            message = message.replace(english, swedish)
        self.exit(EXIT_INPUT_ERROR, f"fel: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(
        prog="python -m jamlik.measures",
        description="Beräknar summerande ojämlikhetsmått (WHO HEAT/healthequal) för en lång tabell.",
    )
    parser.add_argument("input", type=Path, help="indatafil, .csv eller .parquet, i långt format")
    parser.add_argument("--out", required=True, type=Path, help="utdatafil, .csv eller .parquet")
    parser.add_argument(
        "--measures",
        default=None,
        help=f"kommaseparerad lista av mått (standard: alla). Giltiga: {','.join(ALL_MEASURES)}",
    )
    parser.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        help=f"antal simuleringar för simulerade KI ({DEFAULT_DRAWS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"slumptalsfrö ({DEFAULT_SEED})")
    parser.add_argument("--decimal-comma", action="store_true", help="tolka 12,5 som 12.5 i indata")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        output_format(args.out)  # fail before reading anything
        measures = parse_measures(args.measures.split(",")) if args.measures is not None else None
        rows = write_measures(
            args.input, args.out, measures, draws=args.draws, seed=args.seed, decimal_comma=args.decimal_comma
        )
    except MeasureInputError as error:
        print(f"fel: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    print(f"Skrev {rows} rader till {args.out}", file=sys.stderr)
    return 0
