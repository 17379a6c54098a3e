"""Turn a queued GeneratedReport into files; a failure is recorded and the earlier version stays."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.audit import log_action
from jamlik.core.heartbeat import Heartbeat
from jamlik.reports.assembly import assemble_report
from jamlik.reports.models import GeneratedReport
from jamlik.reports.renderers import render_docx, render_html, render_pdf


def _progress(report: GeneratedReport, percent: int, status: str = GeneratedReport.Status.RUNNING) -> None:
    report.progress = percent
    report.status = status
    GeneratedReport.objects.filter(pk=report.pk).update(
        progress=percent, status=status, heartbeat_at=timezone.now()
    )


def _beat(report: GeneratedReport) -> None:
    GeneratedReport.objects.filter(pk=report.pk, status=GeneratedReport.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def run_generation(report: GeneratedReport) -> GeneratedReport:
    """Generate the files, beating a heartbeat meanwhile (see ``reports.recovery``)."""
    with Heartbeat(lambda: _beat(report), every=settings.JAMLIK_TASK_HEARTBEAT_SECONDS):
        return _generate(report)


def _generate(report: GeneratedReport) -> GeneratedReport:
    definition = report.definition
    try:
        _progress(report, 5)
        content = assemble_report(definition)
        _progress(report, 25)
        html = render_html(content)
        _progress(report, 40)
        pdf = render_pdf(content, html)
        _progress(report, 75)
        docx = render_docx(content)
        report.html.save("report.html", ContentFile(html.encode()), save=False)
        report.pdf.save("report.pdf", ContentFile(pdf), save=False)
        report.docx.save("report.docx", ContentFile(docx), save=False)
        report.status = GeneratedReport.Status.DONE
        report.progress = 100
        report.error = ""
        report.save()
        log_action(
            "report.generated", actor=report.created_by, obj=definition, changes={"report": [None, report.pk]}
        )
    except Exception as error:
        report.status = GeneratedReport.Status.FAILED
        report.error = _("The report could not be generated: %(error)s") % {"error": error}
        report.save(update_fields=["status", "error"])
        log_action(
            "report.failed", actor=report.created_by, obj=definition, changes={"error": [None, str(error)]}
        )
    return report
