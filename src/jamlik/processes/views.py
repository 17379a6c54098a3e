from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jamlik.core.editing import edit_page
from jamlik.core.http import require_perm
from jamlik.processes import actions
from jamlik.processes.access import get_process_for_user
from jamlik.processes.forms import ChangeProcessForm
from jamlik.processes.models import ChangeProcess, ProcessLeadership


@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "processes.view_changeprocess")
    leaderships = ProcessLeadership.objects.select_related("person").filter(end__isnull=True)
    processes = ChangeProcess.objects.select_related("owner_unit").prefetch_related(
        Prefetch("leaderships", queryset=leaderships, to_attr="current_leaderships"), "target_areas"
    )
    return render(request, "processes/process_list.html", {"processes": processes})


@login_required
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    context = {
        "process": process,
        "can_edit": can_edit,
        "leaderships": process.leaderships.select_related("person"),
        "target_areas": process.target_areas.all(),
    }
    return render(request, "processes/process_detail.html", context)


@login_required
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
