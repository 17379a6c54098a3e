"""Proposals, decisions and implementation assessments over the API.

Decisions and assessments are never edited (the proposals app keeps every one and the latest counts),
so they are listed, read and added, as in the UI.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jamlik.api.common import (
    MAX_PK,
    Paging,
    acting,
    get_visible,
    known_pk,
    patch_data,
    referenced,
    referenced_many,
    require,
    visible,
)
from jamlik.core.models import OrganisationUnit
from jamlik.goals.models import Strategy, TargetArea
from jamlik.processes.access import get_process_for_user
from jamlik.proposals import actions
from jamlik.proposals.access import get_proposal_for_user
from jamlik.proposals.models import Assessment, AssessmentState, Decision, DecisionKind, Proposal

router = Router(tags=["proposals"])

VIEW = "proposals.view_proposal"


class ProposalOut(Schema):
    id: int
    process_id: int
    heading: str
    title: str
    description: str
    directed_to_id: int | None
    target_area_ids: list[int]
    strategy_ids: list[int]
    submitted_on: datetime.date
    latest_decision_id: int | None
    latest_assessment_id: int | None
    version: int

    @staticmethod
    def resolve_target_area_ids(obj: Proposal) -> list[int]:
        return sorted(area.pk for area in obj.target_areas.all())

    @staticmethod
    def resolve_strategy_ids(obj: Proposal) -> list[int]:
        return sorted(strategy.pk for strategy in obj.strategies.all())


class ProposalIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    heading: str = Field("", max_length=200)
    description: str = ""
    directed_to_id: int | None = None
    target_area_ids: list[int] = Field(default_factory=list, max_length=200)
    strategy_ids: list[int] = Field(default_factory=list, max_length=200)
    submitted_on: datetime.date = Field(default_factory=timezone.localdate)


class ProposalPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=300)
    heading: str | None = Field(None, max_length=200)
    description: str | None = None
    directed_to_id: int | None = None
    target_area_ids: list[int] | None = Field(None, max_length=200)
    strategy_ids: list[int] | None = Field(None, max_length=200)
    submitted_on: datetime.date | None = None


class DecisionOut(Schema):
    id: int
    proposal_id: int
    kind: DecisionKind
    decided_on: datetime.date
    body: str
    motivation: str
    trial_start: datetime.date | None
    trial_end: datetime.date | None
    referred_to: str
    feedback: str

    @staticmethod
    def resolve_feedback(obj: Decision) -> str:
        feedback = getattr(obj, "feedback", None)
        return feedback.text if feedback is not None else ""


class DecisionIn(Schema):
    kind: DecisionKind
    decided_on: datetime.date = Field(default_factory=timezone.localdate)
    body: str = Field(min_length=1, max_length=200)
    motivation: str = ""
    trial_start: datetime.date | None = None
    trial_end: datetime.date | None = None
    referred_to: str = Field("", max_length=200)
    feedback: str = ""


class AssessmentOut(Schema):
    id: int
    proposal_id: int
    state: AssessmentState
    assessed_on: datetime.date
    assessor_name: str
    assessor_role: str
    comment: str


class AssessmentIn(Schema):
    state: AssessmentState
    assessed_on: datetime.date = Field(default_factory=timezone.localdate)
    assessor_name: str = Field(min_length=1, max_length=200)
    assessor_role: str = Field(min_length=1, max_length=200)
    comment: str = ""


def _relations(data: dict[str, Any]) -> dict[str, Any]:
    if "directed_to_id" in data:
        data["directed_to"] = referenced(
            OrganisationUnit.objects.all(), data.pop("directed_to_id"), "directed_to"
        )
    if "target_area_ids" in data:
        data["target_areas"] = referenced_many(
            TargetArea.objects.all(), data.pop("target_area_ids") or [], "target_areas"
        )
    if "strategy_ids" in data:
        data["strategies"] = referenced_many(
            Strategy.objects.all(), data.pop("strategy_ids") or [], "strategies"
        )
    return data


def proposal_queryset() -> Any:
    return Proposal.objects.with_current().prefetch_related("target_areas", "strategies")


Queue = Literal["undecided", "decided_not_implemented", "stale", "implemented"]


@router.get("/proposals", response=list[ProposalOut], operation_id="proposal_list")
@paginate(Paging)
def proposal_list(
    request: HttpRequest,
    process_id: int | None = Query(None, ge=1, le=MAX_PK),
    directed_to_id: int | None = Query(None, ge=1, le=MAX_PK),
    decision: DecisionKind | None = None,
    queue: Queue | None = None,
) -> Any:
    """Filter by process, receiving unit, current decision, or one of the follow-up queues of the UI."""
    proposals = proposal_queryset().order_by("pk")
    if process_id is not None:
        proposals = proposals.filter(process_id=process_id)
    if directed_to_id is not None:
        proposals = proposals.filter(directed_to_id=directed_to_id)
    if decision is not None:
        proposals = proposals.filter(latest_decision__kind=decision)
    if queue is not None:
        proposals = getattr(proposals, queue)()
    return visible(request, proposals, VIEW)


@router.post("/processes/{pk}/proposals", response={201: ProposalOut}, operation_id="proposal_create")
def proposal_create(request: HttpRequest, pk: int, payload: ProposalIn) -> Any:
    process, can_edit = get_process_for_user(request, known_pk(pk))
    if not can_edit:  # the UI's rule: whoever edits the process writes its proposals
        raise PermissionDenied
    proposal = actions.do_create_proposal(process, acting_user=acting(request), **_relations(payload.dict()))
    return Status(201, proposal_queryset().get(pk=proposal.pk))


@router.get("/proposals/{pk}", response=ProposalOut, operation_id="proposal_detail")
def proposal_detail(request: HttpRequest, pk: int) -> Any:
    return get_proposal_for_user(request, known_pk(pk))


@router.patch("/proposals/{pk}", response=ProposalOut, operation_id="proposal_update")
def proposal_update(request: HttpRequest, pk: int, payload: ProposalPatch) -> Any:
    proposal = get_proposal_for_user(request, known_pk(pk))
    require(request, "proposals.change_proposal", proposal)
    version, data = patch_data(payload, nullable=("directed_to_id",))
    actions.do_update_proposal(
        proposal, acting_user=acting(request), data=_relations(data), expected_version=version
    )
    return proposal_queryset().get(pk=proposal.pk)


@router.get("/proposals/{pk}/decisions", response=list[DecisionOut], operation_id="decision_list")
def decision_list(request: HttpRequest, pk: int) -> Any:
    proposal = get_proposal_for_user(request, known_pk(pk))
    return list(proposal.decisions.select_related("feedback"))


@router.post("/proposals/{pk}/decisions", response={201: DecisionOut}, operation_id="decision_create")
def decision_create(request: HttpRequest, pk: int, payload: DecisionIn) -> Any:
    proposal = get_proposal_for_user(request, known_pk(pk))
    require(request, "proposals.decide_proposal", proposal)
    decision = actions.do_decide_proposal(proposal, acting_user=acting(request), **payload.dict())
    return Status(201, Decision.objects.select_related("feedback").get(pk=decision.pk))


@router.get("/decisions/{pk}", response=DecisionOut, operation_id="decision_detail")
def decision_detail(request: HttpRequest, pk: int) -> Any:
    decision = (
        Decision.objects.select_related("feedback", "proposal__process").filter(pk=known_pk(pk)).first()
    )
    if decision is None:
        raise Http404
    get_visible(request, Proposal.objects.all(), decision.proposal_id, VIEW)
    return decision


@router.get("/proposals/{pk}/assessments", response=list[AssessmentOut], operation_id="assessment_list")
def assessment_list(request: HttpRequest, pk: int) -> Any:
    proposal = get_proposal_for_user(request, known_pk(pk))
    return list(proposal.assessments.all())


@router.post("/proposals/{pk}/assessments", response={201: AssessmentOut}, operation_id="assessment_create")
def assessment_create(request: HttpRequest, pk: int, payload: AssessmentIn) -> Any:
    proposal = get_proposal_for_user(request, known_pk(pk))
    require(request, "proposals.assess_proposal", proposal)
    return Status(201, actions.do_record_assessment(proposal, acting_user=acting(request), **payload.dict()))


@router.get("/assessments/{pk}", response=AssessmentOut, operation_id="assessment_detail")
def assessment_detail(request: HttpRequest, pk: int) -> Any:
    assessment = Assessment.objects.filter(pk=known_pk(pk)).first()
    if assessment is None:
        raise Http404
    get_visible(request, Proposal.objects.all(), assessment.proposal_id, VIEW)
    return assessment
