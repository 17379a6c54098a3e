from tests.permission_matrix import ROWS, Row, everyone, missing_pk, obj_pk, only
from tests.processes.matrix_rows import APPROVE, CONTENT, as_400

ASSESS = {
    "own": only("administrator", "management_member", "process_owner", "process_leader"),
    "other": only("administrator", "management_member", "process_owner"),
    "other_unit": only("administrator"),
}

ROWS += [
    Row("proposals:queue", "GET", None, everyone()),
    Row("proposals:not_implemented", "GET", None, everyone()),
    Row("proposals:stale", "GET", None, everyone()),
    Row("proposals:feedback", "GET", None, everyone()),
    Row("proposals:export_csv", "GET", None, everyone()),
    Row("proposals:export_xlsx", "GET", None, everyone()),
    Row("proposals:import_template", "GET", None, everyone()),
    Row("proposals:import", "GET", None, only("administrator", "process_owner")),
    Row("proposals:import", "POST", None, only("administrator", "process_owner", status=400), data={}),
    # Only the process's leaders mark its feedback as read (and the administrator, who may do all).
    Row(
        "proposals:feedback_acknowledge",
        "POST",
        obj_pk("own_feedback"),
        only("administrator", "process_leader", status=302),
        label="own",
    ),
    Row(
        "proposals:feedback_acknowledge",
        "POST",
        obj_pk("other_feedback"),
        only("administrator", status=302),
        label="other",
    ),
    Row("proposals:feedback_acknowledge", "POST", missing_pk(), everyone(404), label="missing"),
    Row("proposals:feedback_acknowledge", "GET", obj_pk("own_feedback"), everyone(405), label="get"),
    Row("proposals:detail", "GET", obj_pk("own_proposal"), everyone(), label="own"),
    Row("proposals:detail", "GET", obj_pk("other_unit_proposal"), everyone(), label="other-unit"),
    Row("proposals:detail", "GET", missing_pk(), everyone(404), label="missing"),
]

for key, expect in CONTENT.items():
    ROWS += [
        Row("proposals:create", "GET", obj_pk(f"{key}_process"), expect, label=key),
        Row("proposals:create", "POST", obj_pk(f"{key}_process"), as_400(expect), data={}, label=key),
    ]
ROWS.append(Row("proposals:create", "GET", missing_pk(), everyone(404), label="missing"))

for name, expectations in [
    ("proposals:edit", CONTENT),
    ("proposals:decide", APPROVE),
    ("proposals:assess", ASSESS),
]:
    for key, expect in expectations.items():
        ROWS += [
            Row(name, "GET", obj_pk(f"{key}_proposal"), expect, label=key),
            Row(name, "POST", obj_pk(f"{key}_proposal"), as_400(expect), data={}, label=key),
        ]
    ROWS.append(Row(name, "GET", missing_pk(), everyone(404), label="missing"))
