from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.editing import create_page, edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.uploads import limits
from jamlik.processes.access import get_process_for_user
from jamlik.processes.models import ChangeProcess
from jamlik.processes.pages import action_page
from jamlik.proposals import actions, spreadsheets
from jamlik.proposals.access import get_feedback_for_user, get_proposal_for_user
from jamlik.proposals.forms import AssessmentForm, DecisionForm, ImportForm, ProposalForm
from jamlik.proposals.models import Feedback, Proposal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _proposal_context(proposal: Proposal, heading: str) -> dict[str, Any]:
    crumbs = [
        (_("Proposals and decisions"), reverse("proposals:queue")),
        (proposal.process.name, proposal.process.get_absolute_url()),
        (proposal.title, proposal.get_absolute_url()),
    ]
    return {
        "heading": heading,
        "breadcrumbs": crumbs,
        "cancel_url": proposal.get_absolute_url(),
        "intro": proposal,
    }


def _list(
    request: AuthenticatedHttpRequest, proposals: Any, heading: str, intro: str, page: str
) -> HttpResponse:
    require_perm(request, "proposals.view_proposal")
    context = {
        "proposals": proposals.with_current(),
        "heading": heading,
        "intro": intro,
        "page": page,
        "can_decide_any": request.user.has_perm("proposals.decide_proposal", None),
    }
    return render(request, "proposals/proposal_list.html", context)


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(
        request,
        Proposal.objects.undecided(),
        _("Decision queue"),
        _("Proposals that management has not decided on yet, oldest first."),
        "queue",
    )


@login_required
def not_implemented(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(
        request,
        Proposal.objects.decided_not_implemented(),
        _("Decided but not implemented"),
        _("Approved proposals whose latest assessment is not “implemented”."),
        "not_implemented",
    )


@login_required
def stale(request: AuthenticatedHttpRequest) -> HttpResponse:
    weeks = settings.JAMLIK_STALE_PROPOSAL_WEEKS
    intro = _(
        "Proposals submitted more than %(weeks)s weeks ago that still have no decision or no feedback."
    ) % {"weeks": weeks}
    return _list(request, Proposal.objects.stale(weeks), _("Forgotten proposals"), intro, "stale")


@login_required
def feedback_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "proposals.view_proposal")
    led = ChangeProcess.objects.led_by(request.user)
    mine = request.GET.get("alla") != "1" and led.exists()
    feedback = Feedback.objects.select_related("proposal__process", "decision")
    if mine:
        feedback = feedback.filter(proposal__process__in=led)
    context = {"feedback": feedback, "mine": mine, "leads_any": led.exists()}
    return render(request, "proposals/feedback_list.html", context)


@login_required
@require_POST
def feedback_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_feedback_for_user(request, pk)
    if not request.user.has_perm("proposals.acknowledge_feedback", feedback):
        raise PermissionDenied
    actions.do_acknowledge_feedback(feedback, acting_user=request.user)
    messages.success(request, _("The feedback is marked as read."))
    return redirect("proposals:feedback")


@login_required
def proposal_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    process, can_edit = get_process_for_user(request, pk)
    return create_page(
        request,
        allowed=can_edit,
        form_class=ProposalForm,
        create=lambda data: actions.do_create_proposal(process, acting_user=request.user, **data),
        template="core/form.html",
        context={"cancel_url": process.get_absolute_url(), "heading_model": Proposal._meta.verbose_name},
    )


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, pk)
    user = request.user
    context = {
        "proposal": proposal,
        "decisions": proposal.decisions.select_related("feedback").order_by("-decided_on", "-id"),
        "assessments": proposal.assessments.order_by("-assessed_on", "-id"),
        "target_areas": proposal.target_areas.all(),
        "strategies": proposal.strategies.all(),
        "can_edit": user.has_perm("proposals.change_proposal", proposal),
        "can_decide": user.has_perm("proposals.decide_proposal", proposal),
        "can_assess": user.has_perm("proposals.assess_proposal", proposal),
    }
    return render(request, "proposals/proposal_detail.html", context)


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, pk)
    return edit_page(
        request,
        obj=proposal,
        allowed=request.user.has_perm("proposals.change_proposal", proposal),
        form_class=ProposalForm,
        update=lambda obj, data, version: actions.do_update_proposal(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template="core/form.html",
        context={"cancel_url": proposal.get_absolute_url()},
        success_url=proposal.get_absolute_url(),
    )


@login_required
def proposal_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, pk)
    return action_page(
        request,
        allowed=request.user.has_perm("proposals.decide_proposal", proposal),
        form=DecisionForm(_post(request)),
        run=lambda d: actions.do_decide_proposal(proposal, acting_user=request.user, **d),
        success_url=proposal.get_absolute_url(),
        success_message=_("The decision was recorded and the process leaders got feedback."),
        context=_proposal_context(proposal, _("Decide on the proposal")),
    )


@login_required
def proposal_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, pk)
    person = getattr(request.user, "person", None)
    initial = {
        "assessor_name": str(person) if person else request.user.get_full_name(),
        "assessor_role": person.title if person else "",
    }
    return action_page(
        request,
        allowed=request.user.has_perm("proposals.assess_proposal", proposal),
        form=AssessmentForm(_post(request), initial=initial),
        run=lambda d: actions.do_record_assessment(proposal, acting_user=request.user, **d),
        success_url=proposal.get_absolute_url(),
        success_message=_("The assessment was recorded."),
        context=_proposal_context(proposal, _("Assess implementation")),
    )


@login_required
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "proposals.view_proposal")
    body = spreadsheets.export_csv(Proposal.objects.with_current())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="forslag-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@login_required
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "proposals.view_proposal")
    response = HttpResponse(spreadsheets.export_xlsx(Proposal.objects.with_current()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="forslag-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


@login_required
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "proposals.view_proposal")
    response = HttpResponse(spreadsheets.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="jamlik-importmall.xlsx"'
    return response


@login_required
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "proposals.import_proposals")
    form = ImportForm(_post(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(limits().max_bytes + 1)  # a bigger file is refused by the guard unread
        result = spreadsheets.import_workbook(data, acting_user=request.user)
        if result.ok:
            messages.success(request, _("The file was imported."))
            return render(request, "proposals/import.html", {"form": ImportForm(), "result": result})
    status = 400 if form.is_bound else 200
    return render(request, "proposals/import.html", {"form": form, "result": result}, status=status)
