"""Pages of family-centred work. Every plan page fetches through `get_plan_for_user`, which logs."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.casework import actions, charts, report
from jamlik.casework.access import (
    PlanAccess,
    get_plan_for_user,
    log_access,
    managed_unit_ids,
    professional_of,
    visible_note_sides,
)
from jamlik.casework.forms import (
    AgreeForm,
    CloseForm,
    ConsentForm,
    EmergencyForm,
    EnrolmentForm,
    GoalForm,
    GoalStatusForm,
    MeasureForm,
    MeetingForm,
    NoteForm,
    PlanCreateForm,
    PlanForm,
    RatingForm,
    ResourceForm,
    ReviewForm,
    SpotCheckOutcomeForm,
    SpotCheckStartForm,
    TeamAddForm,
)
from jamlik.casework.models import (
    AccessLogEntry,
    Draft,
    EmergencyAccess,
    Goal,
    LifeArea,
    Plan,
    SpotCheck,
)
from jamlik.casework.rights import export_participant
from jamlik.core.actions import EditConflictError
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.models import OrganisationUnit

FORM_PAGE = "casework/form_page.html"


def _crumbs(plan: Plan | None = None) -> list[tuple[Any, str]]:
    trail = [(_("Family-centred work"), reverse("casework:index"))]
    if plan is not None:
        trail.append((_("Plan %(code)s") % {"code": plan.case_code}, plan.get_absolute_url()))
    return trail


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.BaseForm,
    run: Callable[[dict[str, Any]], object],
    success_url: str,
    success_message: str,
    context: dict[str, Any],
) -> Any:
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(request, FORM_PAGE, {**context, "form": form}, status=400 if form.is_bound else 200)


def _posted(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Start page -------------------------------------------------------------------------------------


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My plans and my tasks: reviews due, and for managers the month's spot checks."""
    plans = list(
        Plan.objects.visible_to(request.user).active().select_related("unit").order_by("next_review_on")
    )
    today = timezone.localdate()
    managed = managed_unit_ids(request.user)
    open_checks = SpotCheck.objects.filter(unit_id__in=managed, completed_at__isnull=True).select_related(
        "unit"
    )
    context = {
        "plans": plans,
        "due": [plan for plan in plans if plan.next_review_on and (plan.next_review_on - today).days <= 14],
        "today": today,
        "open_checks": open_checks,
        "is_manager": bool(managed),
        "can_add": professional_of(request.user) is not None,
        "can_report": request.user.has_perm("casework.view_report"),
    }
    return render(request, "casework/index.html", context)


@login_required
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    professional = professional_of(request.user)
    if professional is None:
        raise PermissionDenied
    form = PlanCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        plan = actions.do_create_plan(
            acting_user=request.user, professional=professional, **form.cleaned_data
        )
        messages.success(request, _("The plan was started."))
        return redirect(plan.get_absolute_url())
    context = {
        "heading": _("New family plan"),
        "breadcrumbs": _crumbs(),
        "cancel_url": reverse("casework:index"),
    }
    return render(request, FORM_PAGE, {**context, "form": form}, status=400 if form.is_bound else 200)


# --- The plan ---------------------------------------------------------------------------------------


def _latest_ratings(plan: Plan) -> list[dict[str, Any]]:
    latest: dict[int, Any] = {}
    for rating in plan.ratings.select_related("life_area"):
        latest[rating.life_area_id] = rating
    return [{"area": area, "rating": latest.get(area.pk)} for area in LifeArea.objects.filter(is_active=True)]


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, pk, section="overview")
    ratings = list(plan.ratings.select_related("life_area").order_by("life_area__position", "rated_on"))
    measures = list(plan.measures.select_related("life_area", "resource", "goal"))
    rating_rows = charts.rating_rows(ratings)
    lane_rows = charts.lane_rows(measures)
    sides = visible_note_sides(plan, access)
    context = {
        "plan": plan,
        "access": access,
        "team": plan.team.filter(left_on__isnull=True).select_related("person", "unit"),
        "areas": _latest_ratings(plan),
        "rating_rows": rating_rows,
        "ratings_svg": charts.ratings_chart(rating_rows),
        "lane_rows": lane_rows,
        "lanes_svg": charts.lanes_chart(lane_rows),
        "goals": plan.goals.select_related("life_area"),
        "measures": measures,
        "meetings": plan.meetings.all(),
        "reviews": plan.reviews.prefetch_related("scores"),
        "notes": plan.notes.filter(side__in=sides).select_related("author__person"),
        "hidden_notes": plan.notes.exclude(side__in=sides).count(),
        "consents": plan.consents.all(),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "casework/plan_detail.html", context)


