"""Small groups whose expected values are worked out here by hand (plain arithmetic)."""

from __future__ import annotations

import math

import pytest

from . import helpers as h
from .helpers import Z, frame, group_rows, measures_of

REL = 1e-9

NONORDERED = {
    "BGV",
    "BGSD",
    "COV",
    "MDMU",
    "MDMW",
    "MDBU",
    "MDBW",
    "MDRU",
    "MDRW",
    "IDISU",
    "IDISW",
    "TI",
    "MLD",
}


def approx(value: float) -> object:
    return pytest.approx(value, rel=REL, abs=1e-12)


# y = (10, 20, 40), SE = (1, 2, 4), populations (100, 200, 100): shares (¼, ½, ¼), μ = 22.5
Y, S, POP = [10.0, 20.0, 40.0], [1.0, 2.0, 4.0], [100.0, 200.0, 100.0]
MU = 0.25 * 10 + 0.5 * 20 + 0.25 * 40


@pytest.fixture(scope="module")
def fav_noref() -> dict[str, dict[str, object]]:
    return measures_of(frame(group_rows(Y, se=S, pop=POP, fav=1)), draws=300)


@pytest.fixture(scope="module")
def adverse_ref() -> dict[str, dict[str, object]]:
    return measures_of(frame(group_rows(Y, se=S, pop=POP, fav=0, ref=1)), draws=300)


def test_nonordered_applicable_set(fav_noref: dict[str, dict[str, object]]) -> None:
    assert set(fav_noref) == {"D", "R", "PAR", "PAF"} | NONORDERED
    assert fav_noref["MDRU"]["estimate"] is None  # no reference subgroup
    assert fav_noref["MDRW"]["estimate"] is None


def test_difference_and_ratio_without_reference(fav_noref: dict[str, dict[str, object]]) -> None:
    d, r = fav_noref["D"], fav_noref["R"]
    assert d["estimate"] == approx(40 - 10)
    assert d["se"] == approx(math.sqrt(4**2 + 1**2))
    assert d["ci_lb"] == approx(30 - Z * math.sqrt(17))
    assert r["estimate"] == approx(4.0)
    se_r = math.sqrt((4**2 + 4.0**2 * 1**2) / 10**2)
    assert r["se"] == approx(se_r)
    assert r["ci_lb"] == approx(math.exp(math.log(4) - Z * se_r / 4))
    assert r["ci_ub"] == approx(math.exp(math.log(4) + Z * se_r / 4))


def test_variance_family(fav_noref: dict[str, dict[str, object]]) -> None:
    bgv = 0.25 * (10 - MU) ** 2 + 0.5 * (20 - MU) ** 2 + 0.25 * (40 - MU) ** 2
    assert bgv == 118.75
    assert fav_noref["BGV"]["estimate"] == approx(bgv)
    assert fav_noref["BGV"]["se"] == approx(h.bgv(Y, S, POP)[1])
    assert fav_noref["BGSD"]["estimate"] == approx(math.sqrt(bgv))
    assert fav_noref["COV"]["estimate"] == approx(100 * math.sqrt(bgv) / MU)


def test_mean_differences_favourable(fav_noref: dict[str, dict[str, object]]) -> None:
    assert fav_noref["MDMU"]["estimate"] == approx((12.5 + 2.5 + 17.5) / 3)
    assert fav_noref["MDMW"]["estimate"] == approx(0.25 * 12.5 + 0.5 * 2.5 + 0.25 * 17.5)
    # best = highest (favourable) = 40
    assert fav_noref["MDBU"]["estimate"] == approx((30 + 20 + 0) / 3)
    assert fav_noref["MDBW"]["estimate"] == approx(0.25 * 30 + 0.5 * 20)
    assert fav_noref["IDISU"]["estimate"] == approx(100 * (32.5 / 3) / MU)
    assert fav_noref["IDISW"]["estimate"] == approx(100 * 8.75 / MU)


