from tests.permission_matrix import ROWS, Row, everyone, missing_pk, obj_pk, only

MANAGERS_OWN = only("administrator", "process_owner")
MANAGERS_OTHER = only("administrator")

ROWS += [
    Row("goals:programme_list", "GET", None, everyone()),
    Row("goals:programme_create", "GET", None, MANAGERS_OWN),
    Row("goals:programme_create", "POST", None, only("administrator", "process_owner", status=400), data={}),
]

for name, key in [
    ("goals:programme_detail", "programme"),
    ("goals:target_area_detail", "target_area"),
]:
    ROWS += [
        Row(name, "GET", obj_pk(f"own_{key}"), everyone(), label="own"),
        Row(name, "GET", obj_pk(f"other_{key}"), everyone(), label="other-unit"),
        Row(name, "GET", missing_pk(), everyone(404), label="missing"),
    ]

for name, key in [
    ("goals:programme_edit", "programme"),
    ("goals:target_area_create", "programme"),
    ("goals:principle_create", "programme"),
    ("goals:knowledge_item_create", "programme"),
    ("goals:target_area_edit", "target_area"),
    ("goals:strategy_create", "target_area"),
    ("goals:strategy_edit", "strategy"),
    ("goals:principle_edit", "principle"),
    ("goals:knowledge_item_edit", "knowledge_item"),
]:
    ROWS += [
        Row(name, "GET", obj_pk(f"own_{key}"), MANAGERS_OWN, label="own"),
        Row(name, "GET", obj_pk(f"other_{key}"), MANAGERS_OTHER, label="other-unit"),
        Row(name, "GET", missing_pk(), everyone(404), label="missing"),
        Row(
            name,
            "POST",
            obj_pk(f"own_{key}"),
            only("administrator", "process_owner", status=400),
            data={},
            label="own",
        ),
        Row(
            name,
            "POST",
            obj_pk(f"other_{key}"),
            only("administrator", status=400),
            data={},
            label="other-unit",
        ),
    ]
