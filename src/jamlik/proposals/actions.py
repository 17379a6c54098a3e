"""Proposals, decisions, feedback and implementation assessments: one transaction and one audit row each.

Decisions and assessments are never edited: a new one is added and becomes current when it is the
latest by date, so the history of what management decided and how far it was carried out is kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.core.actions import save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import User
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.models import Assessment, AssessmentState, Decision, DecisionKind, Feedback, Proposal

M2M_FIELDS = ("target_areas", "strategies")


def do_create_proposal(
    process: ChangeProcess,
    *,
    acting_user: User | None,
    title: str,
    target_areas: Iterable[Any] = (),
    strategies: Iterable[Any] = (),
    **fields: Any,
) -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.create(process=process, title=title, **fields)
        proposal.target_areas.set(target_areas)
        proposal.strategies.set(strategies)
        changes = {k: [None, jsonable(v)] for k, v in {"title": title, **fields}.items()}
        log_action("proposal.created", actor=acting_user, obj=proposal, changes=changes)
    return proposal


def do_update_proposal(
    proposal: Proposal, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        proposal,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code="proposal.changed",
        relation_names=M2M_FIELDS,
    )


def _refresh_latest(proposal: Proposal) -> None:
    """Point the proposal at its latest decision and assessment by date (a back-dated entry does not win)."""
    decision = proposal.decisions.order_by("-decided_on", "-id").first()
    assessment = proposal.assessments.order_by("-assessed_on", "-id").first()
    Proposal.objects.filter(pk=proposal.pk).update(latest_decision=decision, latest_assessment=assessment)
    proposal.latest_decision, proposal.latest_assessment = decision, assessment


def _feedback_text(kind: str, motivation: str, referred_to: str, trial: str) -> str:
    parts = [str(DecisionKind(kind).label)]
    if trial:
        parts.append(trial)
    if referred_to:
        parts.append(_("Referred to: %(body)s") % {"body": referred_to})
    if motivation:
        parts.append(motivation)
    return ". ".join(parts)


def _notify_leaders(proposal: Proposal, text: str) -> None:
    emails = [
        leadership.person.email or getattr(leadership.person.user, "email", "")
        for leadership in proposal.process.current_leaderships().select_related("person__user")
    ]
    emails = [email for email in emails if email]
    if emails:
        send_mail(
            _("Decision on the proposal “%(title)s”") % {"title": proposal.title},
            text,
            None,
            emails,
            fail_silently=True,
        )


def do_decide_proposal(
    proposal: Proposal,
    *,
    acting_user: User | None,
    kind: str,
    motivation: str = "",
    decided_on: datetime.date | None = None,
    body: str,
    trial_start: datetime.date | None = None,
    trial_end: datetime.date | None = None,
    referred_to: str = "",
    feedback: str = "",
    external_id: str | None = None,
) -> Decision:
    """Record management's decision; the process leaders get feedback (and an e-mail after commit)."""
    decided_on = decided_on or timezone.localdate()
    motivation, referred_to, body = motivation.strip(), referred_to.strip(), body.strip()
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose a decision.")})
    if not body:
        raise ValidationError({"body": _("Name the body that decided.")})
    if kind in {DecisionKind.REJECTED, DecisionKind.REFERRED} and not motivation:
        raise ValidationError({"motivation": _("Give the reason: the process leaders need to know why.")})
    if kind == DecisionKind.REFERRED and not referred_to:
        raise ValidationError({"referred_to": _("Name the body the proposal is referred to.")})
    if kind == DecisionKind.TRIAL:
        if not (trial_start and trial_end):
            raise ValidationError({"trial_end": _("Give the trial period: from and until.")})
        if trial_end < trial_start:
            raise ValidationError({"trial_end": _("The trial cannot end before it starts.")})
    else:
        trial_start = trial_end = None
    trial = f"{trial_start:%Y-%m-%d} – {trial_end:%Y-%m-%d}" if trial_start and trial_end else ""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
        decision = Decision.objects.create(
            proposal=proposal,
            kind=kind,
            decided_on=decided_on,
            body=body,
            motivation=motivation,
            trial_start=trial_start,
            trial_end=trial_end,
            referred_to=referred_to if kind == DecisionKind.REFERRED else "",
            decided_by=acting_user if acting_user is not None and acting_user.pk else None,
            external_id=external_id,
        )
        text = feedback.strip() or _feedback_text(kind, motivation, referred_to, trial)
        Feedback.objects.create(proposal=proposal, decision=decision, text=text)
        _refresh_latest(proposal)
        log_action(
            "proposal.decided",
            actor=acting_user,
            obj=proposal,
            changes={
                "kind": kind,
                "decided_on": decided_on.isoformat(),
                "body": body,
                "motivation": motivation,
                "trial": trial,
                "referred_to": referred_to,
                "feedback": text,
            },
        )
        transaction.on_commit(lambda: _notify_leaders(proposal, text))
    return decision


def do_record_assessment(
    proposal: Proposal,
    *,
    acting_user: User | None,
    state: str,
    assessed_on: datetime.date,
    assessor_name: str,
    assessor_role: str,
    comment: str = "",
    external_id: str | None = None,
) -> Assessment:
    """Add a dated judgement of how far the proposal was carried out; all are kept, the latest is current."""
    if state not in AssessmentState.values:
        raise ValidationError({"state": _("Choose an assessment.")})
    if not assessor_name.strip() or not assessor_role.strip():
        raise ValidationError({"assessor_name": _("Name the person who assessed and their role.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        assessment = Assessment.objects.create(
            proposal=proposal,
            state=state,
            assessed_on=assessed_on,
            assessor_name=assessor_name.strip(),
            assessor_role=assessor_role.strip(),
            comment=comment.strip(),
            recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
            external_id=external_id,
        )
        _refresh_latest(proposal)
        log_action(
            "proposal.assessed",
            actor=acting_user,
            obj=proposal,
            changes={
                "state": state,
                "assessed_on": assessed_on.isoformat(),
                "assessor": assessor_name,
                "role": assessor_role,
                "comment": comment,
            },
        )
    return assessment


def do_acknowledge_feedback(feedback: Feedback, *, acting_user: User) -> Feedback:
    """A process leader marks the feedback as read, so management can see that the answer arrived."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.acknowledged_at is not None:
            return feedback
        feedback.acknowledged_at = timezone.now()
        feedback.acknowledged_by = acting_user
        feedback.save(update_fields=["acknowledged_at", "acknowledged_by"])
        log_action(
            "proposal.feedback_read",
            actor=acting_user,
            obj=feedback.proposal,
            changes={"feedback": feedback.pk},
        )
    return feedback
