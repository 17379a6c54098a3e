"""Action plans: numbered themes with lettered actions (1a, 1b …), their owners, due dates and status."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.followup import actions
from jamlik.followup.access import get_action_for_user, get_plan_for_user
from jamlik.followup.forms import (
    ActionCreateForm,
    ActionForm,
    ActionPlanCreateForm,
    ActionPlanForm,
    ActionStatusForm,
    PickUpIntoPlanForm,
    PlanThemeForm,
)
from jamlik.followup.models import Action, ActionPlan, PlanTheme
from jamlik.followup.pages import FORM_PAGE, form_page, posted


def _crumbs(plan: ActionPlan | None = None) -> list[tuple[Any, str]]:
    trail = [(_("Follow-up"), reverse("followup:index")), (_("Action plans"), reverse("followup:plan_list"))]
    if plan is not None:
        trail.append((plan.title, plan.get_absolute_url()))
    return trail


@login_required
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_actionplan")
    context = {
        "plans": ActionPlan.objects.select_related("owner_unit", "process"),
        "overdue": Action.objects.overdue().select_related("theme__plan", "owner"),
        "can_add": request.user.has_perm("followup.add_actionplan"),
        "breadcrumbs": [(_("Follow-up"), reverse("followup:index"))],
    }
    return render(request, "followup/plan_list.html", context)


@login_required
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        allowed=request.user.has_perm("followup.add_actionplan"),
        form=ActionPlanCreateForm(posted(request), user=request.user),
        run=lambda data: actions.do_create_action_plan(acting_user=request.user, **data),
        success_url=lambda plan: plan.get_absolute_url(),
        success_message=_("The action plan was created."),
        context={
            "heading": _("New action plan"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("followup:plan_list"),
        },
    )


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = get_plan_for_user(request, pk)
    actions_qs = Action.objects.select_related("owner", "process", "proposal", "idea", "parked_issue")
    themes = plan.themes.prefetch_related(Prefetch("actions", queryset=actions_qs))
    context = {
        "plan": plan,
        "can_edit": can_edit,
        "themes": themes,
        "today": timezone.localdate(),
        "user_person_id": getattr(getattr(request.user, "person", None), "pk", None),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "followup/plan_detail.html", context)


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = get_plan_for_user(request, pk)
    return edit_page(
        request,
        obj=plan,
        allowed=can_edit,
        form_class=ActionPlanForm,
        update=lambda obj, data, version: actions.do_update_action_plan(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit action plan"),
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
        },
        success_url=plan.get_absolute_url(),
    )


@login_required
def plan_theme_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = get_plan_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=PlanThemeForm(posted(request)),
        run=lambda data: actions.do_add_plan_theme(plan, acting_user=request.user, **data),
        success_url=plan.get_absolute_url(),
        success_message=_("The theme was added."),
        context={
            "heading": _("Add a numbered theme"),
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@login_required
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = get_plan_for_user(
        request, PlanTheme.objects.filter(pk=pk).values_list("plan_id", flat=True).first() or 0
    )
    theme = plan.themes.get(pk=pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ActionCreateForm(posted(request)),
        run=lambda data: actions.do_add_action(theme, acting_user=request.user, **data),
        success_url=lambda action: action.get_absolute_url(),
        success_message=_("The action was added."),
        context={
            "heading": _("Add an action under %(theme)s") % {"theme": theme},
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@login_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action, can_edit = get_action_for_user(request, pk)
    plan = action.theme.plan
    return edit_page(
        request,
        obj=action,
        allowed=can_edit,
        form_class=ActionForm,
        update=lambda obj, data, version: actions.do_update_action(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit action %(label)s") % {"label": action.label},
            "breadcrumbs": _crumbs(plan),
            "cancel_url": action.get_absolute_url(),
        },
        success_url=action.get_absolute_url(),
    )


@login_required
def action_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action, _can_edit = get_action_for_user(request, pk)
    return form_page(
        request,
        allowed=request.user.has_perm("followup.report_action", action),
        form=ActionStatusForm(
            posted(request), initial={"status": action.status, "status_note": action.status_note}
        ),
        run=lambda data: actions.do_report_action_status(action, acting_user=request.user, **data),
        success_url=action.get_absolute_url(),
        success_message=_("The status was saved."),
        context={
            "heading": _("Status of action %(label)s") % {"label": action.label},
            "intro": action.text,
            "breadcrumbs": _crumbs(action.theme.plan),
            "cancel_url": action.get_absolute_url(),
        },
    )


@login_required
def issue_to_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pick a parked issue up from the garage as a new action in an action plan the user manages."""
    from jamlik.goals.house_access import get_parked_issue_for_user

    issue, can_edit = get_parked_issue_for_user(request, pk)
    themes = PlanTheme.objects.select_related("plan").filter(
        plan__in=[
            p for p in ActionPlan.objects.all() if request.user.has_perm("followup.change_actionplan", p)
        ]
    )
    return form_page(
        request,
        allowed=can_edit and issue.status == issue.Status.PARKED,
        form=PickUpIntoPlanForm(posted(request), themes=themes, initial={"text": issue.title}),
        run=lambda data: actions.do_pick_up_issue_into_plan(issue, acting_user=request.user, **data),
        success_url=lambda action: action.get_absolute_url(),
        success_message=_("The issue was picked up into the action plan."),
        context={
            "heading": _("Pick up into an action plan: %(title)s") % {"title": issue.title},
            "breadcrumbs": [
                (_("The House"), reverse("goals:house_list")),
                (issue.title, issue.get_absolute_url()),
            ],
            "cancel_url": issue.get_absolute_url(),
        },
    )
