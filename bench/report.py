"""Follow-up report at scale (a standalone script, not a test).

Usage::

    .venv/bin/python bench/report.py [--db /tmp/jamlik-report-bench.sqlite3]

Builds a fresh SQLite database with 200 change processes, 5,000 proposals (each decided), 20,000
implementation assessments (4 per proposal), one follow-up round with 10 groups and 10,000 answers under
themes, and an action plan; then times, for PDF and Word: the assembly (all queries and the content
tree), the rendering, the ratio of the whole run to rendering alone (WeasyPrint on the same final HTML;
python-docx on an already assembled tree) and the number of SQL queries. Rows are bulk-inserted (the
actions write one audit row each and would make the set-up, not the report, the slow part).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
D = datetime.date


def setup_django(path: Path) -> None:
    if path.exists():
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> int:
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
        for n in range(200)
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
            process=processes[n % 200],
            heading=f"Område {n % 5}",
            title=f"Förslag {n:04d} om bättre samverkan",
            submitted_on=D(2016, 1, 1),
        )
        for n in range(5000)
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
            for n in range(10000)
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


def measure(definition_pk: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from jamlik.reports.assembly import assemble_report
    from jamlik.reports.models import ReportDefinition
    from jamlik.reports.renderers import html_to_pdf, render_docx, render_html

    translation.activate("sv")
    definition = ReportDefinition.objects.select_related("unit").get(pk=definition_pk)
    reset_queries()

    # PDF: the whole run, then WeasyPrint alone on the same final HTML.
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        content = assemble_report(definition)
    t1 = time.perf_counter()
    html = render_html(content)
    t2 = time.perf_counter()
    pdf = html_to_pdf(html)
    t3 = time.perf_counter()
    html_to_pdf(html)
    t4 = time.perf_counter()
    pdf_total, pdf_render_only = t3 - t0, t4 - t3
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(
        "data: 200 processes, 5000 proposals, 20000 assessments, 10000 answers; "
        f"PDF {pages} pages, HTML {len(html) / 1e6:.1f} MB"
    )
    print(
        f"PDF   assembly {t1 - t0:6.2f} s  html {t2 - t1:5.2f} s  "
        f"weasyprint {t3 - t2:6.2f} s  total {pdf_total:6.2f} s"
    )
    print(
        f"PDF   render-only (weasyprint, same html) {pdf_render_only:6.2f} s   "
        f"total/render-only {pdf_total / pdf_render_only:5.3f}   queries {len(queries)}"
    )

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
    docx_total, docx_render_only = t2 - t0, t4 - t3
    print(f"Word  assembly {t1 - t0:6.2f} s  python-docx {t2 - t1:6.2f} s  total {docx_total:6.2f} s")
    print(
        f"Word  render-only {docx_render_only:6.2f} s   "
        f"total/render-only {docx_total / docx_render_only:5.3f}   queries {len(queries)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/jamlik-report-bench.sqlite3")
    args = parser.parse_args()
    setup_django(Path(args.db))
    t0 = time.perf_counter()
    pk = build()
    print(f"set-up {time.perf_counter() - t0:.1f} s")
    measure(pk)


if __name__ == "__main__":
    main()
