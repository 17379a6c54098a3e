"""Goal attainment scaling (GAS): one T-score from several goals scored against their expected outcome.

Each goal is scored on the five-point scale −2 … +2, where 0 is the expected outcome agreed when the goal
was set, +1/+2 better and −1/−2 worse than expected. Goals may be weighted by importance. Kiresuk and
Sherman's summary score is

    T = 50 + 10 · Σ wᵢxᵢ / √((1 − ρ) Σ wᵢ² + ρ (Σ wᵢ)²)

with ρ the assumed correlation between the goals' scores, conventionally 0.3. T is 50 when every goal
reaches exactly its expected outcome, and has a standard deviation of about 10 across people.

Pure Python, no Django: the casework app calls it at each review.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DEFAULT_RHO = 0.3
SCORES = (-2, -1, 0, 1, 2)


class GasError(ValueError):
    """Scores or weights that the formula cannot take."""


def t_score(
    scores: Sequence[int], weights: Sequence[float] | None = None, *, rho: float = DEFAULT_RHO
) -> float:
    """The GAS T-score of `scores` (each −2 … +2) with optional positive `weights` (default all 1).

    >>> round(t_score([1, 1, 1]), 2)
    63.69
    """
    if not scores:
        raise GasError("at least one goal is needed")
    if weights is None:
        weights = [1.0] * len(scores)
    if len(weights) != len(scores):
        raise GasError("one weight per goal is needed")
    if any(score not in SCORES for score in scores):
        raise GasError("every score must be a whole number from -2 to +2")
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise GasError("every weight must be a positive number")
    if not 0 <= rho < 1:
        raise GasError("rho must be at least 0 and below 1")
    weighted_sum = sum(w * x for w, x in zip(weights, scores, strict=True))
    sum_w = sum(weights)
    sum_w2 = sum(w * w for w in weights)
    return 50 + 10 * weighted_sum / math.sqrt((1 - rho) * sum_w2 + rho * sum_w * sum_w)
