from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.followup import actions
from jamlik.followup.access import (
    get_answer_for_user,
    get_question_for_user,
    get_round_for_user,
    get_theme_for_user,
)
from jamlik.followup.forms import (
    AnswerMoveForm,
    AnswersForm,
    QuestionForm,
    RoundCreateForm,
    RoundForm,
    RoundGroupForm,
    ThemeCreateForm,
    ThemeForm,
    ThemeMergeForm,
)
from jamlik.followup.models import Answer, FollowUpRound, Question, RoundGroup, person_of
from jamlik.followup.pages import FORM_PAGE, form_page, posted
from jamlik.followup.suggest import suggest_themes


def _crumbs(round_: FollowUpRound | None = None) -> list[tuple[Any, str]]:
    trail = [(_("Follow-up"), reverse("followup:index"))]
    if round_ is not None:
        trail.append((round_.title, round_.get_absolute_url()))
    return trail


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_followupround")
    person = person_of(request.user)
    context = {
        "rounds": FollowUpRound.objects.select_related("owner_unit").prefetch_related("groups"),
        "asked": FollowUpRound.objects.asking(person).filter(is_open=True),
        "can_add": request.user.has_perm("followup.add_followupround"),
    }
    return render(request, "followup/index.html", context)


@login_required
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RoundCreateForm(posted(request), user=request.user)

    def run(data: dict[str, Any]) -> FollowUpRound:
        questions = data.pop("questions").splitlines()
        steps = data.pop("method_steps") or None
        return actions.do_create_round(
            acting_user=request.user, questions=questions, method_steps=steps, **data
        )

    return form_page(
        request,
        allowed=request.user.has_perm("followup.add_followupround"),
        form=form,
        run=run,
        success_url=lambda round_: round_.get_absolute_url(),
        success_message=_("The follow-up round was created."),
        context={
            "heading": _("New follow-up round"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("followup:index"),
        },
    )


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_, can_edit = get_round_for_user(request, pk)
    answers = Answer.objects.select_related("group")
    questions = round_.questions.prefetch_related(
        Prefetch("themes__answers", queryset=answers),
        Prefetch("answers", queryset=answers.filter(theme__isnull=True), to_attr="ungrouped"),
    )
    context = {
        "round": round_,
        "can_edit": can_edit,
        "can_answer": request.user.has_perm("followup.answer_followupround", round_),
        "questions": questions,
        "groups": round_.groups.select_related("body_unit").prefetch_related("members"),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "followup/round_detail.html", context)


@login_required
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_, can_edit = get_round_for_user(request, pk)
    return edit_page(
        request,
        obj=round_,
        allowed=can_edit,
        form_class=RoundForm,
        update=lambda obj, data, version: actions.do_update_round(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_PAGE,
        context={
            "heading": _("Edit follow-up round"),
            "breadcrumbs": _crumbs(round_),
            "cancel_url": round_.get_absolute_url(),
        },
        success_url=round_.get_absolute_url(),
    )


@login_required
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_, can_edit = get_round_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=QuestionForm(posted(request)),
        run=lambda data: actions.do_add_question(round_, acting_user=request.user, text=data["text"]),
        success_url=round_.get_absolute_url(),
        success_message=_("The question was added."),
        context={
            "heading": _("Add a question"),
            "breadcrumbs": _crumbs(round_),
            "cancel_url": round_.get_absolute_url(),
        },
    )


@login_required
def group_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_, can_edit = get_round_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=RoundGroupForm(posted(request)),
        run=lambda data: actions.do_add_round_group(round_, acting_user=request.user, **data),
        success_url=round_.get_absolute_url(),
        success_message=_("The group was added."),
        context={
            "heading": _("Add a group to ask"),
            "intro": _("A group is asked the round's questions on its own date."),
            "breadcrumbs": _crumbs(round_),
            "cancel_url": round_.get_absolute_url(),
        },
    )


def _set_open(request: AuthenticatedHttpRequest, pk: int, is_open: bool) -> HttpResponse:
    round_, can_edit = get_round_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied
    actions.do_set_round_open(round_, acting_user=request.user, is_open=is_open)
    messages.success(
        request, _("The round is open for answers.") if is_open else _("The round is closed for answers.")
    )
    return redirect(round_.get_absolute_url())


@require_POST
@login_required
def round_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_open(request, pk, True)


@require_POST
@login_required
def round_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_open(request, pk, False)


