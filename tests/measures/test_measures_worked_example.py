"""The worked example of docs/measures.md (WHO healthequal's own test data) must be reproduced exactly."""

from __future__ import annotations

import pytest

from .helpers import frame, group_rows, measures_of

EXPECTED = {
    "ACI": 7.3284202,
    "RCI": 0.17776859,
    "SII": 44.44502,
    "RII": 3.159506,
    "PAR": 18.775509,
    "PAF": 45.544548,
    "D": 40.0,
    "R": 3.0,
}


@pytest.fixture(scope="module")
def result() -> dict[str, dict[str, object]]:
    rows = group_rows(
        [20, 30, 40, 50, 60],
        se=[5, 7, 10, 12, 14],
        pop=[78, 91, 162, 103, 105],
        fav=1,
        ordered=1,
        scale=100,
    )
    return measures_of(frame(rows), draws=200)


@pytest.mark.parametrize(("code", "value"), EXPECTED.items())
def test_estimate(result: dict[str, dict[str, object]], code: str, value: float) -> None:
    assert result[code]["estimate"] == pytest.approx(value, rel=1e-5)


def test_aci_standard_error(result: dict[str, dict[str, object]]) -> None:
    assert result["ACI"]["se"] == pytest.approx(0.29368517, rel=1e-5)


def test_setting_average_is_population_weighted(result: dict[str, dict[str, object]]) -> None:
    # PAR = y_ref − μ, so μ = 60 − PAR
    assert 60 - result["PAR"]["estimate"] == pytest.approx(41.2244898, rel=1e-8)


def test_only_ordered_measures_are_reported(result: dict[str, dict[str, object]]) -> None:
    assert set(result) == {"D", "R", "ACI", "RCI", "SII", "RII", "PAR", "PAF"}
    assert all(row["n_subgroups"] == 5 for row in result.values())
