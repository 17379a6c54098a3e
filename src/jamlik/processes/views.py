from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.core.editing import create_page, edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.processes import actions
from jamlik.processes.access import get_process_for_user, process_permissions
from jamlik.processes.filters import ProcessFilterForm
from jamlik.processes.forms import (
    ActivityForm,
    ApproveForm,
    ChangeProcessCreateForm,
    ChangeProcessForm,
    LeadersForm,
    ParticipantForm,
    PhaseForm,
    ProcessLinkForm,
    PurposeForm,
    StatusForm,
)
from jamlik.processes.models import ChangeProcess, ProcessLeadership
from jamlik.processes.pages import action_page
from jamlik.processes.timeline import process_events, sorted_events


def _post(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _context(process: ChangeProcess, heading: str, **extra: Any) -> dict[str, Any]:
    crumbs = [(_("Change processes"), reverse("processes:list")), (process.name, process.get_absolute_url())]
    return {"heading": heading, "breadcrumbs": crumbs, "cancel_url": process.get_absolute_url(), **extra}


@login_required
def process_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "processes.view_changeprocess")
    filters = ProcessFilterForm(request.GET or None)
    leaderships = ProcessLeadership.objects.select_related("person").filter(end__isnull=True)
    processes = filters.apply(ChangeProcess.objects.all())
    counts = dict(processes.order_by().values_list("status").annotate(n=Count("id")))
    status_counts = [(label, counts.get(value, 0)) for value, label in ChangeProcess.Status.choices]
    processes = processes.select_related("owner_unit").prefetch_related(
        Prefetch("leaderships", queryset=leaderships, to_attr="open_leaderships"), "target_areas"
    )
    context = {
        "processes": processes,
        "filters": filters,
        "status_counts": status_counts,
        "can_add": request.user.has_perm("processes.add_changeprocess"),
    }
    return render(request, "processes/process_list.html", context)


@login_required
def process_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return create_page(
        request,
        allowed=request.user.has_perm("processes.add_changeprocess"),
        form_class=ChangeProcessCreateForm,
        create=lambda data: actions.do_create_process(acting_user=request.user, **data),
        template="core/form.html",
        context={"cancel_url": reverse("processes:list"), "heading_model": ChangeProcess._meta.verbose_name},
    )


@login_required
def process_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from jamlik.proposals.timeline import proposal_events

    process, _can_edit = get_process_for_user(request, pk)
    leaderships = list(process.current_leaderships())
    proposals = process.proposals.select_related("directed_to", "latest_decision", "latest_assessment")
    context = {
        "process": process,
        "perms_on": process_permissions(request.user, process),
        "leaderships": leaderships,
        "all_leaderships": process.leaderships.select_related("person"),
        "same_sector": process.leaders_from_same_sector(leaderships),
        "unanswered": process.unanswered_criteria(),
        "participants": process.participants.select_related("person"),
        "links": process.links.all(),
        "proposals": proposals,
        "timeline": sorted_events(process_events(process) + proposal_events(process)),
    }
    return render(request, "processes/process_detail.html", context)


@login_required
def process_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return edit_page(
        request,
        obj=process,
        allowed=can_edit,
        form_class=ChangeProcessForm,
        update=lambda obj, data, version: actions.do_update_process(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template="core/form.html",
        context={"cancel_url": process.get_absolute_url()},
        success_url=process.get_absolute_url(),
    )


@login_required
def process_purpose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=can_edit,
        form=PurposeForm(_post(request)),
        run=lambda d: actions.do_change_purpose(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The purpose was changed; the earlier one is kept in the history."),
        context=_context(process, _("Change purpose"), intro=process.purpose),
    )


@login_required
def process_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, _can_edit = get_process_for_user(request, pk)
    missing = process.unanswered_criteria()
    warnings = [_("Unanswered selection criteria: %(m)s") % {"m": ", ".join(missing)}] if missing else []
    return action_page(
        request,
        allowed=request.user.has_perm("processes.approve_changeprocess", process),
        form=ApproveForm(_post(request)),
        run=lambda d: actions.do_approve_process_start(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The start of the process was approved."),
        context=_context(process, _("Approve start"), warnings=warnings),
    )


@login_required
def process_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, _can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=request.user.has_perm("processes.steer_changeprocess", process),
        form=StatusForm(_post(request), process=process),
        run=lambda d: actions.do_change_process_status(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The status was changed."),
        context=_context(
            process, _("Change status"), intro=_("Now: %(s)s") % {"s": process.get_status_display()}
        ),
    )


@login_required
def process_leaders(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, _can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=request.user.has_perm("processes.steer_changeprocess", process),
        form=LeadersForm(_post(request), process=process),
        run=lambda d: actions.do_change_process_leaders(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The process leaders were changed."),
        context=_context(
            process,
            _("Change process leaders"),
            intro=_("An active process has exactly two leaders, one from a sector and one from development."),
        ),
    )


@login_required
def process_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=can_edit,
        form=PhaseForm(_post(request)),
        run=lambda d: actions.do_change_phase(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The co-creation phase was recorded."),
        context=_context(process, _("Record co-creation phase")),
    )


@login_required
def activity_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=can_edit,
        form=ActivityForm(_post(request)),
        run=lambda d: actions.do_add_activity(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The activity was recorded."),
        context=_context(process, _("Record activity")),
    )


@login_required
def participant_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=can_edit,
        form=ParticipantForm(_post(request)),
        run=lambda d: actions.do_add_participant(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The participant was added."),
        context=_context(
            process,
            _("Add participant"),
            intro=_("Citizens and users are recorded as groups with a count, never by name."),
        ),
    )


@login_required
def link_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return action_page(
        request,
        allowed=can_edit,
        form=ProcessLinkForm(_post(request)),
        run=lambda d: actions.do_add_process_link(process, acting_user=request.user, **d),
        success_url=process.get_absolute_url(),
        success_message=_("The document or link was added."),
        context=_context(process, _("Add document or link")),
    )
