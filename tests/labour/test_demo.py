"""The demo matrix and employment load through the actions, tell their story, and load only once."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.indicators.models import Area
from jamlik.labour import analysis
from jamlik.labour.demo import MATRIX_NAME, load_labour_demo
from jamlik.labour.models import Employment, Flow, Industry, Matrix

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, ...]:
    return (
        Matrix.objects.count(),
        Flow.objects.count(),
        Industry.objects.count(),
        Employment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_loads_once_and_a_second_run_changes_nothing() -> None:
    assert load_labour_demo() == 2
    first = _state()
    matrix = Matrix.objects.get(name=MATRIX_NAME)
    stamp = matrix.imported_at
    assert load_labour_demo() == 0
    assert _state() == first
    matrix.refresh_from_db()
    assert matrix.imported_at == stamp
    assert set(AuditEntry.objects.values_list("code", flat=True)) == {
        "labour_matrix.imported",
        "labour_employment.imported",
    }


def test_demo_shows_a_shrinking_industry_with_related_growing_neighbours() -> None:
    load_labour_demo()
    matrix = Matrix.objects.get(name=MATRIX_NAME)
    area = Area.objects.get(code="DEMO")
    changes = {c["industry"]: c for c in analysis.industry_changes(area, matrix.classification, 2016, 2023)}
    assert changes["241"]["change"] == -500
    neighbours = analysis.neighbours_of(area, matrix, "241", 2016, 2023)
    codes = [n.code for n in neighbours]
    assert {"251", "331", "432"} <= set(codes)
    assert "873" not in codes  # the largest growing industry is skill-distant
    assert all(n.sr_norm > 0 and n.change > 0 for n in neighbours)
    assert [n.score for n in neighbours] == sorted((n.score for n in neighbours), reverse=True)


def test_demo_has_possible_industries_against_the_nation(world: Any) -> None:
    load_labour_demo()
    matrix = Matrix.objects.get(name=MATRIX_NAME)
    possible, reference = analysis.possible_industries(Area.objects.get(code="DEMO"), matrix, 2023)
    assert reference == "nation"
    assert possible and all(0 <= p["density"] <= 1 for p in possible)