def test_theil_and_mld(fav_noref: dict[str, dict[str, object]]) -> None:
    ref = h.theil_mld(Y, S, POP)
    r = [v / MU for v in Y]
    ti = 1000 * sum(p * rj * math.log(rj) for p, rj in zip((0.25, 0.5, 0.25), r, strict=True))
    assert ref["TI"] == approx(ti)
    assert fav_noref["TI"]["estimate"] == approx(ti)
    assert fav_noref["TI"]["se"] == approx(ref["TI_se"])
    assert fav_noref["MLD"]["estimate"] == approx(ref["MLD"])
    assert fav_noref["MLD"]["se"] == approx(ref["MLD_se"])
    # SE and CI on the estimate's ×1000 scale (healthequal leaves the SE unscaled)
    assert fav_noref["TI"]["ci_ub"] == approx(ti + Z * ref["TI_se"])


def test_par_paf_best_subgroup(fav_noref: dict[str, dict[str, object]]) -> None:
    par, paf = fav_noref["PAR"], fav_noref["PAF"]
    se_frac = h.walter_se(40, 100, MU, 400, 100)
    assert par["estimate"] == approx(40 - MU)
    assert paf["estimate"] == approx(100 * (40 - MU) / MU)
    assert paf["se"] == approx(100 * se_frac)
    assert par["se"] == approx(MU * se_frac)
    assert paf["ci_lb"] == approx(100 * (40 - MU) / MU - Z * 100 * se_frac)


def test_adverse_with_reference(adverse_ref: dict[str, dict[str, object]]) -> None:
    m = adverse_ref
    # adverse with reference (20): D = max(others) − ref, R = max(others)/ref
    assert m["D"]["estimate"] == approx(40 - 20)
    assert m["D"]["se"] == approx(math.sqrt(16 + 4))
    assert m["R"]["estimate"] == approx(2.0)
    # best = lowest (adverse) = 10
    assert m["MDBU"]["estimate"] == approx((0 + 10 + 30) / 3)
    assert m["MDBW"]["estimate"] == approx(0.5 * 10 + 0.25 * 30)
    assert m["MDRU"]["estimate"] == approx((10 + 0 + 20) / 3)
    assert m["MDRW"]["estimate"] == approx(0.25 * 10 + 0.25 * 20)
    # PAR uses the flagged reference: 20 − 22.5 < 0 is the right direction for an adverse indicator
    assert m["PAR"]["estimate"] == approx(20 - MU)
    assert m["PAF"]["estimate"] == approx(100 * (20 - MU) / MU)
    assert m["PAF"]["se"] == approx(100 * h.walter_se(20, 200, MU, 400, 100))


def test_favourable_with_reference_and_truncated_par() -> None:
    m = measures_of(frame(group_rows(Y, se=S, pop=POP, fav=1, ref=0)), measures=["D", "R", "PAR", "PAF"])
    # favourable with reference (10): D = ref − min(others) = 10 − 20
    assert m["D"]["estimate"] == approx(10 - 20)
    assert m["R"]["estimate"] == approx(0.5)
    # the reference is below the mean: no improvement possible, PAR = PAF = 0
    assert m["PAR"]["estimate"] == 0.0
    assert m["PAF"]["estimate"] == 0.0


def test_adverse_without_reference_uses_highest_minus_lowest() -> None:
    m = measures_of(frame(group_rows(Y, se=S, pop=POP, fav=0)), measures=["D", "R", "PAR"])
    assert m["D"]["estimate"] == approx(30.0)
    assert m["R"]["estimate"] == approx(4.0)
    assert m["PAR"]["estimate"] == approx(10 - MU)  # best = lowest for adverse


# ---------------------------------------------------------------------------------------------------
# ordered dimensions
# ---------------------------------------------------------------------------------------------------

OY, OS, OPOP = [30.0, 25.0, 20.0, 12.0], [2.0, 1.5, 1.0, 1.5], [50.0, 80.0, 120.0, 60.0]


@pytest.fixture(scope="module")
def ordered_adverse() -> dict[str, dict[str, object]]:
    return measures_of(frame(group_rows(OY, se=OS, pop=OPOP, fav=0, ordered=1, scale=100)), draws=200)


def test_ordered_applicable_set(ordered_adverse: dict[str, dict[str, object]]) -> None:
    assert set(ordered_adverse) == {"D", "R", "ACI", "RCI", "SII", "RII", "PAR", "PAF"}


