"""The proposal side of a process's timeline: proposals, decisions and implementation assessments."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jamlik.processes.models import ChangeProcess
from jamlik.processes.timeline import Event
from jamlik.proposals.models import Assessment, Decision


def proposal_events(process: ChangeProcess) -> list[Event]:
    events: list[Event] = []
    for proposal in process.proposals.all():
        events.append(
            Event(
                proposal.submitted_on,
                "proposal",
                _("Proposal: %(title)s") % {"title": proposal.title},
                proposal.heading,
                proposal.get_absolute_url(),
                order=proposal.pk,
            )
        )
    for decision in Decision.objects.filter(proposal__process=process).select_related("proposal"):
        title = _("Decision on “%(title)s”: %(kind)s") % {
            "title": decision.proposal.title,
            "kind": decision.get_kind_display(),
        }
        text = f"{decision.body}. {decision.motivation}".strip()
        events.append(
            Event(
                decision.decided_on,
                "decision",
                title,
                text,
                decision.proposal.get_absolute_url(),
                order=decision.pk,
            )
        )
    for assessment in Assessment.objects.filter(proposal__process=process).select_related("proposal"):
        title = _("Assessment of “%(title)s”: %(state)s") % {
            "title": assessment.proposal.title,
            "state": assessment.get_state_display(),
        }
        text = f"{assessment.assessor_name}, {assessment.assessor_role}. {assessment.comment}".strip()
        events.append(
            Event(
                assessment.assessed_on,
                "assessment",
                title,
                text,
                assessment.proposal.get_absolute_url(),
                order=assessment.pk,
            )
        )
    return events
