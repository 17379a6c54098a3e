"""Follow-up report at scale (a standalone script, not a test).

Usage::

    .venv/bin/python bench/report.py [--processes 200] [--runs 1] [--baseline REV] [--db PATH]

Builds a fresh SQLite database with N change processes (default 200), 25 proposals per process (5,000;
each decided), 4 implementation assessments per proposal (20,000), one follow-up round with 10 groups and
50 answers per process (10,000) under themes, and an action plan; then times, for PDF and Word: the
assembly (all queries and the content tree), the rendering, the ratio of the whole run to rendering alone
(WeasyPrint on the same final HTML; python-docx on an already assembled tree) and the number of SQL
queries. The app lays a large report's PDF out on two cores when one is idle at that moment, on one
otherwise (reports/pdf_parts.py); the benchmark measures both paths, each with its whole run and its
render-only run on the same path (the joined two-core PDF embeds its fonts once per part and is larger).
Every figure is the median of R runs (--runs R) after one warm-up run, whose whole PDF time and ratio
are printed separately: the report worker is a long-running process, and only its first report pays the
start-up costs. Rows are bulk-inserted (the actions write one
audit row each and would make the set-up, not the report, the slow part).

--baseline REV (e.g. HEAD) measures the reports app as it is at git revision REV on the same database,
in a child process, and prints both side by side: the rest of the tree is the working tree, only
src/jamlik/reports is taken from REV (`git archive`, which reads the repository and changes nothing).
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
D = datetime.date


def setup_django(path: Path, *, fresh: bool = True, src: Path = ROOT / "src") -> None:
    if fresh and path.exists():
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("migrate", verbosity=0)


def build(n_processes: int = 200) -> int:
    import random

    from jamlik.core.models import OrganisationUnit, Person
    from jamlik.followup.models import (
        Action,
        ActionPlan,
        Answer,
        FollowUpRound,
        PlanTheme,
        Question,
        RoundGroup,
        Theme,
    )
    from jamlik.goals.models import Programme, Strategy, TargetArea
    from jamlik.processes.models import ChangeProcess, ProcessLeadership
    from jamlik.proposals.models import Assessment, Decision, Proposal
    from jamlik.reports.actions import do_create_report_definition

    rng = random.Random(7)
    unit = OrganisationUnit.objects.create(name="Bänkförvaltningen", code="BENCH", kind="administration")
    programme = Programme.objects.create(
        name="Program för en jämlik stad", owner_unit=unit, start_year=2018, end_year=2026
    )
    areas = [
        TargetArea.objects.create(programme=programme, name=f"Målområde {n}", position=n) for n in range(1, 5)
    ]
    for area in areas:
        Strategy.objects.bulk_create(
            Strategy(target_area=area, name=f"Strategi {area.position}.{n}", position=n) for n in range(1, 7)
        )
    people = Person.objects.bulk_create(Person(first_name=f"Ledare{n}", last_name="Bänk") for n in range(100))
    processes = ChangeProcess.objects.bulk_create(
        ChangeProcess(
            name=f"Förändringsprocess {n:03d}",
            purpose="Minska skillnaderna i livsvillkor genom samverkan över sektorsgränserna. " * 2,
            owner_unit=unit,
            status="active",
            start=D(2015 + n % 3, 1 + n % 12, 1),
            end=None if n % 4 else D(2018, 6, 30),
        )
        for n in range(n_processes)
    )
    through = ChangeProcess.target_areas.through
    through.objects.bulk_create(
        through(changeprocess_id=p.pk, targetarea_id=areas[i % 4].pk) for i, p in enumerate(processes)
    )
    ProcessLeadership.objects.bulk_create(
        ProcessLeadership(process=p, person=people[(i * 2 + k) % 100], start=p.start)
        for i, p in enumerate(processes)
        for k in range(2)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            process=processes[n % n_processes],
            heading=f"Område {n % 5}",
            title=f"Förslag {n:04d} om bättre samverkan",
            submitted_on=D(2016, 1, 1),
        )
        for n in range(25 * n_processes)
    )
    pthrough = Proposal.target_areas.through
    pthrough.objects.bulk_create(
        pthrough(proposal_id=p.pk, targetarea_id=areas[i % 4].pk) for i, p in enumerate(proposals)
    )
    kinds = ["prioritised", "trial", "rejected", "referred", "none"]
    decisions = Decision.objects.bulk_create(
        Decision(proposal=p, kind=kinds[i % 5], decided_on=D(2016, 5, 15), body="Förvaltningsledningen")
        for i, p in enumerate(proposals)
    )
    states = ["implemented", "partly", "not_implemented", "waiting", "not_prioritised"]
    assessments = Assessment.objects.bulk_create(
        Assessment(
            proposal=p,
            assessed_on=D(2016 + k, 8, 15),
            state=rng.choice(states),
            assessor_name="Maja Lund",
            assessor_role="Samordnare",
            comment="Arbetet pågår enligt plan." if k == 3 else "",
        )
        for p in proposals
        for k in range(4)
    )
    for i, p in enumerate(proposals):
        p.latest_decision = decisions[i]
        p.latest_assessment = assessments[i * 4 + 3]
    Proposal.objects.bulk_update(proposals, ["latest_decision", "latest_assessment"], batch_size=500)
    round_ = FollowUpRound.objects.create(
        owner_unit=unit, title="Uppföljning 2018", method_steps="Tänk själv\nSkriv\nSmågrupp\nHelgrupp"
    )
    questions = [
        Question.objects.create(round=round_, position=n, text=t)
        for n, t in enumerate(["Vad har varit bra?", "Vad har varit utmanande?", "Idéer för fortsättningen?"])
    ]
    groups = RoundGroup.objects.bulk_create(
        RoundGroup(round=round_, name=f"Grupp {n}", date=D(2018, 4, 1 + n)) for n in range(10)
    )
    themes = {
        q.pk: Theme.objects.bulk_create(
            Theme(question=q, name=f"Tema {q.position}.{n}", position=n) for n in range(5)
        )
        for q in questions
    }
    Answer.objects.bulk_create(
        (
            Answer(
                question=questions[n % 3],
                group=groups[n % 10],
                theme=themes[questions[n % 3].pk][n % 5],
                text=f"Svar nummer {n} om arbetet",
            )
            for n in range(50 * n_processes)
        ),
        batch_size=1000,
    )
    plan = ActionPlan.objects.create(owner_unit=unit, title="Handlingsplan 2019", adopted_on=D(2018, 12, 1))
    for number in range(1, 5):
        theme = PlanTheme.objects.create(plan=plan, number=number, title=f"Tema {number}")
        Action.objects.bulk_create(
            Action(theme=theme, letter=letter, text="Genomför åtgärden", due_on=D(2019, 6, 30))
            for letter in "abc"
        )
    definition = do_create_report_definition(
        acting_user=None,
        slug="bench",
        title="Bänkrapport 2015–2018",
        period_start=D(2015, 1, 1),
        period_end=D(2018, 12, 31),
        unit=unit,
    )
    return definition.pk


def _pdf_path(parallel: bool) -> None:
    """Make every PDF of this measurement take one path: the app chooses two cores only when one is idle
    at that moment, so on a shared machine a whole run and its render-only run could differ in path."""
    from jamlik.reports import renderers

    parts = getattr(renderers, "pdf_parts", None)  # older revisions have one path only
    if parts is not None:
        parts.second_core_free = lambda: parallel


def _pdf(definition_pk: int, key: str) -> dict[str, float]:
    """The whole PDF run, then the PDF alone from the same final HTML, on the path _pdf_path chose."""
    from io import BytesIO

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from jamlik.reports import renderers
    from jamlik.reports.assembly import assemble_report
    from jamlik.reports.models import ReportDefinition
    from jamlik.reports.renderers import render_html

    def to_pdf(content: object, html: str) -> bytes:
        """The PDF as the app makes it (older revisions had no two-core path)."""
        if "html" in inspect.signature(renderers.render_pdf).parameters:
            return renderers.render_pdf(content, html)  # type: ignore[arg-type]
        return renderers.html_to_pdf(html)

    definition = ReportDefinition.objects.select_related("unit").get(pk=definition_pk)
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        content = assemble_report(definition)
    t1 = time.perf_counter()
    html = render_html(content)
    t2 = time.perf_counter()
    pdf = to_pdf(content, html)
    t3 = time.perf_counter()
    to_pdf(content, html)
    t4 = time.perf_counter()
    return {
        f"{key}_assembly": t1 - t0,
        f"{key}_html": t2 - t1,
        f"{key}_weasyprint": t3 - t2,
        f"{key}_total": t3 - t0,
        f"{key}_render_only": t4 - t3,
        f"{key}_ratio": (t3 - t0) / (t4 - t3),
        f"{key}_queries": len(queries),
        f"{key}_pages": len(PdfReader(BytesIO(pdf)).pages),
        f"{key}_mb": len(pdf) / 1e6,
        "html_mb": len(html) / 1e6,
    }


def _once(definition_pk: int) -> dict[str, float]:
    """One measurement of the PDF (on two cores, then on one) and the Word output, each from a fresh
    assembly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jamlik.reports.assembly import assemble_report
    from jamlik.reports.models import ReportDefinition
    from jamlik.reports.renderers import render_docx

    figures: dict[str, float] = {}
    for key, parallel in (("pdf", True), ("pdf1", False)):
        _pdf_path(parallel)
        figures |= _pdf(definition_pk, key)
    # Word: the whole run, then python-docx alone on an already assembled tree (charts not yet rendered).
    definition = ReportDefinition.objects.select_related("unit").get(pk=definition_pk)
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        content = assemble_report(definition)
    t1 = time.perf_counter()
    render_docx(content)
    t2 = time.perf_counter()
    fresh = assemble_report(definition)
    t3 = time.perf_counter()
    render_docx(fresh)
    t4 = time.perf_counter()
    figures |= {
        "docx_assembly": t1 - t0,
        "docx_render": t2 - t1,
        "docx_total": t2 - t0,
        "docx_render_only": t4 - t3,
        "docx_ratio": (t2 - t0) / (t4 - t3),
        "docx_queries": len(queries),
    }
    return figures


