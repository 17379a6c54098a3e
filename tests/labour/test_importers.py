"""Imports of matrices and employment through the actions: computed relatedness, all-or-nothing rules
with every bad row named by its line, occupations with their own codes, and idempotence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.indicators.models import Area
from jamlik.labour.actions import do_import_employment, do_import_matrix
from jamlik.labour.importers import EmploymentOptions, ImportFailed, MatrixOptions, plan_matrix
from jamlik.labour.models import Classification, Employment, Flow, Industry, Kind, Matrix

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "labour"


def options(**extra: Any) -> MatrixOptions:
    base: dict[str, Any] = {
        "name": "Testmatris",
        "classification": Classification.SNI2007,
        "period": "2013–2019",
        "source": "Test",
    }
    return MatrixOptions(**{**base, **extra})


def import_flows(name: str = "flows.csv", **extra: Any) -> Any:
    return do_import_matrix(
        (FIXTURES / name).read_bytes(), acting_user=None, filename=name, options=options(**extra)
    )


def test_flow_matrix_gets_the_worked_example_relatedness() -> None:
    plan = import_flows()
    assert plan.measure == "count" and plan.diagonal == 1 and plan.created == 6
    flow = Flow.objects.get(origin__code="011", destination__code="012")
    assert round(flow.sr, 4) == 1.7143 and round(flow.sr_norm, 4) == 0.2632
    assert 0 < flow.p_value < 0.01
    assert Flow.objects.get(origin__code="013", destination__code="012").sr_norm == pytest.approx(
        -0.1351, abs=1e-4
    )
    industry = Industry.objects.get(code="011")
    assert industry.name == "Odling av ettåriga växter" and industry.section == "A"
    entry = AuditEntry.objects.get(code="labour_matrix.imported")
    assert entry.changes["created"] == 6


def test_importing_the_same_matrix_twice_changes_nothing() -> None:
    import_flows()
    before = (list(Flow.objects.values_list("pk", "sr_norm")), Matrix.objects.get().imported_at)
    plan = import_flows()
    assert not plan.changes_anything and plan.unchanged == 6
    assert (list(Flow.objects.values_list("pk", "sr_norm")), Matrix.objects.get().imported_at) == before
    assert AuditEntry.objects.filter(code="labour_matrix.imported").count() == 1


def test_reimport_with_fewer_pairs_removes_them() -> None:
    import_flows()
    data = b"from;to;count\n011;012;30\n012;011;20\n"
    plan = do_import_matrix(data, acting_user=None, filename="two.csv", options=options())
    assert plan.deleted == 4 and Flow.objects.count() == 2


def test_bad_matrix_names_every_bad_row_and_writes_nothing() -> None:
    with pytest.raises(ImportFailed) as failed:
        import_flows("flows_bad.csv")
    text = "\n".join(failed.value.errors)
    for line in (3, 4, 5, 6, 7):
        assert f"Rad {line}:" in text or f"Line {line}:" in text, text
    assert "999" in text  # the unknown SNI code is named
    assert Matrix.objects.count() == 0 and Flow.objects.count() == 0 and Industry.objects.count() == 0


def test_published_symmetric_matrix_with_normalised_values() -> None:
    data = "från;till;sr_norm\n01;02;0,5\n02;01;0,5\n01;03;-0,25\n".encode()
    plan = do_import_matrix(
        data,
        acting_user=None,
        filename="rec.csv",
        options=options(symmetric=True, licence="CC BY 4.0", attribution="Källa: forskargruppen"),
    )
    assert plan.measure == "sr_norm" and len(plan.flows) == 2
    flow = Flow.objects.get(origin__code="01", destination__code="02")
    assert flow.sr == pytest.approx(3.0) and flow.count is None
    matrix = Matrix.objects.get()
    assert matrix.symmetric and matrix.licence == "CC BY 4.0"


def test_symmetric_matrix_refuses_two_values_for_one_pair() -> None:
    data = b"from;to;sr\n01;02;1.5\n02;01;1.2\n"
    with pytest.raises(ImportFailed) as failed:
        do_import_matrix(data, acting_user=None, filename="x.csv", options=options(symmetric=True))
    assert "2" in failed.value.errors[0] and Flow.objects.count() == 0


def test_occupation_matrix_needs_names_for_new_codes() -> None:
    occupation = options(name="Yrken", classification=Classification.SSYK2012)
    bad = b"from;to;sr\n2611;3411;1.4\n"
    with pytest.raises(ImportFailed):
        do_import_matrix(bad, acting_user=None, filename="y.csv", options=occupation)
    good = b"from;to;sr;from_name;to_name\n2611;3411;1.4;Advokater;Juristassistenter\n"
    do_import_matrix(good, acting_user=None, filename="y.csv", options=occupation)
    lawyer = Industry.objects.get(code="2611")
    assert lawyer.kind == Kind.OCCUPATION and lawyer.name == "Advokater" and lawyer.section == "2"
    assert Matrix.objects.get().kind == Kind.OCCUPATION


def test_preview_plans_without_writing() -> None:
    plan = plan_matrix((FIXTURES / "flows.csv").read_bytes(), "flows.csv", options())
    assert plan.preview[0]["origin"] == "012" and plan.preview[0]["destination"] == "011"  # highest SR̃
    assert Matrix.objects.count() == 0 and Industry.objects.count() == 0


def test_employment_import_creates_area_and_is_idempotent() -> None:
    data = (FIXTURES / "employment.csv").read_bytes()
    opts = EmploymentOptions(classification=Classification.SNI2007, source="SCB")
    plan = do_import_employment(data, acting_user=None, filename="e.csv", options=opts)
    assert plan.created == 8 and Employment.objects.count() == 8
    assert Area.objects.get(code="2180").name == "Testkommun"
    again = do_import_employment(data, acting_user=None, filename="e.csv", options=opts)
    assert not again.changes_anything and again.unchanged == 8
    assert AuditEntry.objects.filter(code="labour_employment.imported").count() == 1


def test_bad_employment_names_every_bad_row_and_writes_nothing() -> None:
    with pytest.raises(ImportFailed) as failed:
        do_import_employment(
            (FIXTURES / "employment_bad.csv").read_bytes(),
            acting_user=None,
            filename="bad.csv",
            options=EmploymentOptions(classification=Classification.SNI2007),
        )
    text = "\n".join(failed.value.errors)
    for line in (3, 4, 5, 6, 7, 8):
        assert f"Rad {line}:" in text or f"Line {line}:" in text, text
    assert "9999" in text and "0X9" in text
    assert Employment.objects.count() == 0 and Area.objects.count() == 0


def test_missing_columns_are_named() -> None:
    with pytest.raises(ImportFailed) as failed:
        do_import_matrix(b"a;b\n1;2\n", acting_user=None, filename="x.csv", options=options())
    assert "from" in failed.value.errors[0]
