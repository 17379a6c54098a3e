from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.reports.models import GeneratedReport, ReportDefinition


def get_definition_for_user(request: HttpRequest, slug: str) -> tuple[ReportDefinition, bool]:
    """The definition and whether the user may change and generate it; one the user may not see is a 404."""
    definition = ReportDefinition.objects.select_related("unit").filter(slug=slug).first()
    if definition is None or not request.user.has_perm("reports.view_reportdefinition", definition):
        raise Http404
    return definition, request.user.has_perm("reports.change_reportdefinition", definition)


def get_generated_for_user(request: HttpRequest, pk: int) -> GeneratedReport:
    """A generated report, fetched through its definition so that the definition's rules apply."""
    report = GeneratedReport.objects.select_related("definition__unit").filter(pk=pk).first()
    if report is None or not request.user.has_perm("reports.view_reportdefinition", report.definition):
        raise Http404
    return report
