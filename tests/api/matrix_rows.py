from typing import Any

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


# --- Change processes, proposals, decisions and assessments ----------------------------------------------

LEADS_OWN = ("administrator", "process_owner", "process_leader")
DECIDES_OWN = ("administrator", "management_member")


def _own_other_unit(
    name: str,
    method: str,
    keys: tuple[str, str, str],
    expect: tuple[dict[str, int], dict[str, int], dict[str, int]],
    json: Any = None,
    missing_status: int = 404,
) -> list[Row]:
    """Rows for one operation on the own object, another process's and another unit's, and a missing id."""
    rows = [
        Row(name, method, obj_pk(key), allowed, anonymous=API_ANON, json=json, label=label)
        for key, allowed, label in zip(keys, expect, ("own", "other-process", "other-unit"), strict=True)
    ]
    rows.append(
        Row(
            name,
            method,
            missing_pk(),
            everyone(missing_status),
            anonymous=API_ANON,
            json=json,
            label="missing",
        )
    )
    return rows


PROCESS_KEYS = ("own_process", "other_process", "other_unit_process")
PROPOSAL_KEYS = ("own_proposal", "other_proposal", "other_unit_proposal")
READ_ALL = (everyone(), everyone(), everyone())

ROWS += [
    Row("api:process_list", "GET", None, everyone(), anonymous=API_ANON),
    Row(
        "api:process_create",
        "POST",
        None,
        only(*MANAGERS_OWN, status=201),
        anonymous=API_ANON,
        json=lambda w: {"name": "Ny process", "owner_unit_id": w.unit_a.pk},
    ),
    *_own_other_unit("api:process_detail", "GET", PROCESS_KEYS, READ_ALL),
    *_own_other_unit(
        "api:process_update",
        "PATCH",
        PROCESS_KEYS,
        (only(*LEADS_OWN), only(*MANAGERS_OWN), only("administrator")),
        json={"version": 1},
    ),
    Row("api:proposal_list", "GET", None, everyone(), anonymous=API_ANON),
    *_own_other_unit(
        "api:proposal_create",
        "POST",
        PROCESS_KEYS,
        (only(*LEADS_OWN, status=201), only(*MANAGERS_OWN, status=201), only("administrator", status=201)),
        json={"title": "Nytt förslag"},
    ),
    *_own_other_unit("api:proposal_detail", "GET", PROPOSAL_KEYS, READ_ALL),
    *_own_other_unit(
        "api:proposal_update",
        "PATCH",
        PROPOSAL_KEYS,
        (only(*LEADS_OWN), only(*MANAGERS_OWN), only("administrator")),
        json={"version": 1},
    ),
    *_own_other_unit("api:decision_list", "GET", PROPOSAL_KEYS, READ_ALL),
    *_own_other_unit(
        "api:decision_create",
        "POST",
        PROPOSAL_KEYS,
        (only(*DECIDES_OWN, status=201), only(*DECIDES_OWN, status=201), only("administrator", status=201)),
        json={"kind": "prioritised", "body": "Ledningsgruppen"},
    ),
    *_own_other_unit("api:assessment_list", "GET", PROPOSAL_KEYS, READ_ALL),
    *_own_other_unit(
        "api:assessment_create",
        "POST",
        PROPOSAL_KEYS,
        (
            only(*LEADS_OWN, "management_member", status=201),
            only(*MANAGERS_OWN, "management_member", status=201),
            only("administrator", status=201),
        ),
        json={"state": "partly", "assessor_name": "Anna Exempel", "assessor_role": "Samordnare"},
    ),
]


def _decision(key: str) -> Any:
    return lambda w: {"pk": w.objects[f"{key}_feedback"].decision_id}


def _assessment(key: str) -> Any:
    def kwargs(w: Any) -> dict[str, Any]:
        from tests.api.helpers import api_objects

        return {"pk": api_objects(w)[f"{key}_assessment"].pk}

    return kwargs


