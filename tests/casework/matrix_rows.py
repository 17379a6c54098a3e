"""Permission-matrix rows of family-centred work.

None of the world's users is in a plan's team, manages a team member's unit or is a casework
professional, so every plan page refuses all of them: administrators included (need to know).
"""

from __future__ import annotations

from typing import Any

from jamlik.core.roles import Role
from tests.casework.helpers import casework_plan
from tests.permission_matrix import ROWS, Row, everyone, only


def plan_pk(world: Any) -> dict[str, Any]:
    return {"pk": casework_plan(world).pk}


def goal_kwargs(world: Any) -> dict[str, Any]:
    from jamlik.casework.actions import do_add_goal

    plan = casework_plan(world)
    goal = plan.goals.first() or do_add_goal(plan, acting_user=None, text="Delmål", owner_role="participant")
    return {"pk": plan.pk, "goal_id": goal.pk}


def consent_kwargs(world: Any) -> dict[str, Any]:
    import datetime

    from jamlik.casework.actions import do_give_consent

    plan = casework_plan(world)
    consent = plan.consents.first() or do_give_consent(
        plan,
        acting_user=None,
        from_side="social",
        to_side="labour",
        scope="Anteckningar",
        given_on=datetime.date(2026, 1, 12),
    )
    return {"pk": plan.pk, "consent_id": consent.pk}


PLAN_PAGES = [
    "plan_detail",
    "plan_edit",
    "rating_create",
    "goal_create",
    "measure_create",
    "meeting_create",
    "note_create",
    "team_add",
    "consent_create",
    "review_create",
    "versions",
    "version_agree",
    "plan_close",
    "access_log",
    "plan_export",
    "emergency",
]

for name in PLAN_PAGES:
    ROWS.append(Row(f"casework:{name}", "GET", plan_pk, {}))
    ROWS.append(Row(f"casework:{name}", "POST", plan_pk, {}, data={"reason": "Akut behov av uppgifter"}))

ROWS += [
    Row("casework:plan_autosave", "POST", plan_pk, {}, data={"final_goal": "x"}),
    Row("casework:draft_discard", "POST", plan_pk, {}),
    Row("casework:goal_status", "GET", goal_kwargs, {}),
    Row("casework:goal_status", "POST", goal_kwargs, {}, data={"status": "reached"}),
    Row("casework:consent_revoke", "POST", consent_kwargs, {}),
    Row("casework:index", "GET", None, everyone()),
    Row("casework:plan_create", "GET", None, {}),
    Row("casework:plan_create", "POST", None, {}, data={"case_code": "X"}),
    Row("casework:spot_checks", "GET", None, {}),
    Row("casework:spot_checks", "POST", None, {}),
    Row("casework:spot_check", "GET", lambda world: {"pk": 999_999}, {}, label="missing"),
    Row("casework:report", "GET", None, only(Role.ADMINISTRATOR, Role.PROCESS_OWNER)),
    Row("casework:enrolment", "GET", None, {}),
    Row("casework:enrolment", "POST", None, {}),
    Row("casework:resources", "GET", None, everyone()),
    Row("casework:resource_create", "GET", None, only(Role.ADMINISTRATOR, Role.PROCESS_OWNER)),
    Row(
        "casework:resource_create",
        "POST",
        None,
        only(Role.ADMINISTRATOR, Role.PROCESS_OWNER, status=400),
        data={},
    ),
]