def test_ordered_adverse_pair(ordered_adverse: dict[str, dict[str, object]]) -> None:
    # adverse: most disadvantaged (order 1) − most advantaged (order 4)
    assert ordered_adverse["D"]["estimate"] == approx(30 - 12)
    assert ordered_adverse["R"]["estimate"] == approx(30 / 12)
    assert ordered_adverse["D"]["se"] == approx(math.sqrt(2**2 + 1.5**2))


def test_concentration_indices(ordered_adverse: dict[str, dict[str, object]]) -> None:
    p = [n / 310 for n in OPOP]
    x = [p[0] / 2, p[0] + p[1] / 2, p[0] + p[1] + p[2] / 2, p[0] + p[1] + p[2] + p[3] / 2]
    mu = sum(pj * yj for pj, yj in zip(p, OY, strict=True))
    aci = sum(pj * (2 * xj - 1) * yj for pj, xj, yj in zip(p, x, OY, strict=True))
    aci_ref, aci_se = h.aci(OY, OPOP)
    assert aci == approx(aci_ref)
    assert ordered_adverse["ACI"]["estimate"] == approx(aci)
    assert ordered_adverse["ACI"]["se"] == approx(aci_se)
    assert ordered_adverse["RCI"]["estimate"] == approx(aci / mu)
    assert ordered_adverse["RCI"]["se"] == approx(aci_se / mu)
    assert aci < 0  # adverse outcome concentrated among the disadvantaged


def test_logistic_sii_rii(ordered_adverse: dict[str, dict[str, object]]) -> None:
    ref = h.sii_logistic(OY, OPOP, 100)
    assert ordered_adverse["SII"]["estimate"] == pytest.approx(ref["sii"], rel=1e-7)
    assert ordered_adverse["SII"]["se"] == pytest.approx(ref["sii_se"], rel=1e-6)
    assert ordered_adverse["RII"]["estimate"] == pytest.approx(ref["rii"], rel=1e-7)
    rii = ref["rii"]
    assert ordered_adverse["RII"]["se"] == pytest.approx(rii * ref["ln_se"], rel=1e-6)
    assert ordered_adverse["RII"]["ci_lb"] == pytest.approx(
        math.exp(math.log(rii) - Z * ref["ln_se"]), rel=1e-6
    )


def test_ordered_par_uses_most_advantaged(ordered_adverse: dict[str, dict[str, object]]) -> None:
    mu = sum(y * n for y, n in zip(OY, OPOP, strict=True)) / 310
    assert ordered_adverse["PAR"]["estimate"] == approx(12 - mu)
    assert ordered_adverse["PAF"]["se"] == approx(100 * h.walter_se(12, 60, mu, 310, 100))


def test_linear_sii_for_unbounded_indicator() -> None:
    y, pop = [78.0, 80.0, 81.5, 83.0], [1000.0, 1500.0, 2000.0, 1200.0]
    m = measures_of(frame(group_rows(y, se=[0.3] * 4, pop=pop, ordered=1, scale=None)), draws=200)
    ref = h.sii_linear(y, pop)
    assert m["SII"]["estimate"] == approx(ref["sii"])
    assert m["SII"]["se"] == pytest.approx(ref["sii_se"], rel=1e-8)
    assert m["RII"]["estimate"] == approx(ref["rii"])
    assert m["RII"]["se"] == pytest.approx(ref["rii"] * ref["ln_se"], rel=1e-8)
    # favourable, most advantaged last: D = 83 − 78; no scale → PAR CI simulated
    assert m["D"]["estimate"] == approx(5.0)
    assert m["PAR"]["se"] is not None
    assert m["PAR"]["ci_lb"] <= m["PAR"]["estimate"] <= m["PAR"]["ci_ub"]


def test_rounding_up_populations_like_healthequal() -> None:
    y, pop = [20.0, 30.0, 45.0], [10.2, 20.5, 30.9]
    m = measures_of(frame(group_rows(y, se=[1.0] * 3, pop=pop, ordered=1)), measures=["SII", "RII"])
    ref = h.sii_logistic(y, pop, 100)  # uses ceil(N) and round-half-even counts
    assert m["SII"]["estimate"] == pytest.approx(ref["sii"], rel=1e-7)