# The forms whose input is kept as a server-side draft while it is typed, and the page each is on.
AUTOSAVED = {
    "plan": "casework:plan_edit",
    "rating": "casework:rating_create",
    "goal": "casework:goal_create",
    "measure": "casework:measure_create",
    "meeting": "casework:meeting_create",
    "note": "casework:note_create",
}


def _draft_of(plan: Plan, access: PlanAccess, form: str = "plan") -> Draft | None:
    if access.member is None:
        return None
    return Draft.objects.filter(plan=plan, member=access.member, form=form).first()


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan form, with autosave to a server-side draft and the shared version check on save."""
    plan, access = get_plan_for_user(request, pk, section="plan", write=True)
    draft = _draft_of(plan, access)
    context: dict[str, Any] = {
        "plan": plan,
        "breadcrumbs": _crumbs(plan),
        "cancel_url": plan.get_absolute_url(),
    }
    if request.method != "POST":
        restore = draft is not None and request.GET.get("utkast") == "1"
        initial = json.loads(draft.data) if restore and draft is not None else None
        form = PlanForm(instance=plan, initial=initial)
        return render(
            request, "casework/plan_edit.html", {**context, "form": form, "draft": draft, "restored": restore}
        )
    form = PlanForm(request.POST, instance=plan)
    conflict: list[tuple[str, Any]] = []
    if form.is_valid():
        fresh = Plan.objects.get(pk=plan.pk)
        try:
            actions.do_update_plan(
                fresh,
                acting_user=request.user,
                member=access.member,
                data=form.changed_data_dict(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflictError as exc:
            conflict = [
                (str(getattr(Plan._meta.get_field(name), "verbose_name", name)), getattr(exc.current, name))
                for name in exc.changed_fields
            ]
            data = request.POST.copy()
            data["version"] = str(exc.current.version)  # type: ignore[attr-defined]
            form = PlanForm(data, instance=exc.current)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved this while you were editing. Your text is still in the form; "
                    "compare it with the saved values below and save again to keep yours."
                ),
            )
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(plan.get_absolute_url())
    return render(
        request, "casework/plan_edit.html", {**context, "form": form, "conflict": conflict}, status=400
    )


@login_required
@require_POST
def plan_autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Keep the form's input as a draft; answers with the save state shown beside the form."""
    plan, access = get_plan_for_user(request, pk, section="draft", write=True)
    assert access.member is not None
    form = request.POST.get("_form", "plan")
    if form not in AUTOSAVED:
        return HttpResponse(status=400)
    data = {key: value for key, value in request.POST.items() if key not in {"csrfmiddlewaretoken", "_form"}}
    try:
        base_version = int(str(data.get("version", plan.version)))
    except ValueError:
        base_version = plan.version
    draft = actions.do_save_draft(plan, member=access.member, form=form, data=data, base_version=base_version)
    local = timezone.localtime(draft.saved_at)
    return HttpResponse(_("Saved %(time)s") % {"time": time_format(local, "H:i")})


@login_required
@require_POST
def draft_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, pk, section="draft", write=True)
    assert access.member is not None
    form = request.POST.get("_form", "plan")
    if form not in AUTOSAVED:
        return HttpResponse(status=400)
    actions.do_discard_draft(plan, member=access.member, form=form)
    messages.success(request, _("The draft was discarded."))
    return redirect(AUTOSAVED[form], pk=plan.pk)


