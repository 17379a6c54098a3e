from tests.permission_matrix import ROWS, Row, everyone, missing_pk, obj_pk, only

API_ANON = 401
MANAGERS_OWN = ("administrator", "process_owner")

ROWS += [
    Row("api:openapi-json", "GET", None, everyone(), anonymous=200),
    Row("api:api-root", "GET", None, everyone(404), anonymous=404),
    Row("api:programme_list", "GET", None, everyone(), anonymous=API_ANON),
    Row(
        "api:programme_create",
        "POST",
        None,
        only(*MANAGERS_OWN, status=201),
        anonymous=API_ANON,
        json=lambda w: {"name": "P", "owner_unit_id": w.unit_a.pk, "start_year": 2020, "end_year": 2021},
    ),
    Row(
        "api:strategy_update",
        "PATCH",
        obj_pk("own_strategy"),
        only(*MANAGERS_OWN),
        anonymous=API_ANON,
        json={"version": 1},
        label="own",
    ),
    Row(
        "api:strategy_update",
        "PATCH",
        obj_pk("other_strategy"),
        only("administrator"),
        anonymous=API_ANON,
        json={"version": 1},
        label="other-unit",
    ),
    Row(
        "api:strategy_update",
        "PATCH",
        missing_pk(),
        everyone(404),
        anonymous=API_ANON,
        json={"version": 1},
        label="missing",
    ),
]

for name, key in [
    ("api:programme_detail", "programme"),
    ("api:target_area_list", "programme"),
    ("api:target_area_detail", "target_area"),
    ("api:strategy_list", "target_area"),
]:
    ROWS += [
        Row(name, "GET", obj_pk(f"own_{key}"), everyone(), anonymous=API_ANON, label="own"),
        Row(name, "GET", obj_pk(f"other_{key}"), everyone(), anonymous=API_ANON, label="other-unit"),
        Row(name, "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
    ]

for name, key in [("api:programme_update", "programme"), ("api:target_area_update", "target_area")]:
    ROWS += [
        Row(
            name,
            "PATCH",
            obj_pk(f"own_{key}"),
            only(*MANAGERS_OWN),
            anonymous=API_ANON,
            json={"version": 1},
            label="own",
        ),
        Row(
            name,
            "PATCH",
            obj_pk(f"other_{key}"),
            only("administrator"),
            anonymous=API_ANON,
            json={"version": 1},
            label="other-unit",
        ),
        Row(
            name,
            "PATCH",
            missing_pk(),
            everyone(404),
            anonymous=API_ANON,
            json={"version": 1},
            label="missing",
        ),
    ]
