"""The House's pages in the permission matrix (named `matrix_rows` so the matrix test loads it)."""

from typing import Any

from tests.followup.helpers import followup_objects
from tests.permission_matrix import ROWS, Row, everyone, only

MANAGERS = {"own": only("administrator", "process_owner"), "other": only("administrator")}


def pk(key: str) -> Any:
    return lambda world: {"pk": followup_objects(world)[key].pk}


def missing(world: Any) -> dict[str, Any]:
    followup_objects(world)
    return {"pk": 999_999}


ROWS += [
    Row("goals:house_list", "GET", None, everyone()),
    Row("goals:house_create", "GET", None, MANAGERS["own"]),
    Row("goals:house_create", "POST", None, only("administrator", "process_owner", status=400), data={}),
]

for name, key in [
    ("house_detail", "house"),
    ("garage", "house"),
    ("room_detail", "room"),
    ("parked_issue_detail", "issue"),
]:
    ROWS += [
        Row(f"goals:{name}", "GET", pk(f"own_{key}"), everyone(), label="own"),
        Row(f"goals:{name}", "GET", pk(f"other_{key}"), everyone(), label="other-unit"),
        Row(f"goals:{name}", "GET", missing, everyone(404), label="missing"),
    ]

for name, key in [
    ("house_edit", "house"),
    ("room_create", "house"),
    ("parked_issue_create", "house"),
    ("room_edit", "room"),
    ("room_link_create", "room"),
    ("parked_issue_edit", "issue"),
    ("parked_issue_pick_up", "issue"),
    ("parked_issue_drop", "issue"),
]:
    for scope, label in (("own", "own"), ("other", "other-unit")):
        ROWS += [
            Row(f"goals:{name}", "GET", pk(f"{scope}_{key}"), MANAGERS[scope], label=label),
            Row(
                f"goals:{name}",
                "POST",
                pk(f"{scope}_{key}"),
                dict.fromkeys(MANAGERS[scope], 400),
                data={},
                label=label,
            ),
        ]
    ROWS.append(Row(f"goals:{name}", "GET", missing, everyone(404), label="missing"))