# ---------------------------------------------------------------------------------------------------
# populations missing, missing estimates, special values
# ---------------------------------------------------------------------------------------------------


def test_without_populations_uses_setting_average() -> None:
    m = measures_of(frame(group_rows(Y, se=S, savg=25.0)), draws=200)
    assert m["MDMU"]["estimate"] == approx((15 + 5 + 15) / 3)
    assert m["IDISU"]["estimate"] == approx(100 * (35 / 3) / 25)
    assert m["PAR"]["estimate"] == approx(40 - 25)
    assert m["PAF"]["estimate"] == approx(100 * 15 / 25)
    assert m["MDBU"]["estimate"] == approx(50 / 3)
    for code in ("BGV", "BGSD", "COV", "MDMW", "MDBW", "IDISW", "TI", "MLD"):
        assert m[code]["estimate"] is None, code
    assert m["D"]["estimate"] == approx(30.0)
    # Walter's formula needs populations: the PAR interval comes from the simulation instead
    assert m["PAR"]["ci_lb"] is not None


def test_without_populations_or_average() -> None:
    m = measures_of(frame(group_rows(Y, se=S)), draws=100)
    assert m["MDMU"]["estimate"] is None
    assert m["PAR"]["estimate"] is None
    assert m["D"]["estimate"] == approx(30.0)


def test_ordered_without_populations_gives_no_weighted_measures() -> None:
    m = measures_of(frame(group_rows(OY, se=OS, ordered=1, fav=0)), draws=100)
    for code in ("ACI", "RCI", "SII", "RII"):
        assert m[code]["estimate"] is None
    assert m["D"]["estimate"] == approx(18.0)


def test_coverage_rule_85_percent() -> None:
    ys = [float(v) for v in range(10, 20)]
    two_missing = [None, None, *ys[2:]]
    m = measures_of(frame(group_rows(two_missing, se=[1.0] * 10, pop=[100.0] * 10)), draws=50)
    assert m["BGV"]["estimate"] is None  # 8/10 = 80 % < 85 %
    assert m["PAR"]["estimate"] is None
    assert m["D"]["estimate"] == approx(19 - 12)  # D and R use the available extremes
    assert m["D"]["n_subgroups"] == 8
    one_missing = [None, *ys[1:]]
    m = measures_of(frame(group_rows(one_missing, se=[1.0] * 10, pop=[100.0] * 10)), draws=50)
    present = ys[1:]
    assert m["BGV"]["estimate"] == approx(h.bgv(present, [1.0] * 9, [100.0] * 9)[0])  # 90 % ≥ 85 %


def test_ordered_end_group_missing_blocks_d_and_r() -> None:
    y = [30.0, 25.0, 22.0, 20.0, 18.0, 15.0, None]
    m = measures_of(frame(group_rows(y, se=[1.0] * 7, pop=[100.0] * 7, ordered=1, fav=0)), draws=50)
    assert m["D"]["estimate"] is None
    assert m["R"]["estimate"] is None
    assert m["PAR"]["estimate"] is None  # the most advantaged subgroup is the missing one
    aci, se = h.aci([v for v in y if v is not None], [100.0] * 6)
    assert m["ACI"]["estimate"] == approx(aci)  # 6/7 ≥ 85 %: computed on the remaining subgroups
    assert m["ACI"]["se"] == approx(se)


def test_ordered_middle_group_missing_keeps_d() -> None:
    y = [30.0, None, 22.0, 20.0, 18.0, 15.0, 12.0]
    m = measures_of(frame(group_rows(y, se=[1.0] * 7, pop=[100.0] * 7, ordered=1, fav=0)), measures=["D"])
    assert m["D"]["estimate"] == approx(18.0)


def test_zero_estimate_in_theil_and_negative_estimate() -> None:
    m = measures_of(frame(group_rows([0.0, 10.0, 20.0], se=[1.0] * 3, pop=[1.0, 1.0, 1.0])), draws=50)
    assert m["TI"]["estimate"] == approx(h.theil_mld([0.0, 10.0, 20.0], [1.0] * 3, [1.0] * 3)["TI"])
    neg = measures_of(
        frame(group_rows([-5.0, 10.0, 20.0], se=[1.0] * 3, pop=[1.0] * 3, scale=None)), draws=50
    )
    assert neg["TI"]["estimate"] is None
    assert neg["MLD"]["estimate"] is None
    assert neg["BGV"]["estimate"] is not None


