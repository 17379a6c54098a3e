"""Every change to follow-up objects. Each action is one transaction and writes one audit row.

The one deliberate exception: an anonymous answer writes no audit row when it is sent. Any row written at
that moment, even one without an actor, would sit in the log's sequence and time next to its author's
login and other actions and so point back to them. The round's `followupround.closed` row records how
many anonymous answers it received instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import OrganisationUnit, Person, User, VersionedModel
from jamlik.followup.models import (
    Action,
    ActionPlan,
    AgendaItem,
    Answer,
    CalendarFeed,
    FollowUpRound,
    Forum,
    ForumMeeting,
    Idea,
    LearningLog,
    PlanTheme,
    Question,
    RoundGroup,
    Theme,
    WheelReminder,
    WheelStop,
    WorkshopSubmission,
    next_letter,
)


def default_method_steps() -> str:
    """The method of seed 000's follow-up: think alone, write, talk in a small group, share with all."""
    return "\n".join(
        [
            _("Think alone about the questions."),
            _("Write down your own reflections."),
            _("Talk about them in a small group."),
            _("Share with the whole group."),
        ]
    )


def _update(obj: VersionedModel, *, acting_user: User, data: dict[str, Any], expected_version: int) -> Any:
    return save_versioned(
        obj,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code=f"{obj._meta.model_name}.changed",
    )


# --- Follow-up rounds ------------------------------------------------------------------------------------


def do_create_round(
    *,
    acting_user: User | None,
    owner_unit: OrganisationUnit,
    title: str,
    questions: Iterable[str] = (),
    method_steps: str | None = None,
    **fields: Any,
) -> FollowUpRound:
    """Create a round with its questions in order; without a method, seed 000's four steps."""
    questions = [q.strip() for q in questions if q.strip()]
    with transaction.atomic():
        round_ = FollowUpRound.objects.create(
            owner_unit=owner_unit,
            title=title,
            method_steps=default_method_steps() if method_steps is None else method_steps,
            **fields,
        )
        for position, text in enumerate(questions, start=1):
            Question.objects.create(round=round_, position=position, text=text)
        log_action(
            "followupround.created",
            actor=acting_user,
            obj=round_,
            changes={
                "title": [None, title],
                "owner_unit": [None, jsonable(owner_unit)],
                "questions": questions,
            },
        )
    return round_


