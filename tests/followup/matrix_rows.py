from typing import Any

from tests.followup.helpers import followup_objects
from tests.permission_matrix import ROWS, Row, everyone, only

MANAGERS = {"own": only("administrator", "process_owner"), "other": only("administrator")}
PUBLIC_OK = {"anonymous": 200}


def pk(key: str) -> Any:
    return lambda world: {"pk": followup_objects(world)[key].pk}


def missing(world: Any) -> dict[str, Any]:
    followup_objects(world)
    return {"pk": 999_999}


def missing_answer(world: Any) -> dict[str, Any]:
    followup_objects(world)
    return {"pk": "00000000-0000-0000-0000-000000000000"}


def status(expect: dict[str, int], code: int) -> dict[str, int]:
    return dict.fromkeys(expect, code)


ROWS += [
    Row("followup:index", "GET", None, everyone()),
    Row("followup:log_list", "GET", None, everyone()),
    Row("followup:idea_list", "GET", None, everyone()),
    Row("followup:plan_list", "GET", None, everyone()),
    Row("followup:wheel", "GET", None, everyone()),
    Row("followup:forum_list", "GET", None, everyone()),
    Row("followup:wheel_feed_create", "POST", None, everyone(302)),
    Row(
        "followup:wheel_ical",
        "GET",
        lambda w: {"token": followup_objects(w)["feed"].token},
        everyone(),
        anonymous=200,
    ),
    Row(
        "followup:wheel_ical",
        "GET",
        lambda w: {"token": followup_objects(w)["unit_feed"].token},
        everyone(),
        anonymous=200,
        label="unit",
    ),
    Row(
        "followup:wheel_ical",
        "GET",
        lambda w: {"token": "no-such-token"},
        everyone(404),
        anonymous=404,
        label="bad",
    ),
    Row(
        "followup:wheel_unit_feed_create",
        "POST",
        lambda w: {"code": "A"},
        status(MANAGERS["own"], 302),
        label="own",
    ),
    Row(
        "followup:wheel_unit_feed_create",
        "POST",
        lambda w: {"code": "B"},
        status(MANAGERS["other"], 302),
        label="other-unit",
    ),
    Row(
        "followup:wheel_unit_feed_create", "POST", lambda w: {"code": "nope"}, everyone(404), label="missing"
    ),
    # Participants answer the rounds they are asked in: the participant is in the own round's group only.
    # (The administrator role may do everything, but is offered no group to answer for.)
    Row("followup:answer_round", "GET", pk("own_round"), only("participant", "administrator"), label="own"),
    Row(
        "followup:answer_round",
        "POST",
        pk("own_round"),
        only("participant", "administrator", status=400),
        data={},
        label="own",
    ),
    Row("followup:answer_round", "GET", pk("other_round"), only("administrator"), label="other-unit"),
    Row("followup:answer_round", "GET", missing, everyone(404), label="missing"),
    # Learning logs: a leader writes their own, for a process they lead; the process owner of the unit too.
    Row("followup:log_create", "GET", None, only("administrator", "process_owner", "process_leader")),
    Row(
        "followup:log_create",
        "POST",
        None,
        only("administrator", "process_owner", "process_leader", status=400),
        data={},
    ),
    Row(
        "followup:log_edit",
        "GET",
        pk("own_log"),
        only("administrator", "process_owner", "process_leader"),
        label="own",
    ),
    Row(
        "followup:log_edit",
        "POST",
        pk("own_log"),
        only("administrator", "process_owner", "process_leader", status=400),
        data={},
        label="own",
    ),
    Row("followup:log_edit", "GET", pk("other_log"), MANAGERS["own"], label="other"),
    Row("followup:log_edit", "GET", pk("other_unit_log"), MANAGERS["other"], label="other-unit"),
    Row("followup:log_edit", "GET", missing, everyone(404), label="missing"),
    # Management decides on ideas in its own administration.
    Row(
        "followup:idea_decide", "GET", pk("own_idea"), only("administrator", "management_member"), label="own"
    ),
    Row(
        "followup:idea_decide",
        "POST",
        pk("own_idea"),
        only("administrator", "management_member", status=400),
        data={},
        label="own",
    ),
    Row("followup:idea_decide", "GET", pk("other_idea"), only("administrator"), label="other-unit"),
    Row("followup:idea_decide", "GET", missing, everyone(404), label="missing"),
    # An action's owner (the management member) reports its status, as do the plan's managers.
    Row(
        "followup:action_status",
        "GET",
        pk("own_action"),
        only("administrator", "process_owner", "management_member"),
        label="own",
    ),
    Row(
        "followup:action_status",
        "POST",
        pk("own_action"),
        only("administrator", "process_owner", "management_member", status=400),
        data={},
        label="own",
    ),
    Row(
        "followup:action_status",
        "GET",
        pk("other_action"),
        only("administrator", "management_member"),
        label="other-unit",
    ),
    Row("followup:action_status", "GET", missing, everyone(404), label="missing"),
    # Anyone may bring something to an open project workshop.
    Row("followup:submission_create", "GET", pk("own_forum"), everyone()),
    Row("followup:submission_create", "POST", pk("own_forum"), everyone(400), data={}),
    Row("followup:submission_create", "GET", missing, everyone(404), label="missing"),
]

