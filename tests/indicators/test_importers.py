"""The file importers: all or nothing, every bad line reported, and a second import changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from jamlik.core.models import AuditEntry
from jamlik.indicators.importers import ImportFailed, format_for, import_file
from jamlik.indicators.importers.pcaxis import parse_px, strings
from jamlik.indicators.importers.tabular import parse_csv, parse_excel, template_csv, template_excel
from jamlik.indicators.models import Area, Dimension, Indicator, Subgroup, Value

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "indicators"
pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Value.objects.order_by("pk").values_list(
            "pk",
            "indicator__code",
            "year",
            "area__code",
            "subgroup__code",
            "sex",
            "estimate",
            "se",
            "imported_at",
        )
    )


def run(name: str, fmt: str = "", **kwargs: object):  # type: ignore[no-untyped-def]
    return import_file(read(name), fmt=fmt or format_for(name), acting_user=None, source_label=name, **kwargs)


def test_long_csv_creates_catalogue_and_values_and_reimport_changes_nothing() -> None:
    result = run("long.csv")
    assert result.created == 30 and result.updated == 0
    indicator = Indicator.objects.get(code="sysselsattning")
    assert indicator.name == "Förvärvsarbetande 20–64 år"
    assert Area.objects.get(code="1480-01").parent == Area.objects.get(code="1480")
    assert Area.objects.get(code="1480-01").level == Area.Level.DISTRICT
    assert Dimension.objects.get(code="utbildning").ordered
    assert list(Subgroup.objects.order_by("order").values_list("code", flat=True)) == ["low", "mid", "high"]
    value = Value.objects.get(indicator=indicator, year=2023, area__code="1480-01", sex="K", subgroup=None)
    assert (value.estimate, value.se, value.population, value.source) == (60.5, 0.8, 1200, "SCB")
    assert AuditEntry.objects.filter(code="indicator.values_imported").count() == 1

    before, audit_rows = snapshot(), AuditEntry.objects.count()
    again = run("long.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert snapshot() == before
    assert AuditEntry.objects.count() == audit_rows


def test_changed_figure_is_updated_in_place() -> None:
    run("long.csv")
    changed = read("long.csv").replace(
        b";2023;1480-02;Centrum;1480;;;;;K;85,5;", b";2023;1480-02;Centrum;1480;;;;;K;86,5;"
    )
    result = import_file(changed, fmt="csv", acting_user=None, source_label="x")
    assert (result.created, result.updated) == (0, 1)
    assert Value.objects.get(year=2023, area__code="1480-02", sex="K").estimate == 86.5


def test_bad_csv_imports_nothing_and_names_every_bad_line() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        run("long_bad.csv")
    text = "\n".join(caught.value.errors)
    assert "Line 3: 'tjugo' is not a year." in text
    assert "Line 4: 'X' is not a sex" in text
    assert "Line 5: 'abc' in the column estimate is not a number." in text
    assert Value.objects.count() == 0 and Indicator.objects.count() == 0 and Area.objects.count() == 0


def test_errors_are_in_swedish_by_default() -> None:
    with pytest.raises(ImportFailed) as caught:
        run("long_bad.csv")
    assert caught.value.errors[0].startswith("Rad 3:")


def test_unknown_area_and_missing_columns_are_refused() -> None:
    data = b"indicator;year;area_code;sex;estimate\r\nx;2022;0000;T;1\r\n"
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(data, fmt="csv", acting_user=None, source_label="x")
    assert any("Line 2: unknown indicator 'x'" in e for e in caught.value.errors)
    assert any("Line 2: unknown area '0000'" in e for e in caught.value.errors)
    with translation.override("en"):
        assert "lacks the column(s) estimate" in parse_csv(b"indicator,year,area_code\r\n").errors[0]


def test_overlong_codes_and_a_dimension_without_letters_are_named_not_crashed_on() -> None:
    header = "indicator;indicator_name;year;area_code;area_name;dimension;subgroup;sex;estimate\r\n"
    data = (
        header
        + f"x;X;2022;{'1' * 41};Lång;;;K;5\r\n"
        + "x;X;2022;1480;Göteborg;!!!;a;K;5\r\n"
        + f"x;X;2022;1480;Göteborg;utb;{'s' * 61};M;5\r\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(data, fmt="csv", acting_user=None, source_label="x")
    errors = caught.value.errors
    assert any(e.startswith("Line 2: area_code '11111") and "longer than 40" in e for e in errors)
    assert "Line 3: the dimension '!!!' needs at least one letter or digit." in errors
    assert any(e.startswith("Line 4: subgroup 'sssss") and "longer than 60" in e for e in errors)
    assert Indicator.objects.count() == 0 and Area.objects.count() == 0 and Dimension.objects.count() == 0


def test_person_based_indicator_must_be_split_by_sex() -> None:
    data = (
        "indicator;indicator_name;year;area_code;area_name;sex;estimate\r\nx;X;2022;1480;Göteborg;T;5\r\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(data, fmt="csv", acting_user=None, source_label="x")
    assert "Line 2: indicator 'x' is person-based" in caught.value.errors[0]
    assert Indicator.objects.count() == 0


def test_duplicate_rows_are_refused() -> None:
    lines = read("long.csv").decode().split("\r\n")
    data = "\r\n".join([*lines[:3], lines[2]]).encode()
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(data, fmt="csv", acting_user=None, source_label="x")
    assert caught.value.errors == ["Line 4: the same figure as on line 3 is given again."]


def test_csv_in_another_encoding_gets_a_clear_message() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        run("long_latin1.csv")
    assert "not UTF-8 encoded" in caught.value.errors[0] and "line 2" in caught.value.errors[0]


def test_excel_round_trip_of_the_same_rows() -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in read("long.csv").decode("utf-8").splitlines():
        sheet.append(line.split(";"))
    out = io.BytesIO()
    workbook.save(out)
    assert len(parse_excel(out.getvalue()).rows) == 30
    result = import_file(out.getvalue(), fmt="xlsx", acting_user=None, source_label="x.xlsx")
    assert result.created == 30
    assert run("long.csv").unchanged == 30


def test_broken_excel_file() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(b"not a workbook", fmt="xlsx", acting_user=None, source_label="x.xlsx")
    assert "is not an Excel file (.xlsx)" in caught.value.errors[0]


def test_templates_parse_as_valid_long_format() -> None:
    assert parse_csv(template_csv()).errors == []
    assert len(parse_csv(template_csv()).rows) == 3
    assert len(parse_excel(template_excel()).rows) == 3


@pytest.mark.parametrize("name", ["life_expectancy_ansi.px", "life_expectancy_utf8.px"])
def test_pc_axis_in_both_encodings(name: str) -> None:
    cube = parse_px(read(name))
    assert [v.role for v in cube.variables] == ["region", "sex", "time"]
    assert cube.title == "Återstående medellivslängd vid 30 års ålder"
    assert cube.unit == "år"
    assert cube.source == "Statistiska centralbyrån (SCB), bearbetning Göteborgs Stad"
    assert cube.cells[:6] == [50.1, 50.4, 54.0, 54.2, 52.1, None]
    result = run(name)
    assert (result.created, result.missing) == (10, 2)
    indicator = Indicator.objects.get(code="be0101x1")
    assert indicator.name == "Återstående medellivslängd vid 30 års ålder" and indicator.unit == "år"
    assert indicator.person_based
    assert Value.objects.get(area__code="1480", year=2022, sex="K").estimate == 54.2
    assert Area.objects.get(code="1480-01").name == "Angered"
    assert run(name).unchanged == 10


def test_both_encodings_give_the_same_figures() -> None:
    run("life_expectancy_ansi.px")
    assert run("life_expectancy_utf8.px").unchanged == 10


def test_pc_axis_strings_join_continued_lines() -> None:
    assert strings('"a","b"') == ["a", "b"]
    assert strings('"long "\n"text", "c"') == ["long text", "c"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_count.px", "The table has 11 figures but its variables describe 12."),
        ("broken_token.px", "Line 29: 'fem' in DATA is not a number."),
        ("wrong_encoding.px", "the file cannot be read as UTF-8"),
    ],
)
def test_malformed_pc_axis_imports_nothing(name: str, message: str) -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        run(name)
    assert message in "\n".join(caught.value.errors)
    assert Value.objects.count() == 0 and Indicator.objects.count() == 0


def test_pc_axis_without_data_or_cut_off() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(b'STUB="region";\nVALUES("region")="a";', fmt="px", acting_user=None, source_label="x")
    assert "no DATA block" in caught.value.errors[0]
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(b'STUB="region";\nDATA=\n1 2', fmt="px", acting_user=None, source_label="x")
    assert "does not end with a semicolon" in caught.value.errors[0]


def test_jsonstat_file_import() -> None:
    result = run("pxweb_TAB1234.json")
    assert (result.created, result.missing) == (11, 1)
    indicator = Indicator.objects.get(code="tab1234")
    assert indicator.unit == "procent"
    assert indicator.name == "Andel förvärvsarbetande, procent"
    assert Value.objects.get(area__code="1480-02", year=2023, sex="K").estimate == 86.0
    assert run("pxweb_TAB1234.json").unchanged == 11


def test_malformed_json_gets_a_line_number() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(b'{"class": "dataset",\n "id": [}', fmt="jsonstat", acting_user=None, source_label="x")
    assert "not valid JSON (line 2" in caught.value.errors[0]
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_file(b'{"class": "collection"}', fmt="jsonstat", acting_user=None, source_label="x")
    assert "not a JSON-stat 2.0 dataset" in caught.value.errors[0]


def test_unknown_file_type() -> None:
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        format_for("values.ods")
    assert "Unknown file type" in caught.value.errors[0]


def test_management_command_imports_and_fails_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_indicators", "csv", str(FIXTURES / "long.csv"))
    assert "30" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", "px", str(FIXTURES / "broken_count.px"))
    assert str(caught.value).startswith("Ingenting lästes in:\nTabellen har 11 värden")
    with pytest.raises(CommandError):
        call_command("import_indicators", "csv", str(FIXTURES / "no-such-file.csv"))
    assert Value.objects.count() == 30