def _plan_form(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    section: str,
    heading: str,
    make_form: Callable[[Plan], forms.BaseForm],
    run: Callable[[Plan, PlanAccess, dict[str, Any]], object],
    success_message: str,
    draft_form: str = "",
) -> HttpResponse:
    """A form on a plan through an action; with `draft_form`, autosaved and offered back as a draft."""
    plan, access = get_plan_for_user(request, pk, section=section, write=True)
    form = make_form(plan)
    draft = _draft_of(plan, access, draft_form) if draft_form else None
    restored = draft is not None and request.method != "POST" and request.GET.get("utkast") == "1"
    if restored and draft is not None:
        form.initial.update(json.loads(draft.data))

    def run_and_forget_draft(data: dict[str, Any]) -> object:
        result = run(plan, access, data)
        if draft_form and access.member is not None:
            actions.do_discard_draft(plan, member=access.member, form=draft_form)
        return result

    return _form_page(
        request,
        form=form,
        run=run_and_forget_draft,
        success_url=plan.get_absolute_url(),
        success_message=success_message,
        context={
            "heading": heading,
            "plan": plan,
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
            "draft_form": draft_form,
            "draft": draft,
            "restored": restored,
        },
    )


@login_required
def rating_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="life_areas",
        heading=_("Go through a life area"),
        make_form=lambda plan: RatingForm(_posted(request)),
        run=lambda plan, access, data: actions.do_rate_life_area(plan, acting_user=request.user, **data),
        success_message=_("The life area was recorded."),
        draft_form="rating",
    )


@login_required
def goal_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="goals",
        heading=_("New sub-goal"),
        make_form=lambda plan: GoalForm(_posted(request)),
        run=lambda plan, access, data: actions.do_add_goal(
            plan, acting_user=request.user, member=access.member, **data
        ),
        success_message=_("The sub-goal was added."),
        draft_form="goal",
    )


@login_required
def goal_status(request: AuthenticatedHttpRequest, pk: int, goal_id: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, pk, section="goals", write=True)
    goal = plan.goals.filter(pk=goal_id).first()
    if goal is None:
        raise PermissionDenied
    return _form_page(
        request,
        form=GoalStatusForm(_posted(request), initial={"status": goal.status}),
        run=lambda data: actions.do_set_goal_status(
            goal, acting_user=request.user, member=access.member, status=data["status"]
        ),
        success_url=plan.get_absolute_url(),
        success_message=_("The status was saved."),
        context={
            "heading": _("Status of a sub-goal"),
            "intro": goal.text,
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@login_required
def measure_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="measures",
        heading=_("New measure"),
        make_form=lambda plan: MeasureForm(_posted(request), plan=plan),
        run=lambda plan, access, data: actions.do_add_measure(
            plan, acting_user=request.user, member=access.member, **data
        ),
        success_message=_("The measure was added."),
        draft_form="measure",
    )


@login_required
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="meetings",
        heading=_("Record a meeting"),
        make_form=lambda plan: MeetingForm(_posted(request)),
        run=lambda plan, access, data: actions.do_record_meeting(plan, acting_user=request.user, **data),
        success_message=_("The meeting was recorded."),
        draft_form="meeting",
    )


@login_required
def note_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="notes",
        heading=_("New note"),
        make_form=lambda plan: NoteForm(_posted(request)),
        run=lambda plan, access, data: actions.do_add_note(
            plan,
            acting_user=request.user,
            member=access.member,  # type: ignore[arg-type]
            text=data["text"],
        ),
        success_message=_("The note was saved."),
        draft_form="note",
    )


@login_required
def team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="team",
        heading=_("Add to the team"),
        make_form=lambda plan: TeamAddForm(_posted(request), plan=plan),
        run=lambda plan, access, data: actions.do_add_team_member(
            plan, acting_user=request.user, professional=data["professional"]
        ),
        success_message=_("The team was changed."),
    )


@login_required
def consent_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="consents",
        heading=_("Record a consent"),
        make_form=lambda plan: ConsentForm(_posted(request)),
        run=lambda plan, access, data: actions.do_give_consent(plan, acting_user=request.user, **data),
        success_message=_("The consent was recorded."),
    )


