"""Person-level aggregation and distribution measures."""

from __future__ import annotations

import math

import polars as pl
import pytest

from jamlik.measures import aggregate_persons, atkinson, compute_measures, distribution_measures


def test_atkinson_matches_pysal_values() -> None:
    incomes = [10, 20, 30, 40, 50]
    assert atkinson(incomes, 0.5) == pytest.approx(0.06315, abs=5e-6)
    assert atkinson(incomes, 1.0) == pytest.approx(0.1316096, rel=1e-6)


def test_atkinson_two_by_hand() -> None:
    incomes = [10.0, 20.0, 30.0, 40.0, 50.0]
    harmonic = 5 / sum(1 / x for x in incomes)
    assert atkinson(incomes, 2.0) == pytest.approx(1 - harmonic / 30, rel=1e-12)


def _dist(values: list[float], weights: list[float] | None = None) -> dict[str, float]:
    df = pl.DataFrame({"g": ["a"] * len(values), "x": values, "w": weights or [1.0] * len(values)})
    return distribution_measures(df, value="x", by=["g"], weight="w").row(0, named=True)


def test_equal_incomes_have_no_inequality() -> None:
    d = _dist([250_000.0] * 7)
    for key in ("gini", "theil_t", "mld", "atkinson_0_5", "atkinson_1", "atkinson_2"):
        assert d[key] == pytest.approx(0.0, abs=1e-12), key
    assert d["palma"] == pytest.approx(0.1 / 0.4)
    assert d["s80_s20"] == pytest.approx(1.0)
    assert d["p90_p10"] == pytest.approx(1.0)


def test_gini_and_entropies_by_hand() -> None:
    x = [1.0, 2.0, 3.0, 4.0, 10.0]
    n, mean = len(x), sum(x) / len(x)
    gini = sum(abs(a - b) for a in x for b in x) / (2 * n * n * mean)
    theil = sum(v / mean * math.log(v / mean) for v in x) / n
    mld = sum(math.log(mean / v) for v in x) / n
    d = _dist(x)
    assert d["gini"] == pytest.approx(gini, rel=1e-12)
    assert d["theil_t"] == pytest.approx(theil, rel=1e-12)
    assert d["mld"] == pytest.approx(mld, rel=1e-12)
    assert d["mean"] == pytest.approx(mean)


def test_shares_and_percentiles_of_ten_persons() -> None:
    d = _dist([float(v) for v in range(1, 11)])
    assert d["s80_s20"] == pytest.approx((9 + 10) / (1 + 2))
    assert d["palma"] == pytest.approx(10 / (1 + 2 + 3 + 4))
    assert d["p90_p10"] == pytest.approx(9 / 1)
    assert d["median"] == 5.0


def test_weight_two_equals_a_duplicated_person() -> None:
    weighted = _dist([3.0, 5.0, 9.0, 12.0], [1.0, 2.0, 1.0, 3.0])
    expanded = _dist([3.0, 5.0, 5.0, 9.0, 12.0, 12.0, 12.0])
    for key in (
        "gini",
        "theil_t",
        "mld",
        "atkinson_0_5",
        "atkinson_1",
        "atkinson_2",
        "palma",
        "s80_s20",
        "mean",
    ):
        assert weighted[key] == pytest.approx(expanded[key], rel=1e-12), key


def test_log_measures_skip_non_positive_incomes() -> None:
    with_zero = _dist([0.0, 10.0, 20.0, 30.0])
    positive = _dist([10.0, 20.0, 30.0])
    assert with_zero["mld"] == pytest.approx(positive["mld"])
    assert with_zero["gini"] > positive["gini"]


def test_distribution_per_group_vectorised() -> None:
    df = pl.DataFrame({"m": ["a", "a", "b", "b", "b"], "x": [1.0, 3.0, 2.0, 2.0, 2.0]})
    out = distribution_measures(df, value="x", by=["m"])
    assert out.get_column("m").to_list() == ["a", "b"]
    assert out.get_column("gini").to_list() == pytest.approx([0.25, 0.0])


def _persons() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kommun": ["A"] * 6 + ["B"] * 3,
            "utb": ["låg", "låg", "mellan", "hög", "hög", "hög", "låg", "mellan", "hög"],
            "rökare": [1, 0, 1, 0, 0, 1, 1, 1, 0],
            "inkomst": [100.0, 120.0, 200.0, 300.0, 320.0, 280.0, 90.0, 150.0, 260.0],
            "vikt": [1.0, 3.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0],
        }
    )


def test_aggregate_rate_with_kish_standard_error() -> None:
    long = aggregate_persons(
        _persons(), value="rökare", setting="kommun", dimension="utb", year=2024, weight="vikt", kind="rate",
        favourable=False, ordered=True, subgroup_order={"låg": 1, "mellan": 2, "hög": 3}, indicator="smoking",
    )  # fmt: skip
    row = long.filter((pl.col("setting") == "A") & (pl.col("subgroup") == "hög")).row(0, named=True)
    # weights 1, 1, 2 with outcomes 0, 0, 1: p = 2/4; n_eff = 4²/6
    p, n_eff = 0.5, 16 / 6
    assert row["estimate"] == pytest.approx(100 * p)
    assert row["se"] == pytest.approx(100 * math.sqrt(p * (1 - p) / (n_eff - 1)))
    assert row["population"] == 4.0
    assert row["scale"] == 100.0
    assert row["subgroup_order"] == 3
    assert row["favourable"] == 0
    overall = (1 * 1 + 3 * 0 + 2 * 1 + 1 * 0 + 1 * 0 + 2 * 1) / 10
    assert row["setting_average"] == pytest.approx(100 * overall)
    out = compute_measures(long, draws=50)
    assert set(out.filter(pl.col("setting") == "A").get_column("measure")) == {
        "D", "R", "ACI", "RCI", "SII", "RII", "PAR", "PAF",
    }  # fmt: skip


def test_aggregate_mean_unweighted() -> None:
    long = aggregate_persons(_persons(), value="inkomst", setting="kommun", dimension="utb", year=2024)
    row = long.filter((pl.col("setting") == "B") & (pl.col("subgroup") == "hög")).row(0, named=True)
    assert row["estimate"] == 260.0
    assert row["se"] is None  # one person: no variance
    a_low = long.filter((pl.col("setting") == "A") & (pl.col("subgroup") == "låg")).row(0, named=True)
    assert a_low["estimate"] == 110.0
    assert a_low["se"] == pytest.approx(10.0)  # s/√n with s = √200, n = 2
    assert a_low["scale"] is None