def do_update_round(
    round_: FollowUpRound, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        round_, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_add_question(round_: FollowUpRound, *, acting_user: User | None, text: str) -> Question:
    position = (round_.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question: Question = create_logged(
        Question,
        acting_user=acting_user,
        audit_code="question.created",
        round=round_,
        text=text,
        position=position,
    )
    return question


def do_add_round_group(
    round_: FollowUpRound,
    *,
    acting_user: User | None,
    name: str,
    date: datetime.date,
    members: Iterable[Person] = (),
    body_unit: OrganisationUnit | None = None,
    body_role: str = "",
) -> RoundGroup:
    members = list(members)
    with transaction.atomic():
        group = RoundGroup.objects.create(
            round=round_, name=name, date=date, body_unit=body_unit, body_role=body_role
        )
        group.members.set(members)
        log_action(
            "roundgroup.created",
            actor=acting_user,
            obj=group,
            changes={
                "name": [None, name],
                "date": [None, jsonable(date)],
                "members": [None, jsonable(members)],
                "body_unit": [None, jsonable(body_unit)],
                "body_role": [None, body_role],
            },
        )
    return group


def do_set_round_open(round_: FollowUpRound, *, acting_user: User | None, is_open: bool) -> None:
    """Open or close a round for answers; closing records how many anonymous answers came in."""
    with transaction.atomic():
        locked = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
        if locked.is_open == is_open:
            return
        FollowUpRound.objects.filter(pk=round_.pk).update(is_open=is_open)
        round_.is_open = is_open
        changes: dict[str, Any] = {"is_open": [not is_open, is_open]}
        if not is_open:
            changes["anonymous_answers"] = Answer.objects.filter(
                question__round=round_, is_anonymous=True
            ).count()
        log_action(
            "followupround.opened" if is_open else "followupround.closed",
            actor=acting_user,
            obj=round_,
            changes=changes,
        )


def _answer_rows(
    round_: FollowUpRound, group: RoundGroup, answers: Mapping[Question, str]
) -> list[tuple[Question, str]]:
    """One answer per non-empty line, for questions of this round only."""
    if group.round_id != round_.pk:
        raise ValidationError({"group": _("The group does not belong to this follow-up round.")})
    rows = []
    for question, text in answers.items():
        if question.round_id != round_.pk:
            raise ValidationError(_("The question does not belong to this follow-up round."))
        rows += [(question, line.strip()) for line in text.splitlines() if line.strip()]
    if not rows:
        raise ValidationError(_("Write at least one answer."))
    return rows


def do_record_answers(
    round_: FollowUpRound, *, acting_user: User | None, group: RoundGroup, answers: Mapping[Question, str]
) -> list[Answer]:
    """The facilitator writes down what a group said: one answer per line, without names."""
    rows = _answer_rows(round_, group, answers)
    with transaction.atomic():
        created = [Answer.objects.create(question=q, group=group, text=text) for q, text in rows]
        log_action(
            "answer.recorded",
            actor=acting_user,
            obj=round_,
            changes={"group": jsonable(group), "answers": [str(a.pk) for a in created]},
        )
    return created


def do_submit_answers(
    round_: FollowUpRound,
    *,
    acting_user: User,
    person: Person,
    group: RoundGroup,
    answers: Mapping[Question, str],
    anonymous: bool,
) -> int:
    """A participant sends their own answers, in their name or anonymously. Returns how many were saved.

    An anonymous answer stores no author, and this action writes no audit row for it (see the module
    docstring); the caller must not pass anything identifying on either.
    """
    if not round_.is_open:
        raise ValidationError(_("The follow-up round is closed for answers."))
    if not group.asks(person):
        raise ValidationError({"group": _("You are not asked in this group.")})
    rows = _answer_rows(round_, group, answers)
    with transaction.atomic():
        created = [
            Answer.objects.create(
                question=q,
                group=group,
                text=text,
                author=None if anonymous else person,
                is_anonymous=anonymous,
            )
            for q, text in rows
        ]
        if not anonymous:
            log_action(
                "answer.submitted",
                actor=acting_user,
                obj=round_,
                changes={"group": jsonable(group), "answers": [str(a.pk) for a in created]},
            )
    return len(created)


def _check_answers(question: Question, answers: Iterable[Answer]) -> list[Answer]:
    answers = list(answers)
    if any(a.question_id != question.pk for a in answers):
        raise ValidationError(_("Answers can only be grouped under a theme of their own question."))
    return answers


def do_create_theme(
    question: Question, *, acting_user: User | None, name: str, answers: Iterable[Answer] = ()
) -> Theme:
    """A new theme under a question, with the answers put under it (e.g. an accepted suggestion)."""
    answers = _check_answers(question, answers)
    with transaction.atomic():
        position = (question.themes.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        theme = Theme.objects.create(question=question, name=name, position=position)
        Answer.objects.filter(pk__in=[a.pk for a in answers]).update(theme=theme)
        log_action(
            "theme.created",
            actor=acting_user,
            obj=theme,
            changes={"name": [None, name], "answers": [str(a.pk) for a in answers]},
        )
    return theme


def do_rename_theme(theme: Theme, *, acting_user: User, name: str) -> None:
    with transaction.atomic():
        old = Theme.objects.select_for_update().get(pk=theme.pk).name
        if old == name:
            return
        Theme.objects.filter(pk=theme.pk).update(name=name)
        theme.name = name
        log_action("theme.renamed", actor=acting_user, obj=theme, changes={"name": [old, name]})


def do_merge_themes(target: Theme, *, acting_user: User, sources: Iterable[Theme]) -> int:
    """Move every answer of the source themes to the target and remove the sources. Returns answers moved."""
    sources = [s for s in sources if s.pk != target.pk]
    if any(s.question_id != target.question_id for s in sources):
        raise ValidationError(_("Only themes of the same question can be merged."))
    with transaction.atomic():
        moved = Answer.objects.filter(theme__in=sources).update(theme=target)
        names = [s.name for s in sources]
        Theme.objects.filter(pk__in=[s.pk for s in sources]).delete()
        log_action(
            "theme.merged", actor=acting_user, obj=target, changes={"merged": names, "answers_moved": moved}
        )
    return moved


def do_move_answer(answer: Answer, *, acting_user: User, theme: Theme | None) -> None:
    """Put an answer under another theme of its question, or back among the ungrouped (theme None)."""
    if theme is not None:
        _check_answers(theme.question, [answer])
    with transaction.atomic():
        # Not select_related: PostgreSQL cannot lock the nullable side of the outer join to the theme.
        old = Answer.objects.select_for_update().get(pk=answer.pk).theme
        if old == theme:
            return
        Answer.objects.filter(pk=answer.pk).update(theme=theme)
        answer.theme = theme
        log_action(
            "answer.moved", actor=acting_user, obj=answer, changes={"theme": [jsonable(old), jsonable(theme)]}
        )


# --- Learning logs ---------------------------------------------------------------------------------------


def do_create_learning_log(
    process: Any, *, acting_user: User | None, author: Person, **fields: Any
) -> LearningLog:
    log: LearningLog = create_logged(
        LearningLog,
        acting_user=acting_user,
        audit_code="learninglog.created",
        process=process,
        author=author,
        **fields,
    )
    return log


def do_update_learning_log(
    log: LearningLog, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        log, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


# --- Ideas for continuation ------------------------------------------------------------------------------


def do_add_idea(*, acting_user: User | None, owner_unit: OrganisationUnit, text: str, **fields: Any) -> Idea:
    idea: Idea = create_logged(
        Idea, acting_user=acting_user, audit_code="idea.created", owner_unit=owner_unit, text=text, **fields
    )
    return idea


def do_update_idea(
    idea: Idea, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        idea, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_decide_idea(
    idea: Idea,
    *,
    acting_user: User | None,
    rank: int | None,
    decision: str,
    owner: Person | None = None,
    decision_note: str = "",
    decided_on: datetime.date | None = None,
) -> Idea:
    """Management ranks an idea, decides on it and names who takes it forward."""
    if decision == Idea.Decision.PRIORITISED and owner is None:
        raise ValidationError({"owner": _("A prioritised idea needs someone who takes it forward.")})
    data = {
        "rank": rank,
        "decision": decision,
        "owner": owner,
        "decision_note": decision_note,
        "decided_on": None if decision == Idea.Decision.UNDECIDED else (decided_on or timezone.localdate()),
    }
    with transaction.atomic():
        current = Idea.objects.select_for_update().get(pk=idea.pk)
        changes = {
            k: [jsonable(getattr(current, k)), jsonable(v)]
            for k, v in data.items()
            if getattr(current, k) != v
        }
        Idea.objects.filter(pk=idea.pk).update(**data, version=current.version + 1)
        for key, value in data.items():
            setattr(idea, key, value)
        idea.version = current.version + 1
        log_action("idea.decided", actor=acting_user, obj=idea, changes=changes)
    return idea


# --- Action plans ----------------------------------------------------------------------------------------


def do_create_action_plan(
    *, acting_user: User | None, owner_unit: OrganisationUnit, title: str, **fields: Any
) -> ActionPlan:
    plan: ActionPlan = create_logged(
        ActionPlan,
        acting_user=acting_user,
        audit_code="actionplan.created",
        owner_unit=owner_unit,
        title=title,
        **fields,
    )
    return plan


def do_update_action_plan(
    plan: ActionPlan, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        plan, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_add_plan_theme(
    plan: ActionPlan, *, acting_user: User | None, title: str, description: str = ""
) -> PlanTheme:
    """The next numbered theme of the plan."""
    with transaction.atomic():
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        number = (plan.themes.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        theme = PlanTheme.objects.create(plan=plan, number=number, title=title, description=description)
        log_action(
            "plantheme.created",
            actor=acting_user,
            obj=theme,
            changes={"number": [None, number], "title": [None, title], "description": [None, description]},
        )
    return theme


def do_add_action(theme: PlanTheme, *, acting_user: User | None, text: str, **fields: Any) -> Action:
    """The next lettered action under a theme (1a, 1b …)."""
    with transaction.atomic():
        PlanTheme.objects.select_for_update().get(pk=theme.pk)
        letter = next_letter(set(theme.actions.values_list("letter", flat=True)))
        action = Action.objects.create(theme=theme, letter=letter, text=text, **fields)
        log_action(
            "action.created",
            actor=acting_user,
            obj=action,
            changes={"letter": [None, letter], "text": [None, text]}
            | {k: [None, jsonable(v)] for k, v in fields.items()},
        )
    return action


def do_update_action(
    action: Action, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        action, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_report_action_status(
    action: Action, *, acting_user: User | None, status: str, status_note: str = ""
) -> None:
    """The action's owner (or the plan's manager) reports how far it has come."""
    with transaction.atomic():
        current = Action.objects.select_for_update().get(pk=action.pk)
        changes = {
            k: [getattr(current, k), v]
            for k, v in {"status": status, "status_note": status_note}.items()
            if getattr(current, k) != v
        }
        Action.objects.filter(pk=action.pk).update(
            status=status, status_note=status_note, version=current.version + 1
        )
        action.status, action.status_note, action.version = status, status_note, current.version + 1
        log_action("action.status_reported", actor=acting_user, obj=action, changes=changes)


def do_pick_up_issue_into_plan(
    issue: Any, *, acting_user: User | None, theme: PlanTheme, text: str = "", **fields: Any
) -> Action:
    """Take a parked issue out of the garage as a new action in an action plan."""
    from jamlik.goals.models import ParkedIssue

    with transaction.atomic():
        current = ParkedIssue.objects.select_for_update().get(pk=issue.pk)
        if current.status != ParkedIssue.Status.PARKED:
            raise ValidationError(_("The issue is no longer parked."))
        PlanTheme.objects.select_for_update().get(pk=theme.pk)
        letter = next_letter(set(theme.actions.values_list("letter", flat=True)))
        action = Action.objects.create(
            theme=theme, letter=letter, text=text or issue.title, parked_issue=issue, **fields
        )
        today = timezone.localdate()
        ParkedIssue.objects.filter(pk=issue.pk).update(
            status=ParkedIssue.Status.PICKED_UP, picked_up_on=today, version=current.version + 1
        )
        issue.status, issue.picked_up_on, issue.version = (
            ParkedIssue.Status.PICKED_UP,
            today,
            current.version + 1,
        )
        log_action(
            "parkedissue.picked_up",
            actor=acting_user,
            obj=issue,
            changes={
                "status": [current.status, issue.status],
                "action": jsonable(action),
                "plan": jsonable(theme.plan),
            },
        )
    return action


# --- The annual wheel ------------------------------------------------------------------------------------


def do_create_wheel_stop(
    *, acting_user: User | None, unit: OrganisationUnit, title: str, **fields: Any
) -> WheelStop:
    stop: WheelStop = create_logged(
        WheelStop, acting_user=acting_user, audit_code="wheelstop.created", unit=unit, title=title, **fields
    )
    return stop


def do_update_wheel_stop(
    stop: WheelStop, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        stop, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_delete_wheel_stop(stop: WheelStop, *, acting_user: User) -> None:
    with transaction.atomic():
        log_action("wheelstop.deleted", actor=acting_user, obj=stop, changes={"title": [stop.title, None]})
        stop.delete()


def do_create_calendar_feed(
    *,
    acting_user: User | None,
    user: User | None = None,
    unit: OrganisationUnit | None = None,
    renew: bool = False,
) -> CalendarFeed:
    """The feed address for a user or a unit; `renew` replaces the secret so an old address stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user, unit=unit)
        if created or renew:
            if renew and not created:
                feed.delete()
                feed = CalendarFeed.objects.create(user=user, unit=unit)
            log_action(
                "calendarfeed.renewed" if renew and not created else "calendarfeed.created",
                actor=acting_user,
                obj=feed,
                changes={"user": jsonable(user), "unit": jsonable(unit)},
            )
    return feed


def reminder_recipient(stop: WheelStop) -> str:
    if stop.owner is None:
        return ""
    if stop.owner.email:
        return stop.owner.email
    return stop.owner.user.email if stop.owner.user_id and stop.owner.user else ""


def do_send_wheel_reminder(stop: WheelStop, *, acting_user: User | None, occurrence: datetime.date) -> bool:
    """E-mail the stop's owner about one occurrence, once: a second call for it sends nothing.

    The reminder row is written first under a unique constraint, so two concurrent runs cannot both send.
    """
    recipient = reminder_recipient(stop)
    if not recipient:
        return False
    try:
        with transaction.atomic():
            WheelReminder.objects.create(stop=stop, occurrence=occurrence, recipient=recipient)
            log_action(
                "wheelstop.reminded",
                actor=acting_user,
                obj=stop,
                changes={"occurrence": occurrence.isoformat(), "recipient": recipient},
            )
            subject = _("Reminder: %(title)s on %(date)s") % {
                "title": stop.title,
                "date": occurrence.isoformat(),
            }
            body = _(
                "The annual wheel of %(unit)s has a stop on %(date)s: %(title)s.\n\n%(description)s\n\n"
                "You get this e-mail because you are the stop's owner."
            ) % {
                "unit": stop.unit.name,
                "date": occurrence.isoformat(),
                "title": stop.title,
                "description": stop.description,
            }
            transaction.on_commit(
                lambda: send_mail(
                    subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False
                )
            )
    except IntegrityError:
        return False
    return True


def due_reminders(today: datetime.date) -> list[tuple[WheelStop, datetime.date]]:
    """Stops whose next occurrence is within their reminder days and whose reminder has not gone out."""
    due = []
    stops = WheelStop.objects.filter(owner__isnull=False).select_related("owner__user", "unit")
    for stop in stops:
        occurrence = stop.next_occurrence(today)
        if (occurrence - today).days <= stop.reminder_days:
            due.append((stop, occurrence))
    sent = set(
        WheelReminder.objects.filter(stop__in=[s for s, _o in due]).values_list("stop_id", "occurrence")
    )
    return [(stop, occurrence) for stop, occurrence in due if (stop.pk, occurrence) not in sent]


def send_wheel_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder that is due; returns how many went out."""
    today = today or timezone.localdate()
    return sum(
        do_send_wheel_reminder(stop, acting_user=None, occurrence=occ) for stop, occ in due_reminders(today)
    )


# --- Forums and meeting places ---------------------------------------------------------------------------


def do_create_forum(
    *, acting_user: User | None, owner_unit: OrganisationUnit, name: str, **fields: Any
) -> Forum:
    forum: Forum = create_logged(
        Forum, acting_user=acting_user, audit_code="forum.created", owner_unit=owner_unit, name=name, **fields
    )
    return forum


def do_update_forum(
    forum: Forum, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = _update(
        forum, acting_user=acting_user, data=data, expected_version=expected_version
    )
    return changes


def do_add_forum_meeting(
    forum: Forum, *, acting_user: User | None, date: datetime.date, **fields: Any
) -> ForumMeeting:
    meeting: ForumMeeting = create_logged(
        ForumMeeting,
        acting_user=acting_user,
        audit_code="forummeeting.created",
        forum=forum,
        date=date,
        **fields,
    )
    return meeting


def do_record_meeting_notes(meeting: ForumMeeting, *, acting_user: User, notes: str) -> None:
    with transaction.atomic():
        old = ForumMeeting.objects.select_for_update().get(pk=meeting.pk).notes
        ForumMeeting.objects.filter(pk=meeting.pk).update(notes=notes)
        meeting.notes = notes
        log_action(
            "forummeeting.notes_recorded", actor=acting_user, obj=meeting, changes={"notes": [old, notes]}
        )


def do_add_agenda_item(
    meeting: ForumMeeting, *, acting_user: User | None, title: str, **fields: Any
) -> AgendaItem:
    position = (
        meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item: AgendaItem = create_logged(
        AgendaItem,
        acting_user=acting_user,
        audit_code="agendaitem.created",
        meeting=meeting,
        title=title,
        position=position,
        **fields,
    )
    return item


def do_record_agenda_outcome(
    item: AgendaItem, *, acting_user: User | None, notes: str, decision: str
) -> None:
    """What was said and decided under one agenda item."""
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        changes = {
            k: [getattr(current, k), v]
            for k, v in {"notes": notes, "decision": decision}.items()
            if getattr(current, k) != v
        }
        AgendaItem.objects.filter(pk=item.pk).update(notes=notes, decision=decision)
        item.notes, item.decision = notes, decision
        log_action("agendaitem.decided", actor=acting_user, obj=item, changes=changes)


def do_submit_to_workshop(
    forum: Forum,
    *,
    acting_user: User | None,
    submitted_by: Person | None,
    kind: str,
    title: str,
    description: str,
) -> WorkshopSubmission:
    if not forum.is_project_workshop:
        raise ValidationError(_("This meeting place does not take submissions."))
    submission: WorkshopSubmission = create_logged(
        WorkshopSubmission,
        acting_user=acting_user,
        audit_code="workshopsubmission.created",
        forum=forum,
        submitted_by=submitted_by,
        kind=kind,
        title=title,
        description=description,
        submitted_on=timezone.localdate(),
    )
    return submission


def do_follow_up_submission(
    submission: WorkshopSubmission, *, acting_user: User | None, status: str, outcome: str
) -> None:
    """Record where a workshop submission has got to, until it has an outcome."""
    with transaction.atomic():
        current = WorkshopSubmission.objects.select_for_update().get(pk=submission.pk)
        changes = {
            k: [getattr(current, k), v]
            for k, v in {"status": status, "outcome": outcome}.items()
            if getattr(current, k) != v
        }
        WorkshopSubmission.objects.filter(pk=submission.pk).update(
            status=status, outcome=outcome, version=current.version + 1
        )
        submission.status, submission.outcome, submission.version = status, outcome, current.version + 1
        log_action("workshopsubmission.followed_up", actor=acting_user, obj=submission, changes=changes)