ROWS += [
    Row("api:decision_detail", "GET", _decision("own"), everyone(), anonymous=API_ANON, label="own"),
    Row(
        "api:decision_detail",
        "GET",
        _decision("other"),
        everyone(),
        anonymous=API_ANON,
        label="other-process",
    ),
    Row("api:decision_detail", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
    Row("api:assessment_detail", "GET", _assessment("own"), everyone(), anonymous=API_ANON, label="own"),
    Row(
        "api:assessment_detail",
        "GET",
        _assessment("other_unit"),
        everyone(),
        anonymous=API_ANON,
        label="other-unit",
    ),
    Row("api:assessment_detail", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
]


# --- Follow-up rounds and answers ------------------------------------------------------------------------


def _fu(key: str) -> Any:
    def kwargs(w: Any) -> dict[str, Any]:
        from tests.followup.helpers import followup_objects

        return {"pk": followup_objects(w)[key].pk}

    return kwargs


def _fu_missing(w: Any) -> dict[str, Any]:
    from tests.followup.helpers import followup_objects

    followup_objects(w)
    return {"pk": 999_999}


def _fu_answers(key: str) -> Any:
    def body(w: Any) -> dict[str, Any]:
        from tests.followup.helpers import followup_objects

        o = followup_objects(w)
        return {
            "group_id": o[f"{key}_group"].pk,
            "answers": [{"question_id": o[f"{key}_question"].pk, "text": "Bra"}],
        }

    return body


def _fu_rows(
    name: str, method: str, own: dict[str, int], other: dict[str, int], json: Any = None, key: str = "round"
) -> list[Row]:
    body = json or (lambda kind: None)
    return [
        Row(name, method, _fu(f"own_{key}"), own, anonymous=API_ANON, json=body("own"), label="own"),
        Row(
            name,
            method,
            _fu(f"other_{key}"),
            other,
            anonymous=API_ANON,
            json=body("other"),
            label="other-unit",
        ),
        Row(name, method, _fu_missing, everyone(404), anonymous=API_ANON, json=body("own"), label="missing"),
    ]


ROWS += [
    Row("api:round_list", "GET", None, everyone(), anonymous=API_ANON),
    Row(
        "api:round_create",
        "POST",
        None,
        only(*MANAGERS_OWN, status=201),
        anonymous=API_ANON,
        json=lambda w: {"owner_unit_id": w.unit_a.pk, "title": "Ny runda", "questions": ["Vad var bra?"]},
        label="own",
    ),
    Row(
        "api:round_create",
        "POST",
        None,
        only("administrator", status=201) | {"process_owner": 422},
        anonymous=API_ANON,
        json=lambda w: {"owner_unit_id": w.unit_b.pk, "title": "Ny runda"},
        label="other-unit",
    ),
    *_fu_rows("api:round_detail", "GET", everyone(), everyone()),
    *_fu_rows(
        "api:round_update", "PATCH", only(*MANAGERS_OWN), only("administrator"), lambda k: {"version": 1}
    ),
    *_fu_rows("api:answer_list", "GET", everyone(), everyone()),
    # Only the participant is asked in the own round, nobody in the other. Administrators hold every
    # model permission, so they pass the permission and are then told they are not asked (as in the UI).
    *_fu_rows(
        "api:answer_submit",
        "POST",
        {"participant": 201, "administrator": 422},
        {"administrator": 422},
        _fu_answers,
    ),
    *_fu_rows(
        "api:answer_record",
        "POST",
        only(*MANAGERS_OWN, status=201),
        only("administrator", status=201),
        _fu_answers,
    ),
]


# --- Indicators and values -------------------------------------------------------------------------------


def _indicator(w: Any) -> dict[str, Any]:
    from tests.indicators.matrix_rows import indicator_pk

    return indicator_pk(w)


def _value_rows(w: Any) -> dict[str, Any]:
    _indicator(w)
    row = {"indicator": "sysselsattning", "year": 2023, "area_code": "1480"}
    return {"rows": [{**row, "sex": "K", "estimate": 74.5}, {**row, "sex": "M", "estimate": 76.0}]}


ROWS += [
    Row("api:indicator_list", "GET", None, everyone(), anonymous=API_ANON),
    Row("api:indicator_detail", "GET", _indicator, everyone(), anonymous=API_ANON),
    Row("api:indicator_detail", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
    Row(
        "api:indicator_update",
        "PATCH",
        _indicator,
        only(*MANAGERS_OWN),
        anonymous=API_ANON,
        json={"version": 1},
    ),
    Row(
        "api:indicator_update",
        "PATCH",
        missing_pk(),
        everyone(404),
        anonymous=API_ANON,
        json={"version": 1},
        label="missing",
    ),
    Row("api:indicator_value_list", "GET", _indicator, everyone(), anonymous=API_ANON),
    Row("api:indicator_value_list", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
    Row(
        "api:indicator_value_import", "POST", None, only(*MANAGERS_OWN), anonymous=API_ANON, json=_value_rows
    ),
]


# --- Events and registrations ----------------------------------------------------------------------------

# The own event is organised by sector A1, where every role but the process owner works; process owners
# and administrators organise every event.
ORGANISE_OWN = everyone()
ORGANISE_OTHER = only(*MANAGERS_OWN)


def _ev(key: str) -> Any:
    def kwargs(w: Any) -> dict[str, Any]:
        from tests.events.helpers import event_objects

        return {"pk": event_objects(w)[key].pk}

    return kwargs


def _ev_missing(w: Any) -> dict[str, Any]:
    from tests.events.helpers import event_objects

    event_objects(w)
    return {"pk": 999_999}


def _other_registration(w: Any) -> dict[str, Any]:
    from jamlik.events.models import Registration
    from tests.events.helpers import event_objects

    registration = Registration.objects.by_token(event_objects(w)["other_token"])
    assert registration is not None
    return {"pk": registration.pk}


def _event_body(w: Any) -> dict[str, Any]:
    return {
        "title": "Ny konferens",
        "starts_at": "2030-05-01T09:00:00+02:00",
        "ends_at": "2030-05-01T16:00:00+02:00",
        "place": "Stadshuset",
        "organiser_unit_id": w.unit_a.pk,
        "capacity": 50,
        "registration_closes_at": "2030-04-20T23:59:00+02:00",
    }


_registrant = iter(range(1_000_000))


def _registration_body(w: Any) -> dict[str, Any]:
    """A new e-mail address each time, so every role's registration is a new one."""
    return {
        "name": "Extern Deltagare",
        "email": f"deltagare{next(_registrant)}@example.org",
        "organisation": "Föreningen",
        "join_waiting_list": True,
    }


def _ev_rows(
    name: str, method: str, own: dict[str, int], other: dict[str, int], json: Any = None
) -> list[Row]:
    return [
        Row(name, method, _ev("own_event"), own, anonymous=API_ANON, json=json, label="own"),
        Row(name, method, _ev("other_event"), other, anonymous=API_ANON, json=json, label="other-unit"),
        Row(name, method, _ev_missing, everyone(404), anonymous=API_ANON, json=json, label="missing"),
    ]


ROWS += [
    Row("api:event_list", "GET", None, everyone(), anonymous=API_ANON),
    Row(
        "api:event_create",
        "POST",
        None,
        only(*MANAGERS_OWN, status=201),
        anonymous=API_ANON,
        json=_event_body,
    ),
    *_ev_rows("api:event_detail", "GET", everyone(), everyone()),
    *_ev_rows("api:event_update", "PATCH", ORGANISE_OWN, ORGANISE_OTHER, {"version": 1}),
    *_ev_rows("api:registration_list", "GET", ORGANISE_OWN, ORGANISE_OTHER),
    # Anyone may register (the public form needs no login), by the same rules.
    *_ev_rows("api:registration_create", "POST", everyone(201), everyone(201), _registration_body),
    Row(
        "api:registration_detail",
        "GET",
        _ev("registration"),
        ORGANISE_OWN,
        anonymous=API_ANON,
        label="own",
    ),
    Row(
        "api:registration_detail",
        "GET",
        _other_registration,
        ORGANISE_OTHER,
        default=404,
        anonymous=API_ANON,
        label="other-unit",
    ),
    Row("api:registration_detail", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
]