def measure(definition_pk: int, runs: int) -> dict[str, float]:
    """The median of every figure over `runs` runs, after one warm-up run.

    The report worker is a long-running process: the first report it makes also pays one-off start-up
    costs (starting the chart renderer's JavaScript engine, the PDF helper processes' server, loading
    fonts and templates), later ones do not. The warm-up run's own PDF figures are printed too.
    """
    from django.utils import translation

    translation.activate("sv")
    first = _once(definition_pk)
    results = [_once(definition_pk) for _ in range(runs)]
    figures = {key: statistics.median(result[key] for result in results) for key in results[0]}
    return figures | {"pdf_cold_total": first["pdf_total"], "pdf_cold_ratio": first["pdf_ratio"]}


def _pdf_rows(key: str, path: str) -> list[tuple[str, str, str]]:
    return [
        (f"PDF {path}: assembly (s)", f"{key}_assembly", "{:.2f}"),
        (f"PDF {path}: HTML template + charts (s)", f"{key}_html", "{:.2f}"),
        (f"PDF {path}: WeasyPrint (s)", f"{key}_weasyprint", "{:.2f}"),
        (f"PDF {path}: whole run (s)", f"{key}_total", "{:.2f}"),
        (f"PDF {path}: render-only, same HTML (s)", f"{key}_render_only", "{:.2f}"),
        (f"PDF {path}: whole / render-only", f"{key}_ratio", "{:.3f}"),
        (f"PDF {path}: SQL queries", f"{key}_queries", "{:.0f}"),
        (f"PDF {path}: pages", f"{key}_pages", "{:.0f}"),
        (f"PDF {path}: file size (MB)", f"{key}_mb", "{:.1f}"),
    ]


