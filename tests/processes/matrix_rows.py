from tests.permission_matrix import ROWS, Row, everyone, missing_pk, obj_pk, only

# Who edits a process's content: its own leaders and the process owner of its administration.
CONTENT = {
    "own": only("administrator", "process_owner", "process_leader"),
    "other": only("administrator", "process_owner"),
    "other_unit": only("administrator"),
}
# Who approves a start: management of the process's administration.
APPROVE = {
    "own": only("administrator", "management_member"),
    "other": only("administrator", "management_member"),
    "other_unit": only("administrator"),
}
# Who changes status and leaders: management and the process owner of the administration.
STEER = {
    "own": only("administrator", "management_member", "process_owner"),
    "other": only("administrator", "management_member", "process_owner"),
    "other_unit": only("administrator"),
}


def as_400(expect: dict[str, int]) -> dict[str, int]:
    return dict.fromkeys(expect, 400)


ROWS += [
    Row("processes:list", "GET", None, everyone()),
    Row("processes:detail", "GET", obj_pk("own_process"), everyone(), label="own"),
    Row("processes:detail", "GET", obj_pk("other_unit_process"), everyone(), label="other-unit"),
    Row("processes:detail", "GET", missing_pk(), everyone(404), label="missing"),
    Row("processes:create", "GET", None, only("administrator", "process_owner")),
    Row("processes:create", "POST", None, only("administrator", "process_owner", status=400), data={}),
]

for name, expectations in [
    ("processes:edit", CONTENT),
    ("processes:purpose", CONTENT),
    ("processes:phase", CONTENT),
    ("processes:activity_create", CONTENT),
    ("processes:participant_create", CONTENT),
    ("processes:link_create", CONTENT),
    ("processes:approve", APPROVE),
    ("processes:status", STEER),
    ("processes:leaders", STEER),
]:
    for key, expect in expectations.items():
        ROWS += [
            Row(name, "GET", obj_pk(f"{key}_process"), expect, label=key),
            Row(name, "POST", obj_pk(f"{key}_process"), as_400(expect), data={}, label=key),
        ]
    ROWS.append(Row(name, "GET", missing_pk(), everyone(404), label="missing"))
