"""Evaluation pages: the organiser's survey page, sending, results and passing answers on; the answer page.

The answer page needs no login: the personal link from the invitation e-mail is the key, and it works once.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest
from jamlik.events import evaluation
from jamlik.events.access import get_event_for_organiser, get_invitation_by_token, get_survey_for_user
from jamlik.events.evaluation_forms import AnswerForm, FeedForm, SurveyForm, SurveyQuestionForm
from jamlik.events.evaluation_models import Survey, SurveyQuestion

FORM_TEMPLATE = "core/form.html"
RESULTS = "events.view_evaluation_results"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def evaluation_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The survey's settings, questions and sending status; without a survey, the form that creates it."""
    event = get_event_for_organiser(request, pk)
    survey = Survey.objects.filter(event=event).first()
    if survey is not None:
        context = {
            "event": event,
            "survey": survey,
            "questions": survey.questions.select_related("session"),
            "invited": survey.invitations.count(),
            "answered": survey.invitations.filter(answered=True).count(),
            "not_yet_invited": evaluation.survey_recipients(survey).count(),
            "now": timezone.now(),
        }
        return render(request, "events/evaluation/manage.html", context)
    initial = {"opens_at": event.ends_at, "closes_at": event.ends_at + datetime.timedelta(days=14)}
    form = SurveyForm(request.POST if request.method == "POST" else None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        evaluation.do_create_survey(event, acting_user=request.user, **data)
        messages.success(request, _("The evaluation survey was created. Now add its questions."))
        return redirect("events:evaluation", pk=event.pk)
    context = {"event": event, "survey": None, "form": form}
    return render(request, "events/evaluation/manage.html", context, status=400 if form.is_bound else 200)


@login_required
def evaluation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request, pk)
    return edit_page(
        request,
        obj=survey,
        allowed=True,
        form_class=SurveyForm,
        update=lambda obj, data, version: evaluation.do_update_survey(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template=FORM_TEMPLATE,
        context={"cancel_url": survey.get_absolute_url()},
        success_url=survey.get_absolute_url(),
        form_kwargs={"event": survey.event},
    )


@login_required
def evaluation_question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request, pk)
    if survey.has_been_sent():
        messages.error(request, _("The survey has been sent; its questions can no longer be changed."))
        return redirect(survey.get_absolute_url())
    form = SurveyQuestionForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            question = evaluation.do_add_survey_question(
                survey, acting_user=request.user, **form.cleaned_data
            )
        except evaluation.EvaluationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": question})
            return redirect(survey.get_absolute_url())
    context = {
        "form": form,
        "cancel_url": survey.get_absolute_url(),
        "heading_model": SurveyQuestion._meta.verbose_name,
    }
    return render(request, FORM_TEMPLATE, context, status=400 if form.is_bound else 200)


@login_required
def evaluation_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (and says how many it reaches); POST sends to those not yet invited."""
    survey = get_survey_for_user(request, pk)
    if request.method == "POST":
        try:
            count = evaluation.do_send_survey(survey, acting_user=request.user, site_url=_site_url(request))
        except evaluation.EvaluationError as exc:
            messages.error(request, str(exc.message))
        else:
            if count:
                messages.success(
                    request, _("The survey is on its way to %(count)s people.") % {"count": count}
                )
            else:
                messages.info(request, _("Everyone registered has already been sent the survey."))
        return redirect(survey.get_absolute_url())
    context = {
        "event": survey.event,
        "survey": survey,
        "recipients": evaluation.survey_recipients(survey).count(),
    }
    return render(request, "events/evaluation/send.html", context)


@login_required
def evaluation_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request, pk, RESULTS)
    context = {"event": survey.event, "survey": survey, "results": evaluation.survey_results(survey)}
    return render(request, "events/evaluation/results.html", context)


@login_required
def evaluation_feed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pass one free-text question's answers to a question of a follow-up round the user compiles."""
    survey = get_survey_for_user(request, pk)
    rounds = evaluation.feedable_rounds(request.user)
    form = FeedForm(request.POST if request.method == "POST" else None, survey=survey, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        try:
            added = evaluation.do_feed_followup_round(
                survey,
                acting_user=request.user,
                question=form.cleaned_data["question"],
                target=form.target_question(),
            )
        except evaluation.EvaluationError as exc:
            form.add_error(None, exc.message)
        else:
            if added:
                messages.success(
                    request, _("%(count)s answers were added to the follow-up round.") % {"count": added}
                )
            else:
                messages.info(
                    request, _("These answers were already in the follow-up round; nothing was added.")
                )
            return redirect(survey.get_absolute_url())
    context = {"event": survey.event, "survey": survey, "form": form, "rounds": rounds}
    return render(request, "events/evaluation/feed.html", context, status=400 if form.is_bound else 200)


def evaluation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey behind the personal link: answered once, while open; otherwise a polite page saying so."""
    invitation = get_invitation_by_token(token)
    survey = invitation.survey
    context = {"event": survey.event, "survey": survey, "token": token}
    if invitation.answered:
        return render(request, "events/evaluation/done.html", {**context, "state": "answered"})
    if not survey.is_open():
        state = "not_open" if timezone.now() < survey.opens_at else "closed"
        return render(request, "events/evaluation/done.html", {**context, "state": state})
    form = AnswerForm(
        request.POST if request.method == "POST" else None, questions=evaluation.questions_for(invitation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.do_answer_survey(invitation, answers=form.answer_values())
        except evaluation.EvaluationError as exc:
            if exc.code in {"answered", "closed"}:
                state = exc.code
                return render(request, "events/evaluation/done.html", {**context, "state": state}, status=400)
            form.add_error(None, exc.message)
        else:
            return render(request, "events/evaluation/done.html", {**context, "state": "thanks"})
    return render(
        request,
        "events/evaluation/answer.html",
        {**context, "form": form},
        status=400 if form.is_bound else 200,
    )
