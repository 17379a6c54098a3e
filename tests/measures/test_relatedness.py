"""Skill relatedness, location quotients and relatedness density against hand-computed figures.

The worked example is the 3 × 3 flow matrix of issue 23 (rows are the origin industries A, B, C); its
figures use the totals with the diagonal left out. EconGeo's ``relatedness(mat, method = "association")``
is restated here from its documented formula, independently of the library, to show where the two agree.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy.stats import poisson

from jamlik.measures import MeasureInputError
from jamlik.measures.relatedness import (
    close_to_decline,
    employment_change,
    location_quotients,
    poisson_upper_tail,
    related_pairs,
    relatedness_density,
    skill_relatedness,
    symmetric_relatedness,
)

NAMES = "ABC"
WORKED = [[0, 30, 10], [20, 0, 5], [10, 5, 0]]
EXPECTED_SR = {
    ("A", "B"): (1.7143, 0.2632),
    ("A", "C"): (1.3333, 0.1429),
    ("B", "A"): (2.1333, 0.3617),
    ("B", "C"): (1.0667, 0.0323),
    ("C", "A"): (1.7778, 0.2800),
    ("C", "B"): (0.7619, -0.1351),
}


def long_flows(matrix: list[list[int]] | np.ndarray, names: str = NAMES) -> pl.DataFrame:
    rows = [
        (names[i], names[j], int(matrix[i][j]))
        for i in range(len(matrix))
        for j in range(len(matrix))
        if matrix[i][j]
    ]
    return pl.DataFrame(rows, schema=["origin", "destination", "count"], orient="row")


def by_pair(frame: pl.DataFrame, column: str) -> dict[tuple[str, str], float]:
    return {(r["origin"], r["destination"]): r[column] for r in frame.iter_rows(named=True)}


def econgeo_association(matrix: np.ndarray) -> np.ndarray:
    """EconGeo's association strength as its documentation and source define it: diagonal set to 0, then
    c_ij · t / (s_i · s_j) with s the *column* sums and t the total (made for symmetric co-occurrences)."""
    c = np.array(matrix, dtype=float)
    np.fill_diagonal(c, 0.0)
    s = c.sum(axis=0)
    out = c * c.sum() / np.outer(s, s)
    np.fill_diagonal(out, 0.0)
    return out


# ---------------------------------------------------------------- the worked example


@pytest.mark.parametrize(("pair", "figures"), EXPECTED_SR.items())
def test_worked_example_to_four_decimals(pair: tuple[str, str], figures: tuple[float, float]) -> None:
    result = skill_relatedness(long_flows(WORKED))
    sr, sr_norm = figures
    assert round(by_pair(result, "sr")[pair], 4) == sr
    assert round(by_pair(result, "sr_norm")[pair], 4) == sr_norm


def test_expected_flow_uses_totals_without_the_diagonal() -> None:
    result = by_pair(skill_relatedness(long_flows(WORKED)), "expected")
    assert result[("A", "B")] == pytest.approx(40 * 35 / 80)  # outflow of A × inflow of B / all flows


def test_flows_within_an_industry_change_nothing() -> None:
    with_diagonal = [[500, 30, 10], [20, 70, 5], [10, 5, 9]]
    plain = skill_relatedness(long_flows(WORKED))
    diagonal = skill_relatedness(long_flows(with_diagonal))
    assert diagonal.height == 6
    assert by_pair(diagonal, "sr") == pytest.approx(by_pair(plain, "sr"))


def test_symmetric_averages_sr_then_normalises_by_default() -> None:
    sym = symmetric_relatedness(skill_relatedness(long_flows(WORKED)))
    ab = sym.filter((pl.col("a") == "A") & (pl.col("b") == "B")).row(0, named=True)
    mean_sr = (30 * 80 / (40 * 35) + 20 * 80 / (25 * 30)) / 2
    assert ab["sr"] == pytest.approx(mean_sr)
    assert ab["sr_norm"] == pytest.approx((mean_sr - 1) / (mean_sr + 1))
    assert round(ab["sr_norm"], 4) == 0.3160
    assert ab["count"] == 50 and ab["directions"] == 2


def test_symmetric_can_average_the_normalised_values_instead() -> None:
    sym = symmetric_relatedness(skill_relatedness(long_flows(WORKED)), order="normalise_then_average")
    ab = sym.filter((pl.col("a") == "A") & (pl.col("b") == "B")).row(0, named=True)
    assert ab["sr_norm"] == pytest.approx((0.263158 + 0.361702) / 2, abs=1e-6)


def test_symmetric_counts_a_direction_without_flows_as_zero() -> None:
    one_way = pl.DataFrame({"origin": ["A", "A", "B"], "destination": ["B", "C", "C"], "count": [4, 2, 3]})
    sym = symmetric_relatedness(skill_relatedness(one_way))
    ab = sym.filter(pl.col("a") == "A", pl.col("b") == "B").row(0, named=True)
    sr_ab = by_pair(skill_relatedness(one_way), "sr")[("A", "B")]
    assert ab["directions"] == 1 and ab["sr"] == pytest.approx(sr_ab / 2)
    other = symmetric_relatedness(skill_relatedness(one_way), order="normalise_then_average")
    ab2 = other.filter(pl.col("a") == "A", pl.col("b") == "B").row(0, named=True)
    assert ab2["sr_norm"] == pytest.approx(((sr_ab - 1) / (sr_ab + 1) - 1) / 2)


def test_by_groups_are_computed_separately() -> None:
    year_a = long_flows(WORKED).with_columns(year=pl.lit(2019))
    year_b = long_flows(np.array(WORKED) * np.array([[1, 1, 1], [3, 1, 1], [1, 1, 2]])).with_columns(
        year=pl.lit(2020)
    )
    both = skill_relatedness(pl.concat([year_b, year_a]), by=["year"])
    alone = skill_relatedness(year_a)
    from_both = by_pair(both.filter(pl.col("year") == 2019), "sr")
    assert from_both == pytest.approx(by_pair(alone, "sr"))
    assert both.filter(pl.col("year") == 2020).height == 6


# ---------------------------------------------------------------- EconGeo's association measure


def test_equals_econgeo_association_on_a_symmetric_matrix() -> None:
    undirected = np.array(WORKED) + np.array(WORKED).T  # job changes between A and B either way
    ours = by_pair(skill_relatedness(long_flows(undirected)), "sr")
    theirs = econgeo_association(undirected)
    for (a, b), value in ours.items():
        assert value == pytest.approx(theirs[NAMES.index(a), NAMES.index(b)], rel=1e-12)


def test_econgeo_association_uses_column_sums_for_both_margins() -> None:
    """On the directed worked matrix EconGeo's formula (built for symmetric co-occurrence matrices) takes
    the column sum where SR takes the origin's outflow, so A → B is 30 · 80 / (30 · 35) = 2.2857 there,
    not 1.7143; the two agree whenever outflows equal inflows, as in any symmetric matrix."""
    theirs = econgeo_association(np.array(WORKED))
    assert round(theirs[0, 1], 4) == 2.2857
    ours = by_pair(skill_relatedness(long_flows(WORKED)), "sr")
    assert round(ours[("A", "B")], 4) == 1.7143


# ---------------------------------------------------------------- p-values


def test_p_values_match_scipy_for_small_and_large_counts() -> None:
    rng = np.random.default_rng(7)
    means = np.concatenate([rng.uniform(0.01, 5, 500), rng.uniform(5, 300, 500), rng.uniform(300, 9000, 200)])
    counts = rng.poisson(means * rng.uniform(0.4, 1.8, means.size)).astype(float)
    ours = poisson_upper_tail(counts, means)
    exact = poisson.sf(counts - 1, means)
    small = counts <= 30
    assert np.max(np.abs(ours[small] - exact[small])) < 1e-12
    assert np.max(np.abs(ours - exact)) < 2e-4


def test_p_values_of_edge_cases() -> None:
    assert poisson_upper_tail(np.array([0.0, 3.0, 2.0]), np.array([4.0, 0.0, 800.0])).tolist() == [
        1.0,
        0.0,
        1.0,
    ]


def test_worked_example_p_value() -> None:
    p = by_pair(skill_relatedness(long_flows(WORKED)), "p_value")[("A", "B")]
    assert p == pytest.approx(poisson.sf(29, 17.5), rel=1e-10)


def test_significance_filter_needs_p_values() -> None:
    sym = symmetric_relatedness(skill_relatedness(long_flows(WORKED)))
    assert related_pairs(sym, alpha=0.01).select("a", "b").rows() == [("A", "B")]
    assert related_pairs(sym).height == 2  # A–B and A–C have SR̃ > 0
    with pytest.raises(MeasureInputError):
        related_pairs(sym.drop("p_value"), alpha=0.05)


# ---------------------------------------------------------------- bad input


def test_negative_count_names_its_row() -> None:
    flows = long_flows(WORKED).with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(-1).otherwise(pl.col("count")).alias("count")
    )
    with pytest.raises(MeasureInputError) as error:
        skill_relatedness(flows)
    assert error.value.row == 3 and "rad 3" in str(error.value)


def test_repeated_pair_names_both_rows() -> None:
    flows = pl.concat([long_flows(WORKED), long_flows(WORKED).head(1)])
    with pytest.raises(MeasureInputError) as error:
        skill_relatedness(flows)
    assert error.value.row == 7 and "rad 1" in str(error.value)


def test_missing_column_is_named() -> None:
    with pytest.raises(MeasureInputError, match="count"):
        skill_relatedness(long_flows(WORKED).drop("count"))


# ---------------------------------------------------------------- location quotients and density

EMPLOYMENT = pl.DataFrame(
    {
        "region": ["R1", "R1", "R1", "R2", "R2", "R2"],
        "industry": ["A", "B", "C", "A", "B", "C"],
        "count": [60, 30, 10, 20, 30, 50],
    }
)


def test_location_quotients_by_hand() -> None:
    lq = {(r["region"], r["industry"]): r["lq"] for r in location_quotients(EMPLOYMENT).iter_rows(named=True)}
    # R1: A is 60 % of its jobs and 80/200 = 40 % of all jobs → 1.5; C: 10 % against 30 % → 1/3
    assert lq[("R1", "A")] == pytest.approx(1.5)
    assert lq[("R1", "B")] == pytest.approx(1.0)
    assert lq[("R1", "C")] == pytest.approx(1 / 3)
    assert lq[("R2", "C")] == pytest.approx(0.5 / 0.3)


def test_location_quotients_against_a_reference() -> None:
    nation = pl.DataFrame({"industry": ["A", "B", "C"], "count": [100, 100, 800]})
    out = location_quotients(EMPLOYMENT.filter(pl.col("region") == "R1"), reference=nation)
    lq = dict(zip(out.get_column("industry"), out.get_column("lq"), strict=True))
    assert lq == pytest.approx({"A": 6.0, "B": 3.0, "C": 0.125})
    assert out.get_column("specialised").to_list() == [True, True, False]


def test_specialised_means_lq_of_at_least_one() -> None:
    out = location_quotients(EMPLOYMENT)
    r1b = out.filter(pl.col("region") == "R1", pl.col("industry") == "B").row(0, named=True)
    assert r1b["lq"] == pytest.approx(1.0) and r1b["specialised"]


def test_relatedness_density_by_hand() -> None:
    # Four industries; related pairs: A–B, A–C, B–C, C–D (D–A and B–D unrelated).
    symmetric = pl.DataFrame(
        {
            "a": ["A", "A", "A", "B", "B", "C"],
            "b": ["B", "C", "D", "C", "D", "D"],
            "sr_norm": [0.4, 0.2, -0.3, 0.1, -0.5, 0.6],
        }
    )
    specialisation = pl.DataFrame(
        {
            "region": ["R1"] * 4 + ["R2"] * 4,
            "industry": ["A", "B", "C", "D"] * 2,
            "specialised": [True, False, False, True, False, False, True, False],
        }
    )
    out = relatedness_density(specialisation, symmetric)
    density = {(r["region"], r["industry"]): r["density"] for r in out.iter_rows(named=True)}
    # R1 is specialised in A and D. B's related: A, C → 1/2. C's related: A, B, D → 2/3. D's: C → 0.
    assert density[("R1", "A")] == pytest.approx(0.0)  # A's related B, C: none
    assert density[("R1", "B")] == pytest.approx(0.5)
    assert density[("R1", "C")] == pytest.approx(2 / 3)
    assert density[("R1", "D")] == pytest.approx(0.0)
    # R2 is specialised in C only: A's related B, C → 1/2; D's related C → 1.
    assert density[("R2", "A")] == pytest.approx(0.5)
    assert density[("R2", "D")] == pytest.approx(1.0)
    row = out.filter(pl.col("region") == "R1", pl.col("industry") == "C").row(0, named=True)
    assert row["n_related"] == 3 and row["n_specialised_related"] == 2 and not row["specialised"]
    # A higher threshold leaves C–D only: A has no related industry and no density.
    strict = relatedness_density(specialisation, symmetric, threshold=0.5)
    assert strict.filter(pl.col("region") == "R1", pl.col("industry") == "A").item(0, "density") is None


def test_density_per_year_matches_each_year_alone() -> None:
    flows = pl.concat(
        [
            long_flows(WORKED).with_columns(year=pl.lit(2020)),
            long_flows([[0, 1, 40], [1, 0, 30], [40, 30, 0]]).with_columns(year=pl.lit(2021)),
        ]
    )
    employment = pl.concat([EMPLOYMENT.with_columns(year=pl.lit(y)) for y in (2020, 2021)])
    sym = symmetric_relatedness(skill_relatedness(flows, by=["year"]), by=["year"])
    lq = location_quotients(employment, by=["year"])
    both = relatedness_density(lq, sym, by=["year"])
    for year in (2020, 2021):
        alone = relatedness_density(
            location_quotients(EMPLOYMENT),
            symmetric_relatedness(skill_relatedness(flows.filter(pl.col("year") == year))),
        )
        part = both.filter(pl.col("year") == year).drop("year").sort("region", "industry")
        assert part.equals(alone.sort("region", "industry"))


# ---------------------------------------------------------------- close to those losing jobs


def test_close_to_decline_ranks_growing_related_industries() -> None:
    employment = pl.DataFrame(
        {
            "industry": ["A", "B", "C", "A", "B", "C"],
            "year": [2015, 2015, 2015, 2020, 2020, 2020],
            "women": [10, 50, 20, 8, 70, 24],
            "men": [90, 50, 20, 52, 60, 26],
        }
    )
    change = employment_change(employment, start=2015, end=2020)
    a = change.filter(pl.col("industry") == "A").row(0, named=True)
    assert (a["start"], a["end"], a["change"]) == (100, 60, -40)
    assert a["women_share"] == pytest.approx(8 / 60)
    directed = skill_relatedness(long_flows(WORKED))
    result = close_to_decline(directed, change, industry="A", symmetric=False)
    assert result.get_column("industry").to_list() == ["B", "C"]
    b = result.row(0, named=True)
    assert b["score"] == pytest.approx(0.263158 * math.log1p(30), rel=1e-5)
    assert b["women_share"] == pytest.approx(70 / 130)
    sym = symmetric_relatedness(directed)
    assert close_to_decline(sym, change, industry="A", symmetric=True).height == 2
    # C's neighbours from C's own outflows: A shrinks, so only B could be listed, and SR̃(C → B) < 0.
    assert close_to_decline(directed, change, industry="C", symmetric=False).height == 0
