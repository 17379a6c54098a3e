"""Demo skill relatedness: an invented flow matrix between twelve SNI 2007 groups and invented employment.

Every figure is made up, so that nobody mistakes it for statistics. The story it tells: in Demostaden the
steelworks (241) shed almost half their jobs between 2016 and 2023, nearly all of them men's; the industries
its workers' skills carry over to — metal goods, machinery, machine repair, electrical installation —
mostly grow, while the largest growing industry, elderly care, is skill-distant and mostly women's.
Loading goes through the import actions, so a second run plans no change and writes nothing.
"""

from __future__ import annotations

import csv
import io

from jamlik.labour.actions import do_import_employment, do_import_matrix
from jamlik.labour.importers import EmploymentOptions, MatrixOptions
from jamlik.labour.models import Classification

MATRIX_NAME = "Demomatris: jobbyten mellan branscher (påhittad)"
SOURCE = "Påhittade demodata"
AREA = ("DEMO", "Demostaden")
NATION = ("00", "Riket (påhittat)")
YEARS = (2016, 2023)

# code, cluster, size (how many change jobs from or to it), local employment by year and sex
# ((women, men) in 2016, (women, men) in 2023), national employment (women, men).
INDUSTRIES: list[tuple[str, str, int, tuple[tuple[int, int], tuple[int, int]], tuple[int, int]]] = [
    ("241", "metal", 60, ((120, 1080), (70, 630)), (3_000, 21_000)),
    ("251", "metal", 50, ((60, 440), (80, 560)), (4_000, 24_000)),
    ("256", "metal", 35, ((50, 250), (55, 265)), (3_500, 15_000)),
    ("281", "metal", 45, ((70, 330), (75, 345)), (6_000, 26_000)),
    ("293", "metal", 40, ((90, 360), (80, 300)), (8_000, 27_000)),
    ("331", "metal", 40, ((20, 230), (35, 395)), (2_500, 22_000)),
    ("432", "build", 70, ((40, 760), (60, 1_040)), (6_000, 80_000)),
    ("494", "build", 55, ((60, 540), (55, 505)), (9_000, 60_000)),
    ("711", "tech", 50, ((150, 300), (230, 420)), (30_000, 55_000)),
    ("620", "tech", 60, ((90, 260), (130, 350)), (40_000, 110_000)),
    ("862", "care", 60, ((560, 160), (600, 170)), (110_000, 35_000)),
    ("873", "care", 80, ((820, 180), (1_160, 260)), (150_000, 30_000)),
]
# How much more often than by chance people move within and between clusters.
AFFINITY = {
    ("metal", "metal"): 4.0,
    ("metal", "build"): 1.8,
    ("build", "build"): 3.0,
    ("metal", "tech"): 1.2,
    ("build", "tech"): 0.8,
    ("tech", "tech"): 4.0,
    ("care", "care"): 5.0,
}


def _affinity(a: str, b: str) -> float:
    return AFFINITY.get((a, b), AFFINITY.get((b, a), 0.25))


def flow_rows() -> list[list[str]]:
    """Invented job changes per ordered pair: sizes times the clusters' affinity, rounded."""
    rows = []
    for code_a, cluster_a, size_a, _local_a, _nation_a in INDUSTRIES:
        for code_b, cluster_b, size_b, _local_b, _nation_b in INDUSTRIES:
            if code_a == code_b:
                continue
            count = round(size_a * size_b * _affinity(cluster_a, cluster_b) / 60)
            if count:
                rows.append([code_a, code_b, str(count)])
    return rows


def employment_rows() -> list[list[str]]:
    rows = []
    for code, _cluster, _size, local, nation in INDUSTRIES:
        for year, (women, men) in zip(YEARS, local, strict=True):
            rows += [[*AREA, code, str(year), "K", str(women)], [*AREA, code, str(year), "M", str(men)]]
        for year in YEARS:
            rows += [
                [*NATION, code, str(year), "K", str(nation[0])],
                [*NATION, code, str(year), "M", str(nation[1])],
            ]
    return rows


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def load_labour_demo() -> int:
    """Load the demo matrix and employment; returns how many of the two imports changed anything."""
    matrix = do_import_matrix(
        _csv(["from", "to", "count"], flow_rows()),
        acting_user=None,
        filename="demo-flodesmatris.csv",
        options=MatrixOptions(
            name=MATRIX_NAME,
            classification=Classification.SNI2007,
            period="2016–2023",
            source=SOURCE,
            licence="",
            attribution="Påhittade siffror, bara för att visa hur sidorna fungerar.",
        ),
    )
    employment = do_import_employment(
        _csv(["area_code", "area_name", "industry", "year", "sex", "count"], employment_rows()),
        acting_user=None,
        filename="demo-sysselsattning.csv",
        options=EmploymentOptions(classification=Classification.SNI2007, source=SOURCE),
    )
    return int(matrix.changes_anything) + int(employment.changes_anything)