ROWS = [
    *_pdf_rows("pdf", "2 cores"),
    ("PDF 2 cores: first run in a fresh process (s)", "pdf_cold_total", "{:.2f}"),
    ("PDF 2 cores: first run, whole / render-only", "pdf_cold_ratio", "{:.3f}"),
    *_pdf_rows("pdf1", "1 core"),
    ("HTML  size (MB)", "html_mb", "{:.1f}"),
    ("Word  assembly (s)", "docx_assembly", "{:.2f}"),
    ("Word  python-docx + charts (s)", "docx_render", "{:.2f}"),
    ("Word  whole run (s)", "docx_total", "{:.2f}"),
    ("Word  render-only, assembled tree (s)", "docx_render_only", "{:.2f}"),
    ("Word  whole / render-only", "docx_ratio", "{:.3f}"),
    ("Word  SQL queries", "docx_queries", "{:.0f}"),
]


def report(columns: dict[str, dict[str, float]]) -> None:
    names = list(columns)
    print(f"{'':48s}" + "".join(f"{name:>14s}" for name in names))
    for label, key, form in ROWS:
        print(f"{label:48s}" + "".join(f"{form.format(columns[name][key]):>14s}" for name in names))


def baseline(revision: str, db: Path, runs: int, pk: int) -> dict[str, float]:
    """Measure the reports app of `revision` in a child process on the same database."""
    with tempfile.TemporaryDirectory(prefix="jamlik-report-baseline-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        shutil.rmtree(src / "jamlik" / "reports")
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "src/jamlik/reports"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        command = [
            sys.executable,
            __file__,
            "--db",
            str(db),
            "--runs",
            str(runs),
            "--child",
            str(src),
            "--pk",
            str(pk),
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="/tmp/jamlik-report-bench.sqlite3")
    parser.add_argument("--processes", type=int, default=200, help="change processes (25 proposals each)")
    parser.add_argument("--runs", type=int, default=1, help="report the median of this many runs")
    parser.add_argument("--baseline", metavar="REV", help="also measure the reports app at git revision REV")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pk", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        # A baseline run: measure the given source tree on the existing database, print JSON.
        setup_django(Path(args.db), fresh=False, src=args.child)
        print(json.dumps(measure(args.pk, args.runs)))
        return
    setup_django(Path(args.db))
    t0 = time.perf_counter()
    pk = build(args.processes)
    n = args.processes
    print(
        f"set-up {time.perf_counter() - t0:.1f} s; data: {n} processes, {25 * n} proposals, "
        f"{100 * n} assessments, {50 * n} answers; medians of {args.runs} run(s); {os.cpu_count()} cores"
    )
    columns = {}
    if args.baseline:
        columns[f"at {args.baseline}"] = baseline(args.baseline, Path(args.db), args.runs, pk)
    columns["now"] = measure(pk, args.runs)
    report(columns)


if __name__ == "__main__":
    main()