@login_required
def record_answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The facilitator's page: the method steps, then the group's answers written down as they come."""
    round_, can_edit = get_round_for_user(request, pk)
    form = AnswersForm(posted(request), round_=round_, groups=round_.groups.all(), anonymous_choice=False)
    return form_page(
        request,
        allowed=can_edit,
        form=form,
        run=lambda data: actions.do_record_answers(
            round_, acting_user=request.user, group=data["group"], answers=form.answers()
        ),
        success_url=reverse("followup:record_answers", args=[round_.pk]),
        success_message=_("The answers were saved. You can go on with the next group."),
        context={
            "heading": _("Facilitate and write down answers"),
            "round": round_,
            "breadcrumbs": _crumbs(round_),
            "cancel_url": round_.get_absolute_url(),
        },
        template="followup/record_answers.html",
    )


@login_required
def answer_round(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A participant's own answers, from a phone or a computer; anonymous if they choose."""
    round_, _can_edit = get_round_for_user(request, pk)
    person = person_of(request.user)
    groups = RoundGroup.objects.filter(pk__in=[g.pk for g in round_.groups_for(person)])
    form = AnswersForm(posted(request), round_=round_, groups=groups, anonymous_choice=round_.allow_anonymous)
    return form_page(
        request,
        allowed=request.user.has_perm("followup.answer_followupround", round_),
        form=form,
        run=lambda data: actions.do_submit_answers(
            round_,
            acting_user=request.user,
            person=person,  # type: ignore[arg-type]
            group=data["group"],
            answers=form.answers(),
            anonymous=bool(data.get("anonymous")),
        ),
        success_url=reverse("followup:index"),
        success_message=_("Thank you! Your answers were sent."),
        context={
            "heading": round_.title,
            "round": round_,
            "breadcrumbs": _crumbs(),
            "submit_label": _("Send answers"),
        },
        template="followup/answer_round.html",
    )


@login_required
def compile_round(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The compiler's desk: themes per question, the answers not yet grouped, and suggestions for them."""
    round_, can_edit = get_round_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied
    answers = Answer.objects.select_related("group")
    questions = list(
        round_.questions.prefetch_related(
            Prefetch("themes__answers", queryset=answers),
            "themes",
            Prefetch("answers", queryset=answers.filter(theme__isnull=True), to_attr="ungrouped"),
        )
    )
    for question in questions:
        question.suggestions = suggest_themes(question.ungrouped, [a.text for a in question.ungrouped])  # type: ignore[attr-defined]
        question.theme_list = list(question.themes.all())  # type: ignore[attr-defined]
    context = {"round": round_, "questions": questions, "breadcrumbs": _crumbs(round_)}
    return render(request, "followup/compile.html", context)


def _compile_url(question: Question) -> str:
    return reverse("followup:compile", args=[question.round_id]) + f"#question-{question.pk}"


@login_required
def theme_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question, can_edit = get_question_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ThemeCreateForm(posted(request), question=question),
        run=lambda data: actions.do_create_theme(
            question, acting_user=request.user, name=data["name"], answers=data["answers"]
        ),
        success_url=_compile_url(question),
        success_message=_("The theme was created."),
        context={
            "heading": _("New theme for: %(question)s") % {"question": question},
            "breadcrumbs": _crumbs(question.round),
            "cancel_url": _compile_url(question),
        },
    )


@login_required
def theme_rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme, can_edit = get_theme_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ThemeForm(posted(request), initial={"name": theme.name}),
        run=lambda data: actions.do_rename_theme(theme, acting_user=request.user, name=data["name"]),
        success_url=_compile_url(theme.question),
        success_message=_("The theme was renamed."),
        context={
            "heading": _("Rename theme %(name)s") % {"name": theme.name},
            "breadcrumbs": _crumbs(theme.question.round),
            "cancel_url": _compile_url(theme.question),
        },
    )


@login_required
def theme_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme, can_edit = get_theme_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=ThemeMergeForm(posted(request), theme=theme),
        run=lambda data: actions.do_merge_themes(theme, acting_user=request.user, sources=data["sources"]),
        success_url=_compile_url(theme.question),
        success_message=_("The themes were merged."),
        context={
            "heading": _("Merge other themes into %(name)s") % {"name": theme.name},
            "breadcrumbs": _crumbs(theme.question.round),
            "cancel_url": _compile_url(theme.question),
            "submit_label": _("Merge"),
        },
    )


@login_required
def answer_move(request: AuthenticatedHttpRequest, pk: Any) -> HttpResponse:
    answer, can_edit = get_answer_for_user(request, pk)
    return form_page(
        request,
        allowed=can_edit,
        form=AnswerMoveForm(posted(request), question=answer.question, initial={"theme": answer.theme_id}),
        run=lambda data: actions.do_move_answer(answer, acting_user=request.user, theme=data["theme"]),
        success_url=_compile_url(answer.question),
        success_message=_("The answer was moved."),
        context={
            "heading": _("Move the answer “%(text)s”") % {"text": answer.text[:80]},
            "breadcrumbs": _crumbs(answer.question.round),
            "cancel_url": _compile_url(answer.question),
            "submit_label": _("Move"),
        },
    )
