"""The command line, run as a real subprocess: success, every kind of bad input, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from .helpers import frame, group_rows

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Run:
    code: int
    stderr: str
    out: Path
    folder: Path


def _valid() -> pl.DataFrame:
    return frame(
        group_rows(
            [20.0, 30.0, 40.0, 50.0, 60.0], se=[5.0, 7, 10, 12, 14], pop=[78.0, 91, 162, 103, 105], ordered=1
        ),
        group_rows([10.0, 20.0, 40.0], se=[1.0, 2, 4], pop=[100.0, 200, 100], dimension="region", ref=1),
    )


def _write_csv(df: pl.DataFrame, path: Path) -> Path:
    df.write_csv(path)
    return path


def _cases(base: Path) -> dict[str, tuple[list[str], Path]]:
    """name -> (arguments, output path); every case gets its own folder."""
    cases: dict[str, tuple[list[str], Path]] = {}

    def folder(name: str) -> Path:
        d = base / name
        d.mkdir()
        return d

    d = folder("ok_csv")
    cases["ok_csv"] = ([str(_write_csv(_valid(), d / "in.csv")), "--out", str(d / "out.csv")], d / "out.csv")
    d = folder("ok_parquet")
    _valid().write_parquet(d / "in.parquet")
    cases["ok_parquet"] = (
        [str(d / "in.parquet"), "--out", str(d / "out.parquet"), "--measures", "D,r", "--draws", "50"],
        d / "out.parquet",
    )
    d = folder("semicolon")
    text = _valid().write_csv(separator=";").replace("20.0", "20,0")
    (d / "in.csv").write_text("\ufeff" + text, encoding="utf-8")  # as Excel saves it
    cases["semicolon"] = ([str(d / "in.csv"), "--out", str(d / "out.csv"), "--measures", "D"], d / "out.csv")
    d = folder("missing_column")
    cases["missing_column"] = (
        [str(_write_csv(_valid().drop("estimate"), d / "in.csv")), "--out", str(d / "out.csv")],
        d / "out.csv",
    )
    d = folder("non_numeric")
    bad = _valid().with_columns(pl.col("estimate").cast(pl.String))
    bad = bad.with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(pl.lit("abc")).otherwise("estimate").alias("estimate")
    )
    cases["non_numeric"] = ([str(_write_csv(bad, d / "in.csv")), "--out", str(d / "out.csv")], d / "out.csv")
    d = folder("negative_population")
    neg = _valid().with_columns(
        pl.when(pl.int_range(pl.len()) == 6).then(-5.0).otherwise("population").alias("population")
    )
    cases["negative_population"] = (
        [str(_write_csv(neg, d / "in.csv")), "--out", str(d / "out.csv")],
        d / "out.csv",
    )
    d = folder("duplicate")
    dup = _valid().with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("g0")).otherwise("subgroup").alias("subgroup")
    )
    cases["duplicate"] = (
        [str(_write_csv(dup, d / "in.csv")), "--out", str(d / "out.parquet")],
        d / "out.parquet",
    )
    d = folder("bad_extension")
    cases["bad_extension"] = (
        [str(_write_csv(_valid(), d / "in.csv")), "--out", str(d / "out.xlsx")],
        d / "out.xlsx",
    )
    d = folder("unknown_measure")
    cases["unknown_measure"] = (
        [str(_write_csv(_valid(), d / "in.csv")), "--out", str(d / "out.csv"), "--measures", "D,XYZ"],
        d / "out.csv",
    )
    return cases


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Start every case at once (each is a separate interpreter) and wait for all."""
    base = tmp_path_factory.mktemp("cli")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = {
        name: (
            subprocess.Popen(
                [sys.executable, "-m", "jamlik.measures", *args],
                env=env,
                stderr=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            ),
            out,
        )
        for name, (args, out) in _cases(base).items()
    }
    results = {}
    for name, (proc, out) in procs.items():
        _, err = proc.communicate(timeout=120)
        results[name] = Run(proc.returncode, err, out, out.parent)
    return results


def test_success_csv(runs: dict[str, Run]) -> None:
    run = runs["ok_csv"]
    assert run.code == 0, run.stderr
    out = pl.read_csv(run.out)
    expected = "setting year indicator dimension measure estimate se ci_lb ci_ub n_subgroups"
    assert out.columns == expected.split()
    aci = out.filter(pl.col("measure") == "ACI")
    assert aci.get_column("estimate")[0] == pytest.approx(7.3284202, rel=1e-6)
    assert out.filter(pl.col("dimension") == "region").height == 2 + 13 + 2


def test_success_parquet_with_measure_filter(runs: dict[str, Run]) -> None:
    run = runs["ok_parquet"]
    assert run.code == 0, run.stderr
    out = pl.read_parquet(run.out)
    assert set(out.get_column("measure")) == {"D", "R"}
    assert out.height == 4


def test_semicolon_csv_with_decimal_comma(runs: dict[str, Run]) -> None:
    run = runs["semicolon"]
    assert run.code == 0, run.stderr
    d = pl.read_csv(run.out).filter(pl.col("dimension") == "dim")
    assert d.get_column("estimate")[0] == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("case", "needles"),
    [
        ("missing_column", ["'estimate'", "saknas"]),
        ("non_numeric", ["'estimate'", "rad 3", "'abc'"]),
        ("negative_population", ["'population'", "rad 7", "negativ"]),
        ("duplicate", ["'g0'", "rad 1 och rad 4", "två gånger"]),
        ("bad_extension", [".xlsx", "filändelse"]),
        ("unknown_measure", ["XYZ", "Okänt mått"]),
    ],
)
def test_bad_input_stops_with_one_swedish_message(
    runs: dict[str, Run], case: str, needles: list[str]
) -> None:
    run = runs[case]
    assert run.code == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("fel: ")
    for needle in needles:
        assert needle in lines[0]
    assert not run.out.exists()
    assert sorted(p.name for p in run.folder.iterdir()) == ["in.csv"]  # no partial or temporary files