# Create pages: the role decides (the unit is chosen in the form, among the user's own).
for name in ("round_create", "idea_create", "plan_create", "wheel_stop_create", "forum_create"):
    ROWS += [
        Row(f"followup:{name}", "GET", None, MANAGERS["own"]),
        Row(f"followup:{name}", "POST", None, status(MANAGERS["own"], 400), data={}),
    ]

# Pages everyone logged in reads.
for name, key in [
    ("round_detail", "round"),
    ("log_detail", "log"),
    ("plan_detail", "plan"),
    ("forum_detail", "forum"),
    ("meeting_detail", "meeting"),
]:
    ROWS += [
        Row(f"followup:{name}", "GET", pk(f"own_{key}"), everyone(), label="own"),
        Row(f"followup:{name}", "GET", pk(f"other_{key}"), everyone(), label="other-unit"),
        Row(f"followup:{name}", "GET", missing, everyone(404), label="missing"),
    ]

# Compiler and configuration pages: the process owner of the owning unit, and administrators.
# (name, object key, status of an empty POST for those allowed; None = GET only)
MANAGED: list[tuple[str, str, int | None]] = [
    ("round_edit", "round", 400),
    ("question_create", "round", 400),
    ("group_create", "round", 400),
    ("record_answers", "round", 400),
    ("compile", "round", None),
    ("round_open", "round", 302),
    ("round_close", "round", 302),
    ("theme_create", "question", 400),
    ("theme_rename", "theme", 400),
    ("theme_merge", "theme", 400),
    ("answer_move", "answer", 302),
    ("idea_edit", "idea", 400),
    ("plan_edit", "plan", 400),
    ("plan_theme_create", "plan", 400),
    ("action_create", "plan_theme", 400),
    ("action_edit", "action", 400),
    ("issue_to_plan", "issue", 400),
    ("wheel_stop_edit", "stop", 400),
    ("wheel_stop_delete", "stop", 400),
    ("forum_edit", "forum", 400),
    ("meeting_create", "forum", 400),
    ("meeting_notes", "meeting", 302),
    ("agenda_item_create", "meeting", 400),
    ("agenda_item_outcome", "agenda_item", 302),
    ("submission_follow_up", "submission", 400),
]
POST_ONLY = {"round_open", "round_close", "wheel_stop_delete"}

for name, key, post_status in MANAGED:
    url = f"followup:{name}"
    for scope in ("own", "other"):
        label = "own" if scope == "own" else "other-unit"
        if name not in POST_ONLY:
            ROWS.append(Row(url, "GET", pk(f"{scope}_{key}"), MANAGERS[scope], label=label))
        if post_status is not None:
            ROWS.append(
                Row(
                    url,
                    "POST",
                    pk(f"{scope}_{key}"),
                    status(MANAGERS[scope], post_status),
                    data={},
                    label=label,
                )
            )
    if key == "answer":
        ROWS.append(Row(url, "GET", missing_answer, everyone(404), label="missing"))
    elif name in POST_ONLY:
        ROWS.append(Row(url, "POST", missing, everyone(404), data={}, label="missing"))
    else:
        ROWS.append(Row(url, "GET", missing, everyone(404), label="missing"))