def test_two_subgroups_get_only_simple_measures() -> None:
    m = measures_of(frame(group_rows([55.0, 60.0], se=[1.0, 1.0], pop=[500.0, 480.0])), draws=50)
    assert set(m) == {"D", "R", "PAR", "PAF"}
    mu = (55 * 500 + 60 * 480) / 980
    assert m["PAR"]["estimate"] == approx(60 - mu)
    ordered = measures_of(
        frame(group_rows([55.0, 60.0], se=[1.0, 1.0], pop=[500.0, 480.0], ordered=1)), draws=50
    )
    assert set(ordered) == {"D", "R", "PAR", "PAF"}


def test_missing_standard_errors_give_estimates_without_intervals() -> None:
    m = measures_of(frame(group_rows(Y, pop=POP)), draws=50)
    assert m["D"]["estimate"] == approx(30.0)
    assert m["D"]["se"] is None and m["D"]["ci_lb"] is None
    assert m["MDMU"]["ci_lb"] is None
    assert m["BGV"]["se"] is None
    assert m["PAF"]["se"] is not None  # Walter's formula needs no subgroup SE


# ---------------------------------------------------------------------------------------------------
# percentile extras and the simulation against the point estimates
# ---------------------------------------------------------------------------------------------------


def test_percentile_extras_by_number_of_subgroups() -> None:
    ys = [float(5 + (j * 7) % 31) for j in range(35)]
    m = measures_of(frame(group_rows(ys, se=[0.5] * 35, pop=[10.0] * 35)), draws=100)
    assert m["D_P80_P20"]["estimate"] == approx(h.quantile7(ys, 0.8) - h.quantile7(ys, 0.2))
    assert m["R_P80_P20"]["estimate"] == approx(h.quantile7(ys, 0.8) / h.quantile7(ys, 0.2))
    assert "D_P90_P10" not in m
    ys61 = [float(j) + 1 for j in range(61)]
    m61 = measures_of(frame(group_rows(ys61, se=[0.5] * 61, pop=[10.0] * 61)), draws=100)
    assert m61["D_P90_P10"]["estimate"] == approx(h.quantile7(ys61, 0.9) - h.quantile7(ys61, 0.1))
    assert "D_P95_P5" not in m61


def test_simulation_without_uncertainty_reproduces_estimates() -> None:
    """With every SE zero there is no uncertainty: each CI is the estimate and each SE is 0, exactly (not
    within single-precision noise), on any processor."""
    ys = [float(10 + (j * 13) % 29) for j in range(40)]
    rows = group_rows(ys, se=[0.0] * 40, pop=[float(50 + j) for j in range(40)], ref=3, fav=0)
    m = measures_of(frame(rows), draws=20)
    simulated = ("BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW", "IDISU", "IDISW")
    for code in (*simulated, "D_P80_P20", "R_P80_P20"):
        assert m[code]["ci_lb"] == m[code]["estimate"], code
        assert m[code]["ci_ub"] == m[code]["estimate"], code
        assert m[code]["se"] == 0.0, code
    nopop = measures_of(frame(group_rows(ys, se=[0.0] * 40, savg=20.0, scale=None, ordered=1)), draws=20)
    for code in ("PAR", "PAF"):
        assert nopop[code]["ci_lb"] == nopop[code]["ci_ub"] == nopop[code]["estimate"], code
        assert nopop[code]["se"] == 0.0, code


def test_one_uncertain_subgroup_is_still_simulated() -> None:
    """The exact shortcut is only for groups without any uncertainty: one SE above zero gives an interval
    of positive width."""
    ys = [float(10 + (j * 13) % 29) for j in range(40)]
    se = [0.0] * 39 + [2.0]
    m = measures_of(frame(group_rows(ys, se=se, pop=[float(50 + j) for j in range(40)], ref=3)), draws=200)
    assert m["MDMW"]["se"] > 0
    assert m["MDMW"]["ci_lb"] < m["MDMW"]["ci_ub"]
