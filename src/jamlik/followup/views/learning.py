"""Learning logs of process leaders, and ideas for continuation with management's ranking."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.followup import actions
from jamlik.followup.access import get_idea_for_user, get_log_for_user
from jamlik.followup.forms import (
    IdeaCreateForm,
    IdeaDecisionForm,
    IdeaForm,
    LearningLogCreateForm,
    LearningLogForm,
)
from jamlik.followup.models import Idea, LearningLog, person_of
from jamlik.followup.pages import FORM_PAGE, form_page, posted
from jamlik.processes.models import ChangeProcess


def _log_crumbs() -> list[tuple[Any, str]]:
    return [(_("Follow-up"), reverse("followup:index")), (_("Learning logs"), reverse("followup:log_list"))]


def _idea_crumbs() -> list[tuple[Any, str]]:
    return [
        (_("Follow-up"), reverse("followup:index")),
        (_("Ideas for continuation"), reverse("followup:idea_list")),
    ]


def loggable_processes(user: Any) -> Any:
    """Processes the user may write a log for: those they lead, or all of their unit's if they manage."""
    candidates = ChangeProcess.objects.select_related("owner_unit")
    return candidates.filter(
        pk__in=[p.pk for p in candidates if user.has_perm("followup.add_learninglog", p)]
    )


@login_required
def log_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_learninglog")
    logs = LearningLog.objects.select_related("process", "author")
    context = {
        "logs": logs,
        "can_add": loggable_processes(request.user).exists(),
        "breadcrumbs": [(_("Follow-up"), reverse("followup:index"))],
    }
    return render(request, "followup/log_list.html", context)


@login_required
def log_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    processes = loggable_processes(request.user)
    may_choose_author = request.user.has_perm("followup.add_followupround")
    form = LearningLogCreateForm(posted(request), processes=processes, may_choose_author=may_choose_author)

    def run(data: dict[str, Any]) -> LearningLog:
        author = data.pop("author", None) or person_of(request.user)
        assert author is not None  # managers must choose one; leaders are allowed only with a person record
        return actions.do_create_learning_log(
            data.pop("process"), acting_user=request.user, author=author, **data
        )

    return form_page(
        request,
        allowed=processes.exists() and (may_choose_author or person_of(request.user) is not None),
        form=form,
        run=run,
        success_url=lambda log: log.get_absolute_url(),
        success_message=_("The learning log was saved."),
        context={
            "heading": _("New learning log"),
            "intro": _("Reflect on a period of your work as a process leader: four short questions."),
            "breadcrumbs": _log_crumbs(),
            "cancel_url": reverse("followup:log_list"),
        },
    )


@login_required
def log_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    log, can_edit = get_log_for_user(request, pk)
    return render(
        request, "followup/log_detail.html", {"log": log, "can_edit": can_edit, "breadcrumbs": _log_crumbs()}
    )


@login_required
def log_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    log, can_edit = get_log_for_user(request, pk)
    return edit_page(
        request,
        obj=log,
        allowed=can_edit,
        form_class=LearningLogForm,
        update=lambda obj, data, version: actions.do_update_learning_log(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit learning log"),
            "breadcrumbs": _log_crumbs(),
            "cancel_url": log.get_absolute_url(),
        },
        success_url=log.get_absolute_url(),
    )


@login_required
def idea_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_idea")
    ideas = Idea.objects.select_related("owner_unit", "owner", "round")
    context = {
        "ranked": [idea for idea in ideas if idea.rank is not None],
        "unranked": [idea for idea in ideas if idea.rank is None],
        "can_add": request.user.has_perm("followup.add_idea"),
        "may_decide": request.user.has_perm("followup.decide_idea"),
        "breadcrumbs": [(_("Follow-up"), reverse("followup:index"))],
    }
    return render(request, "followup/idea_list.html", context)


@login_required
def idea_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        allowed=request.user.has_perm("followup.add_idea"),
        form=IdeaCreateForm(posted(request), user=request.user),
        run=lambda data: actions.do_add_idea(acting_user=request.user, **data),
        success_url=reverse("followup:idea_list"),
        success_message=_("The idea was added, unranked."),
        context={
            "heading": _("New idea for continuation"),
            "breadcrumbs": _idea_crumbs(),
            "cancel_url": reverse("followup:idea_list"),
        },
    )


@login_required
def idea_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    idea, can_edit = get_idea_for_user(request, pk)
    return edit_page(
        request,
        obj=idea,
        allowed=can_edit,
        form_class=IdeaForm,
        update=lambda obj, data, version: actions.do_update_idea(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit idea"),
            "breadcrumbs": _idea_crumbs(),
            "cancel_url": reverse("followup:idea_list"),
        },
        success_url=reverse("followup:idea_list"),
    )


@login_required
def idea_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    idea, _can_edit = get_idea_for_user(request, pk)
    initial = {
        "rank": idea.rank,
        "decision": idea.decision,
        "owner": idea.owner_id,
        "decision_note": idea.decision_note,
    }
    return form_page(
        request,
        allowed=request.user.has_perm("followup.decide_idea", idea),
        form=IdeaDecisionForm(posted(request), initial=initial),
        run=lambda data: actions.do_decide_idea(idea, acting_user=request.user, **data),
        success_url=reverse("followup:idea_list"),
        success_message=_("The decision was saved."),
        context={
            "heading": _("Rank and decide"),
            "intro": idea.text,
            "breadcrumbs": _idea_crumbs(),
            "cancel_url": reverse("followup:idea_list"),
        },
    )
