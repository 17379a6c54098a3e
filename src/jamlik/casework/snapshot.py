"""The plan as text, in the order a coordinated individual plan (SIP) holds it: what each version keeps.

Evaluable goals and who stated them, who does what and when, who holds the overall responsibility, and
when and by whom the plan is followed up.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jamlik.casework.models import Plan


def plan_text(plan: Plan) -> str:
    lines = [
        f"{_('Final goal')}: {plan.get_final_goal_type_display()}",
        plan.final_goal or "–",
        "",
        f"{_('Household')}: {plan.get_household_type_display()}, {_('adults')} {plan.adults}, "
        f"{_('children aged 0–5')} {plan.children_0_5}, {_('children aged 6–12')} {plan.children_6_12}, "
        f"{_('children aged 13–17')} {plan.children_13_17}",
        f"{_('Overall responsibility')}: {plan.overall_responsible or '–'}",
        f"{_('Follow-up')}: {plan.follow_up or '–'}",
        "",
        f"{_('Sub-goals')}:",
    ]
    for goal in plan.goals.select_related("life_area"):
        due = f"{goal.due_on:%Y-%m-%d}" if goal.due_on else "–"
        area = goal.life_area.name if goal.life_area else "–"
        lines.append(
            f"- [{area}] {goal.text} ({_('stated by')}: {goal.get_stated_by_display()}; "
            f"{_('who')}: {goal.get_owner_role_display()}; {_('due')}: {due}; {goal.get_status_display()}; "
            f"{_('weight')} {goal.weight})"
        )
    lines += ["", f"{_('Measures')}:"]
    for measure in plan.measures.select_related("life_area"):
        end = f"{measure.ends_on:%Y-%m-%d}" if measure.ends_on else "…"
        lines.append(
            f"- [{measure.life_area.name}] {measure.title} ({measure.get_owner_role_display()}, "
            f"{measure.starts_on:%Y-%m-%d}–{end})"
        )
    return "\n".join(lines)
