"""Summary measures of health inequality (WHO HEAT / healthequal definitions) on Polars.

Pure Polars + NumPy, no Django: usable from the web application, from scripts and from the command line
(``python -m jamlik.measures INPUT --out OUTPUT``). See docs/measures.md for the definitions.
"""

from ._common import ALL_MEASURES, EXTRA_MEASURES, MEASURES
from ._compute import (
    DEFAULT_BATCH_ROWS,
    OUTPUT_SCHEMA,
    compute_measures,
    iter_measures,
    parse_measures,
    write_measures,
)
from ._errors import MeasureInputError
from ._simulation import DEFAULT_DRAWS, DEFAULT_SEED
from .persons import aggregate_persons, atkinson, distribution_measures

__all__ = [
    "ALL_MEASURES",
    "DEFAULT_BATCH_ROWS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "EXTRA_MEASURES",
    "MEASURES",
    "OUTPUT_SCHEMA",
    "MeasureInputError",
    "aggregate_persons",
    "atkinson",
    "compute_measures",
    "distribution_measures",
    "iter_measures",
    "parse_measures",
    "write_measures",
]