@login_required
@require_POST
def consent_revoke(request: AuthenticatedHttpRequest, pk: int, consent_id: int) -> HttpResponse:
    plan, _access = get_plan_for_user(request, pk, section="consents", write=True)
    consent = plan.consents.filter(pk=consent_id).first()
    if consent is None:
        raise PermissionDenied
    actions.do_revoke_consent(consent, acting_user=request.user)
    messages.success(request, _("The consent was revoked. It applies from now on."))
    return redirect(plan.get_absolute_url())


@login_required
def review_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, access = get_plan_for_user(request, pk, section="reviews", write=True)
    goals = list(plan.goals.exclude(status=Goal.Status.CANCELLED))
    form = ReviewForm(_posted(request), goals=goals)
    return _form_page(
        request,
        form=form,
        run=lambda data: actions.do_record_review(
            plan,
            acting_user=request.user,
            member=access.member,  # type: ignore[arg-type]
            held_on=data["held_on"],
            scores=form.scores(),
            comment=data["comment"],
        ),
        success_url=plan.get_absolute_url(),
        success_message=_("The review was recorded."),
        context={
            "heading": _("Review: score each sub-goal"),
            "intro": _("0 is the expected outcome agreed when the goal was set."),
            "breadcrumbs": _crumbs(plan),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@login_required
def version_agree(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="versions",
        heading=_("Agree the plan"),
        make_form=lambda plan: AgreeForm(_posted(request), plan=plan),
        run=lambda plan, access, data: actions.do_agree_version(
            plan,
            acting_user=request.user,
            member=access.member,
            agreed_on=data["agreed_on"],
            agreed_by_participant=data["agreed_by_participant"],
            social_worker=data["social_worker"],
            consultant=data["consultant"],
        ),
        success_message=_("The agreed version was recorded."),
    )


@login_required
def plan_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _plan_form(
        request,
        pk,
        section="plan",
        heading=_("Close the plan"),
        make_form=lambda plan: CloseForm(_posted(request)),
        run=lambda plan, access, data: actions.do_close_plan(
            plan, acting_user=request.user, outcome=data["outcome"], outcome_on=data["outcome_on"]
        ),
        success_message=_("The plan was closed."),
    )


@login_required
def versions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan's versions, and what changed between two of them (a line diff)."""
    plan, _access = get_plan_for_user(request, pk, section="versions")
    all_versions = list(
        plan.versions.select_related(
            "changed_by__person", "agreed_social_worker__person", "agreed_consultant__person"
        )
    )
    by_number = {version.number: version for version in all_versions}
    newest = all_versions[-1].number if all_versions else 0
    try:
        b = int(request.GET.get("b", newest))
        a = int(request.GET.get("a", b - 1))
    except ValueError:
        a, b = newest - 1, newest
    diff: list[tuple[str, str]] = []
    if a in by_number and b in by_number:
        for line in difflib.unified_diff(
            by_number[a].text.splitlines(), by_number[b].text.splitlines(), lineterm="", n=2
        ):
            if line.startswith(("---", "+++")):
                continue
            kind = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "same")
            diff.append((kind, line))
    context = {
        "plan": plan,
        "versions": all_versions,
        "a": a,
        "b": b,
        "diff": diff,
        "breadcrumbs": _crumbs(plan),
    }
    return render(request, "casework/versions.html", context)


@login_required
def access_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who has looked at this plan: for the unit manager, who answers for the spot checks."""
    plan, _access = get_plan_for_user(request, pk, section="access_log", supervisor_only=True)
    entries = AccessLogEntry.objects.filter(plan=plan).select_related("unit")[:500]
    emergencies = EmergencyAccess.objects.filter(plan=plan).select_related("user")
    context = {"plan": plan, "entries": entries, "emergencies": emergencies, "breadcrumbs": _crumbs(plan)}
    return render(request, "casework/access_log.html", context)


@login_required
def plan_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything held on the participant (GDPR art. 15), as JSON, for the team or its supervisor."""
    plan, access = get_plan_for_user(request, pk, section="export")
    if access.relation == AccessLogEntry.Relation.EMERGENCY:
        raise PermissionDenied  # emergency access is for reading what the need requires, not for copies
    log_access(request.user, plan, access, section="export", action=AccessLogEntry.Action.EXPORT)
    response = JsonResponse(
        export_participant(plan.case_code), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="familjeplan-{plan.pk}.json"'
    return response


@login_required
def emergency(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open a plan outside the team, read-only, for a stated reason; the manager reviews it."""
    plan = Plan.objects.filter(pk=pk).first()
    # The predicate itself, not has_perm: the administrator role holds every permission, and need to
    # know gives administrators no access to plans.
    if plan is None or professional_of(request.user) is None:
        raise PermissionDenied
    form = EmergencyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.do_grant_emergency_access(plan, acting_user=request.user, reason=form.cleaned_data["reason"])
        messages.warning(request, _("Emergency access is open for a short time. It is logged and reviewed."))
        return redirect(plan.get_absolute_url())
    context = {
        "heading": _("Emergency access to a plan"),
        "intro": _("Use this only when the person's need cannot wait for the team. Every use is reviewed."),
        "breadcrumbs": _crumbs(),
        "cancel_url": reverse("casework:index"),
        "form": form,
    }
    return render(request, FORM_PAGE, context, status=400 if form.is_bound else 200)


# --- Spot checks, report, resources -----------------------------------------------------------------


def _managed_or_refuse(request: AuthenticatedHttpRequest) -> set[int]:
    """The units the user is manager of; none refuses (a unit manager's task, not an administrator's)."""
    units = managed_unit_ids(request.user)
    if not units:
        raise PermissionDenied
    return units


@login_required
def spot_checks(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = OrganisationUnit.objects.filter(pk__in=_managed_or_refuse(request))
    form = SpotCheckStartForm(_posted(request), units=units, initial={"month": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        check = actions.do_start_spot_check(
            form.cleaned_data["unit"], acting_user=request.user, month=form.cleaned_data["month"]
        )
        return redirect(check.get_absolute_url())
    context = {
        "checks": SpotCheck.objects.filter(unit__in=units).select_related("unit"),
        "form": form,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "casework/spot_checks.html", context, status=400 if form.is_bound else 200)


@login_required
def spot_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check = (
        SpotCheck.objects.filter(pk=pk, unit_id__in=managed_unit_ids(request.user))
        .select_related("unit")
        .first()
    )
    if check is None:
        raise PermissionDenied
    form = SpotCheckOutcomeForm(
        _posted(request), initial={"outcome": check.outcome, "found_problems": check.found_problems}
    )
    if request.method == "POST" and form.is_valid():
        actions.do_record_spot_check(check, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The outcome of the spot check was recorded."))
        return redirect("casework:spot_checks")
    entries = check.sample.select_related("unit").order_by("at")
    context = {"check": check, "entries": entries, "form": form, "breadcrumbs": _crumbs()}
    return render(request, "casework/spot_check.html", context, status=400 if form.is_bound else 200)


@login_required
def equality_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "casework.view_report")
    context = {
        "tables": [report.measures_by_area(), report.measures_by_area("household_type"), report.outcomes()],
        "months": report.offered_share(),
        "target": int(report.TARGET_SHARE * 100),
        "threshold": report.THRESHOLD,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "casework/report.html", context)


@login_required
def enrolment(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = OrganisationUnit.objects.filter(pk__in=_managed_or_refuse(request))
    return _form_page(
        request,
        form=EnrolmentForm(_posted(request), units=units),
        run=lambda data: actions.do_record_enrolment(
            data["unit"], acting_user=request.user, month=data["month"], enrolled=data["enrolled"]
        ),
        success_url=reverse("casework:report"),
        success_message=_("The enrolment count was saved."),
        context={
            "heading": _("Parents enrolled in a month"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("casework:report"),
        },
    )


@login_required
def resources(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "casework.view_resource")
    areas = LifeArea.objects.filter(is_active=True).prefetch_related("resources")
    context = {
        "areas": areas,
        "can_add": request.user.has_perm("casework.add_resource"),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "casework/resources.html", context)


@login_required
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "casework.add_resource")
    return _form_page(
        request,
        form=ResourceForm(_posted(request)),
        run=lambda data: actions.do_add_resource(acting_user=request.user, **data),
        success_url=reverse("casework:resources"),
        success_message=_("The resource was added to the catalogue."),
        context={
            "heading": _("New resource"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("casework:resources"),
        },
    )
