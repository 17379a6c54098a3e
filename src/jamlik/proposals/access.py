"""Fetching proposals and feedback for a user: invisible and missing objects answer alike (404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.proposals.models import Feedback, Proposal


def get_proposal_for_user(request: HttpRequest, pk: int) -> Proposal:
    proposal = Proposal.objects.with_current().select_related("process__owner_unit").filter(pk=pk).first()
    if proposal is None or not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    return proposal


def get_feedback_for_user(request: HttpRequest, pk: int) -> Feedback:
    feedback = Feedback.objects.select_related("proposal__process").filter(pk=pk).first()
    if feedback is None or not request.user.has_perm("proposals.view_proposal", feedback.proposal):
        raise Http404
    return feedback
