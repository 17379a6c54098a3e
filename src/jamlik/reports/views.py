from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.actions import EditConflictError
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.reports import actions
from jamlik.reports.access import get_definition_for_user, get_generated_for_user
from jamlik.reports.forms import CopyForm, ReportDefinitionForm
from jamlik.reports.models import GeneratedReport, ReportDefinition
from jamlik.reports.recovery import fail_abandoned_reports

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def definition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "reports.view_reportdefinition")
    definitions = ReportDefinition.objects.select_related("unit")
    can_add = request.user.has_perm("reports.add_reportdefinition")
    return render(request, "reports/definition_list.html", {"definitions": definitions, "can_add": can_add})


@login_required
def definition_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "reports.add_reportdefinition")
    form = ReportDefinitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("reports.change_reportdefinition", ReportDefinition(unit=data["unit"])):
            form.add_error("unit", _("You can only make reports for your own administration."))
        else:
            definition = actions.do_create_report_definition(
                acting_user=request.user,
                **{k: v for k, v in data.items() if k != "version"},
            )
            messages.success(request, _("The report was created."))
            return redirect(definition)
    context = {"form": form, "heading_model": _("report"), "submit_label": _("Create report")}
    return render(request, "core/form.html", context)


@login_required
def definition_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    definition, can_change = get_definition_for_user(request, slug)
    generated = list(definition.generated.select_related("created_by"))
    latest = next((g for g in generated if g.status == GeneratedReport.Status.DONE), None)
    running = next((g for g in generated if g.status in ("queued", "running")), None)
    context = {
        "definition": definition,
        "can_change": can_change,
        "generated": generated,
        "latest": latest,
        "running": running,
        "failed": generated[0]
        if generated and generated[0].status == GeneratedReport.Status.FAILED
        else None,
    }
    return render(request, "reports/definition_detail.html", context)


@login_required
def definition_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    definition, can_change = get_definition_for_user(request, slug)
    if not can_change:
        raise PermissionDenied
    form = ReportDefinitionForm(request.POST or None, instance=ReportDefinition.objects.get(pk=definition.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "processes", "slug")}
        try:
            actions.do_update_report_definition(
                definition,
                acting_user=request.user,
                data=data,
                expected_version=form.cleaned_data["version"] or 0,
                processes=form.cleaned_data["processes"],
            )
        except EditConflictError:
            form.add_error(
                None, _("Someone else saved this report after you opened it. Reload and try again.")
            )
        else:
            messages.success(request, _("The report was saved."))
            return redirect(definition)
    context = {"form": form, "object": definition, "cancel_url": definition.get_absolute_url()}
    return render(request, "core/form.html", context)


@login_required
def definition_copy(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    definition, can_change = get_definition_for_user(request, slug)
    if not can_change:
        raise PermissionDenied
    form = CopyForm(request.POST or None, initial={"title": definition.title})
    if request.method == "POST" and form.is_valid():
        copy = actions.do_copy_report_definition(definition, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The report was copied to the new period."))
        return redirect(copy)
    context = {
        "form": form,
        "heading_model": _("copy of %(title)s") % {"title": definition.title},
        "submit_label": _("Copy"),
        "cancel_url": definition.get_absolute_url(),
    }
    return render(request, "core/form.html", context)


@require_POST
@login_required
def definition_generate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    definition, can_change = get_definition_for_user(request, slug)
    if not can_change:
        raise PermissionDenied
    actions.do_generate_report(definition, acting_user=request.user)
    messages.success(request, _("The report is being generated. This page shows when it is ready."))
    return redirect(definition)


@login_required
def generation_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The small fragment htmx polls while a report is generated; it stops polling on a final state,
    and a report whose worker is gone is failed here too (so the page never waits for good)."""
    definition, _can_change = get_definition_for_user(request, slug)
    fail_abandoned_reports()
    report = definition.generated.first()
    return render(request, "reports/_status.html", {"definition": definition, "report": report})


@login_required
def download(request: AuthenticatedHttpRequest, pk: int, kind: str) -> FileResponse:
    report = get_generated_for_user(request, pk)
    if kind not in CONTENT_TYPES or not getattr(report, kind):
        raise Http404
    name = f"{report.definition.slug}-{report.created_at:%Y%m%d-%H%M}.{kind}"
    return FileResponse(
        getattr(report, kind).open("rb"),
        content_type=CONTENT_TYPES[kind],
        as_attachment=kind != "html",
        filename=name,
    )
