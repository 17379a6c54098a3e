"""Lazy inputs, files and batching give the same answer as one in-memory computation."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from jamlik.measures import MeasureInputError, compute_measures, write_measures

from .helpers import frame, group_rows


def _table() -> pl.DataFrame:
    groups = []
    for i in range(12):
        k = 3 + i % 4
        ys = [float(10 + (i * 7 + j * 11) % 50) for j in range(k)]
        groups.append(
            group_rows(
                ys,
                se=[1.0 + j * 0.1 for j in range(k)],
                pop=[100.0 + 10 * j for j in range(k)],
                ordered=i % 2,
                fav=i % 3 % 2,
                setting=f"M{i // 3}",
                indicator=f"I{i % 3}",
            )
        )
    return frame(*groups)


@pytest.fixture(scope="module")
def eager() -> pl.DataFrame:
    return compute_measures(_table(), draws=100)


def test_lazy_frame_equals_eager(eager: pl.DataFrame) -> None:
    assert compute_measures(_table().lazy(), draws=100).equals(eager)


def test_small_batches_equal_one_batch(eager: pl.DataFrame) -> None:
    assert compute_measures(_table().lazy(), draws=100, batch_rows=7).equals(eager)


def test_parquet_and_csv_files(tmp_path: Path, eager: pl.DataFrame) -> None:
    table = _table()
    table.write_parquet(tmp_path / "in.parquet")
    table.write_csv(tmp_path / "in.csv")
    assert compute_measures(pl.scan_parquet(tmp_path / "in.parquet"), draws=100, batch_rows=10).equals(eager)
    from_csv = compute_measures(tmp_path / "in.csv", draws=100)
    assert from_csv.drop("estimate", "se", "ci_lb", "ci_ub").equals(
        eager.drop("estimate", "se", "ci_lb", "ci_ub")
    )
    assert from_csv.get_column("estimate").to_list() == pytest.approx(eager.get_column("estimate").to_list())


def test_write_measures_streams_batches_to_file(tmp_path: Path, eager: pl.DataFrame) -> None:
    rows = write_measures(_table().lazy(), tmp_path / "out.parquet", draws=100, batch_rows=9)
    assert rows == eager.height
    assert pl.read_parquet(tmp_path / "out.parquet").equals(eager)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]


def test_error_row_numbers_refer_to_the_whole_file_in_batches() -> None:
    table = _table().with_columns(
        pl.when(pl.int_range(pl.len()) == 40).then(-1.0).otherwise(pl.col("population")).alias("population")
    )
    with pytest.raises(MeasureInputError) as info:
        compute_measures(table.lazy(), draws=20, batch_rows=8)
    assert info.value.row == 41
    assert info.value.column == "population"
