"""Casework personas on top of the shared world: a team, its managers, and an outside professional.

Unit A1 (the world's sector) gets two units under it: social services (SOC) and the labour-market unit
(AM). The social worker and the consultant form the team of `plan`; `manager` is the manager of SOC;
`outside_sw` is a social worker in SOC who is not in the team. None of the world's own users has any
relation to the plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from jamlik.casework.actions import do_add_team_member, do_create_plan
from jamlik.casework.models import Plan, Professional
from jamlik.core.actions import do_add_membership, do_create_person, do_create_unit
from jamlik.core.models import OrganisationUnit, User
from tests.conftest import PASSWORD, START

CASE_CODE = "FFIA-TEST-0001"


@dataclass
class Casework:
    users: dict[str, User] = field(default_factory=dict)
    professionals: dict[str, Professional] = field(default_factory=dict)
    units: dict[str, OrganisationUnit] = field(default_factory=dict)
    plan: Plan | None = None


def add_user(
    name: str,
    unit: OrganisationUnit,
    *,
    membership: str = "staff",
    profession: str | None = None,
    side: str = "",
) -> tuple[User, Professional | None]:
    user = User.objects.create_user(
        username=name, password=PASSWORD, first_name=name.capitalize(), last_name="Test"
    )
    person = do_create_person(acting_user=None, first_name=name.capitalize(), last_name="Test", user=user)
    do_add_membership(acting_user=None, person=person, unit=unit, role=membership, start=START)
    professional = None
    if profession:
        professional = Professional.objects.create(person=person, unit=unit, profession=profession, side=side)
    return user, professional


def build_casework(world: Any) -> Casework:
    cw = Casework()
    sector = OrganisationUnit.objects.get(code="A1")
    cw.units["soc"] = do_create_unit(
        acting_user=None, name="Socialtjänst", code="SOC", kind="unit", parent=sector
    )
    cw.units["am"] = do_create_unit(
        acting_user=None, name="Arbetsmarknad", code="AM", kind="unit", parent=sector
    )
    for name, unit, membership, profession, side in [
        ("socsek", "soc", "staff", "social_worker", "social"),
        ("amkons", "am", "staff", "labour_consultant", "labour"),
        ("chef", "soc", "manager", None, ""),
        ("amchef", "am", "manager", None, ""),
        ("annansek", "soc", "staff", "social_worker", "social"),
    ]:
        user, professional = add_user(
            name, cw.units[unit], membership=membership, profession=profession, side=side
        )
        cw.users[name] = user
        if professional:
            cw.professionals[name] = professional
    cw.plan = do_create_plan(
        acting_user=cw.users["socsek"],
        professional=cw.professionals["socsek"],
        case_code=CASE_CODE,
        offered_on=datetime.date(2026, 1, 12),
        final_goal="Studier till fritidspedagog",
        participant_sex="woman",
    )
    do_add_team_member(cw.plan, acting_user=cw.users["socsek"], professional=cw.professionals["amkons"])
    return cw


def casework_plan(world: Any) -> Plan:
    """The plan of the casework personas, built once per test world (for the permission matrix)."""
    if "casework" not in world.objects:
        world.objects["casework"] = build_casework(world)
    plan = world.objects["casework"].plan
    assert plan is not None
    return plan
