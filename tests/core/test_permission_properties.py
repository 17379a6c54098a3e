"""A property: for every object with object rules, the rule and what the user is shown agree.

For a user × object × permission drawn by hypothesis, `user.has_perm(view, obj)` must say the same as
the app's `get_<noun>_for_user` helper (which answers 404 or 403 for an object the user may not see) and
as the API's list helper (`api.common.visible`), and the helper's "may edit" flag must be
`user.has_perm(change, obj)`. The world is built once per test; hypothesis only chooses among it, so
a thousand examples stay cheap. A plain sweep over every combination backs the sample up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.api.common import visible
from jamlik.core.models import OrganisationUnit, User
from jamlik.core.roles import Role
from jamlik.events import access as events_access
from jamlik.followup import access as followup_access
from jamlik.goals import access as goals_access
from jamlik.indicators.access import get_indicator_for_user
from jamlik.indicators.models import Indicator
from jamlik.processes.access import get_process_for_user
from jamlik.processes.actions import do_add_process_leader
from jamlik.proposals.access import get_feedback_for_user, get_proposal_for_user
from jamlik.reports import access as reports_access
from tests.conftest import ROLES, START, make_user
from tests.events.helpers import event_objects
from tests.followup.helpers import followup_objects
from tests.reports.helpers import report_objects

EXAMPLES = 1200


@dataclass(frozen=True)
class Case:
    """One object, the helper that fetches it for a request, and the rules that should decide."""

    key: str
    fetch: Callable[[HttpRequest], Any]
    view_perm: str
    rule_object: Any  # what the rules are asked about (the object, or the object that owns it)
    change_perm: str | None = None  # when the helper also answers "may edit"
    listed: models.Model | None = None  # when the API lists this model with `visible(..., view_perm)`


def by_pk(getter: Callable[[HttpRequest, Any], Any], obj: models.Model) -> Callable[[HttpRequest], Any]:
    return lambda request: getter(request, obj.pk)


def object_cases(o: dict[str, Any]) -> list[Case]:
    cases: list[Case] = []
    for side in ("own", "other"):
        for noun, getter in (
            ("programme", goals_access.get_programme_for_user),
            ("target_area", goals_access.get_target_area_for_user),
            ("strategy", goals_access.get_strategy_for_user),
            ("principle", goals_access.get_principle_for_user),
            ("knowledge_item", goals_access.get_knowledge_item_for_user),
        ):
            obj = o[f"{side}_{noun}"]
            model = obj._meta.model_name
            cases.append(
                Case(
                    f"{side}_{noun}",
                    by_pk(getter, obj),
                    f"goals.view_{model}",
                    obj,
                    f"goals.change_{model}",
                    obj,
                )
            )
        round_ = o[f"{side}_round"]
        for noun, getter in (
            ("round", followup_access.get_round_for_user),
            ("question", followup_access.get_question_for_user),
            ("theme", followup_access.get_theme_for_user),
            ("answer", followup_access.get_answer_for_user),
        ):
            cases.append(
                Case(
                    f"{side}_{noun}",
                    by_pk(getter, o[f"{side}_{noun}"]),
                    "followup.view_followupround",
                    round_,
                    "followup.change_followupround",
                    round_ if noun == "round" else None,
                )
            )
        for noun, getter, model, owner in (
            ("idea", followup_access.get_idea_for_user, "idea", None),
            ("plan", followup_access.get_plan_for_user, "actionplan", None),
            ("action", followup_access.get_action_for_user, "actionplan", "plan"),
            ("stop", followup_access.get_stop_for_user, "wheelstop", None),
            ("forum", followup_access.get_forum_for_user, "forum", None),
            ("meeting", followup_access.get_meeting_for_user, "forum", "forum"),
            ("submission", followup_access.get_submission_for_user, "workshopsubmission", None),
        ):
            obj = o[f"{side}_{noun}"]
            rule_object = o[f"{side}_{owner}"] if owner else obj
            cases.append(
                Case(
                    f"{side}_{noun}",
                    by_pk(getter, obj),
                    f"followup.view_{model}",
                    rule_object,
                    f"followup.change_{model}",
                    None if owner else obj,
                )
            )
        report = o[f"{side}_report"]
        cases.append(
            Case(
                f"{side}_report",
                lambda request, slug=report.slug: reports_access.get_definition_for_user(request, slug),
                "reports.view_reportdefinition",
                report,
                "reports.change_reportdefinition",
                report,
            )
        )
        cases.append(
            Case(
                f"{side}_generated",
                by_pk(reports_access.get_generated_for_user, o[f"{side}_generated"]),
                "reports.view_reportdefinition",
                report,
            )
        )
        event = o[f"{side}_event"]
        for noun, getter, obj in (
            ("event", events_access.get_event_for_organiser, event),
            ("session", events_access.get_session_for_organiser, o[f"{side}_session"]),
            ("entry", events_access.get_waiting_entry_for_organiser, o[f"{side}_entry"]),
        ):
            cases.append(Case(f"{side}_{noun}", by_pk(getter, obj), "events.organise_event", event))
    for side in ("own", "other", "other_unit"):
        process = o[f"{side}_process"]
        cases.append(
            Case(
                f"{side}_process",
                by_pk(get_process_for_user, process),
                "processes.view_changeprocess",
                process,
                "processes.change_changeprocess",
                process,
            )
        )
        proposal = o[f"{side}_proposal"]
        cases.append(
            Case(
                f"{side}_proposal",
                by_pk(get_proposal_for_user, proposal),
                "proposals.view_proposal",
                proposal,
                listed=proposal,
            )
        )
        log = o[f"{side}_log"]
        cases.append(
            Case(
                f"{side}_log",
                by_pk(followup_access.get_log_for_user, log),
                "followup.view_learninglog",
                log,
                "followup.change_learninglog",
                log,
            )
        )
    for side in ("own", "other"):
        feedback = o[f"{side}_feedback"]
        cases.append(
            Case(
                f"{side}_feedback",
                by_pk(get_feedback_for_user, feedback),
                "proposals.view_proposal",
                feedback.proposal,
            )
        )
    indicator = o["indicator"]
    cases.append(
        Case(
            "indicator",
            by_pk(get_indicator_for_user, indicator),
            "indicators.view_indicator",
            indicator,
            "indicators.change_indicator",
            indicator,
        )
    )
    return cases


def people(world: Any, objects: dict[str, Any]) -> list[Any]:
    """Every role in unit A, its sector A1 and unit B (the rules depend on where people work), plus
    someone without a role, a deactivated user and an anonymous visitor.

    A process leader in unit B leads the process there, so "own process" also exists in another unit.
    """
    users = list(world.users.values())
    sector = OrganisationUnit.objects.get(code="A1")
    for role in ROLES:
        for unit in (world.unit_a, sector, world.unit_b):
            users.append(make_user(f"{role}-{unit.code}", role, unit))
    leader_b = next(u for u in users if u.username == f"{Role.PROCESS_LEADER}-{world.unit_b.code}")
    do_add_process_leader(
        objects["other_unit_process"], acting_user=None, person=leader_b.person, start=START
    )
    inactive = make_user("slutat", Role.PROCESS_OWNER, world.unit_a)
    inactive.is_active = False
    inactive.save()
    return [*users, make_user("utanroll", None, world.unit_a), inactive, AnonymousUser()]


class Checker:
    """Compares the helpers with the rules for one user × case; the API list is computed once per model."""

    def __init__(self) -> None:
        self.factory = RequestFactory()
        self.lists: dict[tuple[int, str, type[models.Model]], set[int]] = {}

    def request_for(self, user: Any) -> HttpRequest:
        request = self.factory.get("/")
        request.user = user
        return request

    def check(self, user: Any, case: Case) -> None:
        request = self.request_for(user)
        may_view = user.has_perm(case.view_perm, case.rule_object)
        try:
            result = case.fetch(request)
        except (Http404, PermissionDenied):
            shown = False
        else:
            shown = True
        assert shown == may_view, f"{case.key}: helper shows={shown}, has_perm={may_view} for {user}"
        if shown and case.change_perm is not None:
            may_change = user.has_perm(case.change_perm, case.rule_object)
            assert result[1] == may_change, f"{case.key}: helper can_edit={result[1]}, has_perm={may_change}"
        if case.listed is not None:
            listed = case.listed.pk in self.listed_pks(user, case.view_perm, type(case.listed))
            assert listed == user.has_perm(case.view_perm, case.listed), f"{case.key}: API list disagrees"

    def listed_pks(self, user: Any, perm: str, model: type[models.Model]) -> set[int]:
        key = (id(user), perm, model)
        if key not in self.lists:
            rows = visible(self.request_for(user), model._default_manager.all(), perm)
            self.lists[key] = {row.pk for row in rows}
        return self.lists[key]


@pytest.fixture
def universe(world: Any) -> tuple[list[Any], list[Case]]:
    objects = followup_objects(world)
    event_objects(world)
    report_objects(world)
    objects["indicator"] = Indicator.objects.create(code="sysselsattning", name="Förvärvsarbetande")
    return people(world, objects), object_cases(objects)


def test_rules_and_helpers_agree_for_sampled_user_object_permission(universe: Any) -> None:
    users, cases = universe
    checker = Checker()
    seen: set[tuple[int, str]] = set()
    runs = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(user=st.sampled_from(users), case=st.sampled_from(cases))
    def agrees(user: Any, case: Case) -> None:
        seen.add((id(user), case.key))
        runs.append(1)
        checker.check(user, case)

    agrees()
    assert len(runs) >= 1000
    assert len(seen) > len(users) * len(cases) / 2  # the sample reached most of the combinations


def test_rules_and_helpers_agree_for_every_combination(universe: Any) -> None:
    users, cases = universe
    checker = Checker()
    outcomes = set()
    for user in users:
        for case in cases:
            checker.check(user, case)
            outcomes.add(user.has_perm(case.view_perm, case.rule_object))
    assert outcomes == {True, False}  # both sides of the rules are exercised
    assert len(cases) > 40
    assert any(isinstance(user, User) and not user.is_active for user in users)
