from tests.permission_matrix import ROWS, Row, everyone, missing_pk, obj_pk, only

ROWS += [
    Row("processes:list", "GET", None, everyone()),
    Row("processes:detail", "GET", obj_pk("own_process"), everyone(), label="own"),
    Row("processes:detail", "GET", obj_pk("other_unit_process"), everyone(), label="other-unit"),
    Row("processes:detail", "GET", missing_pk(), everyone(404), label="missing"),
    Row("processes:edit", "GET", obj_pk("own_process"), only("administrator", "process_owner", "process_leader"),
        label="own"),
    Row("processes:edit", "GET", obj_pk("other_process"), only("administrator", "process_owner"),
        label="other-process"),
    Row("processes:edit", "GET", obj_pk("other_unit_process"), only("administrator"), label="other-unit"),
    Row("processes:edit", "GET", missing_pk(), everyone(404), label="missing"),
    Row("processes:edit", "POST", obj_pk("own_process"),
        only("administrator", "process_owner", "process_leader", status=400), data={}, label="own"),
    Row("processes:edit", "POST", obj_pk("other_unit_process"), only("administrator", status=400), data={},
        label="other-unit"),
]
