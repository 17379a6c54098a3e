"""Goal attainment scaling: the T-score formula against hand-computed values and its properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamlik.measures.gas import GasError, t_score


def test_three_goals_at_the_expected_outcome_give_fifty() -> None:
    assert round(t_score([0, 0, 0]), 2) == 50.00


def test_three_goals_one_better_than_expected_with_equal_weights() -> None:
    # 50 + 10·3 / √(0.7·3 + 0.3·9) = 50 + 30 / √4.8
    assert round(t_score([1, 1, 1]), 2) == 63.69


def test_weighted_goals() -> None:
    # 50 + 10·(3 − 1) / √(0.7·11 + 0.3·25) = 50 + 20 / √15.2
    assert round(t_score([1, 0, -1], [3, 1, 1]), 2) == 55.13


@pytest.mark.parametrize(
    ("scores", "weights"),
    [([], None), ([3], None), ([1, 1], [1]), ([1], [0]), ([1], [float("nan")])],
)
def test_bad_input_is_refused(scores: list[int], weights: list[float] | None) -> None:
    with pytest.raises(GasError):
        t_score(scores, weights)


@given(st.lists(st.integers(-2, 2), min_size=1, max_size=8))
def test_mirrored_scores_mirror_around_fifty(scores: list[int]) -> None:
    assert t_score(scores) - 50 == pytest.approx(50 - t_score([-s for s in scores]))


@given(st.lists(st.tuples(st.integers(-2, 2), st.integers(1, 5)), min_size=1, max_size=8))
def test_scaling_all_weights_changes_nothing(goals: list[tuple[int, int]]) -> None:
    scores = [s for s, _ in goals]
    weights = [float(w) for _, w in goals]
    assert t_score(scores, weights) == pytest.approx(t_score(scores, [3 * w for w in weights]))
