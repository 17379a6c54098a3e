"""Follow-up and House objects for the shared test world, created on first use and kept in `world.objects`.

The permission matrix builds its URLs from `world`; these helpers add the objects to it without
touching the shared fixture. "own" objects belong to unit A (where the process owner works), "other"
objects to unit B. The participant is asked in the own round; the management member owns an action.
"""

from __future__ import annotations

import datetime
from typing import Any

from jamlik.core.models import OrganisationUnit
from jamlik.core.roles import Role
from jamlik.followup import actions
from jamlik.goals.actions import do_create_management_model, do_park_issue

DAY = datetime.date(2024, 5, 9)


def make_round(unit: OrganisationUnit, title: str, members: list[Any]) -> Any:
    round_ = actions.do_create_round(
        acting_user=None,
        owner_unit=unit,
        title=title,
        questions=["Vad har varit bra?", "Vad har varit utmanande?", "Idéer för fortsättningen?"],
    )
    group = actions.do_add_round_group(
        round_, acting_user=None, name="Processledningsteamet", date=DAY, members=members
    )
    return round_, group


def followup_objects(world: Any) -> dict[str, Any]:
    if "own_round" in world.objects:
        return world.objects
    o = world.objects
    participant = world.users[Role.PARTICIPANT].person
    leader = world.users[Role.PROCESS_LEADER].person
    manager = world.users[Role.MANAGEMENT_MEMBER].person
    owner = world.users[Role.PROCESS_OWNER].person

    for key, unit in (("own", world.unit_a), ("other", world.unit_b)):
        round_, group = make_round(unit, f"Uppföljning {key}", [participant] if key == "own" else [])
        question = round_.questions.first()
        answers = actions.do_record_answers(
            round_,
            acting_user=None,
            group=group,
            answers={question: "Bra stöd från ledningen\nLedarforum var bra"},
        )
        theme = actions.do_create_theme(question, acting_user=None, name="Ledning", answers=answers[:1])
        o |= {
            f"{key}_round": round_,
            f"{key}_group": group,
            f"{key}_question": question,
            f"{key}_theme": theme,
            f"{key}_answer": answers[1],
        }
        o[f"{key}_idea"] = actions.do_add_idea(
            acting_user=None, owner_unit=unit, text=f"Idé {key}", round=round_
        )
        plan = actions.do_create_action_plan(acting_user=None, owner_unit=unit, title=f"Handlingsplan {key}")
        plan_theme = actions.do_add_plan_theme(plan, acting_user=None, title="Kompetens")
        o |= {f"{key}_plan": plan, f"{key}_plan_theme": plan_theme}
        o[f"{key}_action"] = actions.do_add_action(
            plan_theme, acting_user=None, text="Kunskapspass", owner=manager
        )
        o[f"{key}_stop"] = actions.do_create_wheel_stop(
            acting_user=None, unit=unit, title=f"Ledarforum {key}", month=3, day=15, owner=owner
        )
        forum = actions.do_create_forum(
            acting_user=None, owner_unit=unit, name=f"Forum {key}", is_project_workshop=True
        )
        meeting = actions.do_add_forum_meeting(forum, acting_user=None, date=DAY, equality_focus=True)
        o |= {f"{key}_forum": forum, f"{key}_meeting": meeting}
        o[f"{key}_agenda_item"] = actions.do_add_agenda_item(meeting, acting_user=None, title="Temagrupper")
        o[f"{key}_submission"] = actions.do_submit_to_workshop(
            forum,
            acting_user=None,
            submitted_by=participant,
            kind="idea",
            title="Läxhjälp",
            description="Idé",
        )
        house = do_create_management_model(unit, acting_user=None)
        o |= {f"{key}_house": house, f"{key}_room": house.rooms.first()}
        o[f"{key}_issue"] = do_park_issue(
            house,
            acting_user=None,
            title=f"Fråga {key}",
            reason="Inte nu",
            revisit_on=datetime.date.today() + datetime.timedelta(days=30),
        )
    for key, process, author in (
        ("own", o["own_process"], leader),
        ("other", o["other_process"], owner),
        ("other_unit", o["other_unit_process"], owner),
    ):
        o[f"{key}_log"] = actions.do_create_learning_log(
            process,
            acting_user=None,
            author=author,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 6, 30),
            activities="Dialogcafé",
        )
    o["feed"] = actions.do_create_calendar_feed(acting_user=None, user=world.users[Role.READER])
    o["unit_feed"] = actions.do_create_calendar_feed(acting_user=None, unit=world.unit_a)
    return o
