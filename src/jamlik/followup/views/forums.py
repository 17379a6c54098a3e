"""Forums and meeting places: recurring meetings with agenda items, notes and decisions, and the open
project workshop where staff bring an idea, need, challenge or project that is followed to an outcome."""

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
from jamlik.followup.access import get_forum_for_user, get_meeting_for_user, get_submission_for_user
from jamlik.followup.forms import (
    AgendaItemForm,
    AgendaOutcomeForm,
    ForumCreateForm,
    ForumForm,
    ForumMeetingForm,
    MeetingNotesForm,
    SubmissionFollowUpForm,
    SubmissionForm,
)
from jamlik.followup.models import AgendaItem, Forum, person_of
from jamlik.followup.pages import FORM_PAGE, form_page, posted


def _crumbs(forum: Forum | None = None) -> list[tuple[Any, str]]:
    trail = [(_("Follow-up"), reverse("followup:index")), (_("Forums"), reverse("followup:forum_list"))]
    if forum is not None:
        trail.append((forum.name, forum.get_absolute_url()))
    return trail


@login_required
def forum_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_forum")
    context = {
        "forums": Forum.objects.select_related("owner_unit").prefetch_related("meetings"),
        "can_add": request.user.has_perm("followup.add_forum"),
        "breadcrumbs": [(_("Follow-up"), reverse("followup:index"))],
    }
    return render(request, "followup/forum_list.html", context)


@login_required
def forum_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        allowed=request.user.has_perm("followup.add_forum"),
        form=ForumCreateForm(posted(request), user=request.user),
        run=lambda data: actions.do_create_forum(acting_user=request.user, **data),
        success_url=lambda forum: forum.get_absolute_url(),
        success_message=_("The forum was created."),
        context={
            "heading": _("New forum or meeting place"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("followup:forum_list"),
        },
    )


@login_required
def forum_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, can_edit = get_forum_for_user(request, pk)
    meetings = list(forum.meetings.prefetch_related("agenda_items__process"))
    context = {
        "forum": forum,
        "can_edit": can_edit,
        "meetings": meetings,
        "equality_count": sum(1 for m in meetings if m.equality_focus),
        "submissions": forum.submissions.select_related("submitted_by"),
        "may_submit": forum.is_project_workshop and request.user.has_perm("followup.add_workshopsubmission"),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "followup/forum_detail.html", context)


@login_required
def forum_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, can_edit = get_forum_for_user(request, pk)
    return edit_page(
        request,
        obj=forum,
        allowed=can_edit,
        form_class=ForumForm,
        update=lambda obj, data, version: actions.do_update_forum(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit forum"),
            "breadcrumbs": _crumbs(forum),
            "cancel_url": forum.get_absolute_url(),
        },
        success_url=forum.get_absolute_url(),
    )


@login_required
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, can_edit = get_forum_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ForumMeetingForm(posted(request)),
        run=lambda data: actions.do_add_forum_meeting(forum, acting_user=request.user, **data),
        success_url=lambda meeting: meeting.get_absolute_url(),
        success_message=_("The meeting was added."),
        context={
            "heading": _("New meeting of %(forum)s") % {"forum": forum.name},
            "breadcrumbs": _crumbs(forum),
            "cancel_url": forum.get_absolute_url(),
        },
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, can_edit = get_meeting_for_user(request, pk)
    context = {
        "meeting": meeting,
        "can_edit": can_edit,
        "items": meeting.agenda_items.select_related("process"),
        "breadcrumbs": _crumbs(meeting.forum),
    }
    return render(request, "followup/meeting_detail.html", context)


@login_required
def meeting_notes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, can_edit = get_meeting_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=MeetingNotesForm(posted(request), initial={"notes": meeting.notes}),
        run=lambda data: actions.do_record_meeting_notes(
            meeting, acting_user=request.user, notes=data["notes"]
        ),
        success_url=meeting.get_absolute_url(),
        success_message=_("The notes were saved."),
        context={
            "heading": _("Notes from %(meeting)s") % {"meeting": meeting},
            "breadcrumbs": _crumbs(meeting.forum),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
def agenda_item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, can_edit = get_meeting_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=AgendaItemForm(posted(request)),
        run=lambda data: actions.do_add_agenda_item(meeting, acting_user=request.user, **data),
        success_url=meeting.get_absolute_url(),
        success_message=_("The agenda item was added."),
        context={
            "heading": _("New agenda item"),
            "breadcrumbs": _crumbs(meeting.forum),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
def agenda_item_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting_id = AgendaItem.objects.filter(pk=pk).values_list("meeting_id", flat=True).first() or 0
    meeting, can_edit = get_meeting_for_user(request, meeting_id)
    item = meeting.agenda_items.get(pk=pk)
    return form_page(
        request,
        allowed=can_edit,
        form=AgendaOutcomeForm(posted(request), initial={"notes": item.notes, "decision": item.decision}),
        run=lambda data: actions.do_record_agenda_outcome(item, acting_user=request.user, **data),
        success_url=meeting.get_absolute_url(),
        success_message=_("The notes and decision were saved."),
        context={
            "heading": _("Notes and decision: %(item)s") % {"item": item.title},
            "breadcrumbs": _crumbs(meeting.forum),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
def submission_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    forum, _can_edit = get_forum_for_user(request, pk)
    return form_page(
        request,
        allowed=forum.is_project_workshop and request.user.has_perm("followup.add_workshopsubmission"),
        form=SubmissionForm(posted(request)),
        run=lambda data: actions.do_submit_to_workshop(
            forum, acting_user=request.user, submitted_by=person_of(request.user), **data
        ),
        success_url=lambda submission: submission.get_absolute_url(),
        success_message=_("Thank you! Your submission is on the workshop's list."),
        context={
            "heading": _("Bring something to %(forum)s") % {"forum": forum.name},
            "intro": _(
                "An idea, a need, a challenge or a project – big or small. The workshop helps you develop it."
            ),
            "breadcrumbs": _crumbs(forum),
            "cancel_url": forum.get_absolute_url(),
        },
    )


@login_required
def submission_follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission, can_edit = get_submission_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=SubmissionFollowUpForm(
            posted(request), initial={"status": submission.status, "outcome": submission.outcome}
        ),
        run=lambda data: actions.do_follow_up_submission(submission, acting_user=request.user, **data),
        success_url=submission.get_absolute_url(),
        success_message=_("The follow-up was saved."),
        context={
            "heading": _("Follow up: %(title)s") % {"title": submission.title},
            "intro": submission.description,
            "breadcrumbs": _crumbs(submission.forum),
            "cancel_url": submission.get_absolute_url(),
        },
    )
