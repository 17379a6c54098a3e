import datetime
from typing import Any

from tests.events.helpers import event_objects
from tests.permission_matrix import ROWS, Row, everyone, only

ORGANISERS_OTHER = only("administrator", "process_owner")
PUBLIC = {"anonymous": 200}


def pk(key: str) -> Any:
    return lambda world: {"pk": event_objects(world)[key].pk}


def pk_fmt(key: str, fmt: str) -> Any:
    return lambda world: {"pk": event_objects(world)[key].pk, "fmt": fmt}


def token(key: str = "token") -> Any:
    return lambda world: {"token": event_objects(world)[key]}


def missing(world: Any) -> dict[str, Any]:
    event_objects(world)
    return {"pk": 999_999}


ROWS += [
    Row("events:list", "GET", None, everyone(), anonymous=200),
    Row("events:create", "GET", None, ORGANISERS_OTHER),
    Row("events:create", "POST", None, only("administrator", "process_owner", status=400), data={}),
    Row("events:detail", "GET", pk("own_event"), everyone(), anonymous=200, label="own"),
    Row("events:detail", "GET", pk("other_event"), everyone(), anonymous=200, label="other-unit"),
    Row("events:detail", "GET", missing, everyone(404), anonymous=404, label="missing"),
    Row("events:register", "GET", pk("own_event"), everyone(), anonymous=200),
    Row("events:register", "GET", missing, everyone(404), anonymous=404, label="missing"),
    Row("events:register", "POST", pk("own_event"), everyone(400), anonymous=400, data={}),
    Row("events:lost_link", "GET", pk("own_event"), everyone(), anonymous=200),
    Row("events:lost_link", "POST", pk("own_event"), everyone(400), anonymous=400, data={}),
    Row(
        "events:lost_link",
        "POST",
        pk("own_event"),
        everyone(),
        anonymous=200,
        data={"email": "x@example.org"},
        label="sent",
    ),
    Row("events:manage", "GET", token(), everyone(), anonymous=200),
    Row(
        "events:manage", "GET", lambda w: {"token": "not-a-token"}, everyone(404), anonymous=404, label="bad"
    ),
    Row("events:change_sessions", "POST", token(), everyone(302), anonymous=302, data={}),
    Row(
        "events:change_sessions",
        "POST",
        lambda w: {"token": "nope"},
        everyone(404),
        anonymous=404,
        label="bad",
    ),
    Row("events:cancel", "GET", token(), everyone(), anonymous=200),
    Row("events:cancel", "POST", token(), everyone(302), anonymous=302),
    Row("events:cancel", "POST", lambda w: {"token": "nope"}, everyone(404), anonymous=404, label="bad"),
    Row(
        "events:accept_offer",
        "POST",
        lambda w: {"token": event_objects(w)["token"], "entry_pk": event_objects(w)["own_entry"].pk},
        everyone(302),
        anonymous=302,
    ),
    Row(
        "events:accept_offer",
        "POST",
        lambda w: {"token": event_objects(w)["token"], "entry_pk": event_objects(w)["other_entry"].pk},
        everyone(404),
        anonymous=404,
        label="other-registration",
    ),
]

# Organiser pages: the own event is organised by sector A1, where everyone in the world works; the other
# event by unit B, which only the administrator and the process owner may organise.
for name, key in [
    ("events:edit", "event"),
    ("events:quota_create", "event"),
    ("events:slot_create", "event"),
    ("events:session_create", "event"),
    ("events:question_create", "event"),
    ("events:allocation", "event"),
    ("events:participants", "event"),
    ("events:waiting_list", "event"),
    ("events:message", "event"),
    ("events:badges_pdf", "event"),
    ("events:attendance_pdf", "event"),
    ("events:session_participants", "session"),
    ("events:move_entry", "entry"),
]:
    ROWS += [
        Row(name, "GET", pk(f"own_{key}"), everyone(), label="own"),
        Row(name, "GET", pk(f"other_{key}"), ORGANISERS_OTHER, label="other-unit"),
        Row(name, "GET", missing, everyone(404), label="missing"),
    ]

for name in [
    "events:edit",
    "events:quota_create",
    "events:slot_create",
    "events:session_create",
    "events:question_create",
    "events:message",
]:
    ROWS += [
        Row(name, "POST", pk("own_event"), everyone(400), data={}, label="own"),
        Row(
            name,
            "POST",
            pk("other_event"),
            only("administrator", "process_owner", status=400),
            data={},
            label="other-unit",
        ),
    ]
ROWS += [
    Row("events:move_entry", "POST", pk("own_entry"), everyone(400), data={}, label="own"),
    Row(
        "events:move_entry",
        "POST",
        pk("other_entry"),
        only("administrator", "process_owner", status=400),
        data={},
        label="other-unit",
    ),
]

for name, key in [("events:participants_export", "event"), ("events:session_participants_export", "session")]:
    ROWS += [
        Row(name, "GET", pk_fmt(f"own_{key}", "csv"), everyone(), label="own-csv"),
        Row(name, "GET", pk_fmt(f"own_{key}", "xlsx"), everyone(), label="own-xlsx"),
        Row(name, "GET", pk_fmt(f"own_{key}", "pdf"), everyone(404), label="own-unknown-format"),
        Row(name, "GET", pk_fmt(f"other_{key}", "csv"), ORGANISERS_OTHER, label="other-unit"),
    ]


# --- The evaluation survey ----------------------------------------------------------------------


def evaluation_objects(world: Any) -> dict[str, Any]:
    """A survey on both events, and one invitation with a known answer link on the own event's survey."""
    objects = event_objects(world)
    if "own_survey" in objects:
        return objects
    from jamlik.events.evaluation import do_add_survey_question, do_create_survey
    from jamlik.events.evaluation_models import Invitation
    from jamlik.events.models import hash_token

    for key in ("own", "other"):
        event = objects[f"{key}_event"]
        survey = do_create_survey(
            event,
            acting_user=None,
            anonymous=True,
            opens_at=event.starts_at,
            closes_at=event.ends_at + datetime.timedelta(days=14),
        )
        do_add_survey_question(survey, acting_user=None, kind="rating", text="Helheten")
        objects[f"{key}_survey"] = survey
    # The survey can only be sent after the event, a month from now: the invitation is made directly.
    Invitation.objects.create(
        survey=objects["own_survey"], registration=objects["registration"], token_hash=hash_token("svar-123")
    )
    objects["survey_token"] = "svar-123"
    return objects


def survey_pk(key: str) -> Any:
    return lambda world: {"pk": evaluation_objects(world)[key].pk}


ROWS += [
    Row(
        "events:evaluation_answer",
        "GET",
        lambda w: {"token": evaluation_objects(w)["survey_token"]},
        everyone(),
        anonymous=200,
    ),
    Row(
        "events:evaluation_answer",
        "POST",
        lambda w: {"token": evaluation_objects(w)["survey_token"]},
        everyone(),
        anonymous=200,
        data={},
        label="not-open-yet",
    ),
    Row(
        "events:evaluation_answer",
        "GET",
        lambda w: {"token": "ingen-sadan"},
        everyone(404),
        anonymous=404,
        label="bad",
    ),
]
for name in [
    "events:evaluation",
    "events:evaluation_edit",
    "events:evaluation_question_create",
    "events:evaluation_send",
    "events:evaluation_results",
    "events:evaluation_feed",
]:
    ROWS += [
        Row(name, "GET", survey_pk("own_event"), everyone(), label="own"),
        Row(name, "GET", survey_pk("other_event"), ORGANISERS_OTHER, label="other-unit"),
        Row(name, "GET", missing, everyone(404), label="missing"),
    ]
for name, status in [
    ("events:evaluation", 200),  # the survey exists: the page is shown again, nothing is created
    ("events:evaluation_edit", 400),
    ("events:evaluation_question_create", 400),
    ("events:evaluation_send", 302),  # refused with a message: the event has not ended
    ("events:evaluation_feed", 400),
]:
    ROWS += [
        Row(name, "POST", survey_pk("own_event"), everyone(status), data={}, label="own"),
        Row(
            name,
            "POST",
            survey_pk("other_event"),
            only("administrator", "process_owner", status=status),
            data={},
            label="other-unit",
        ),
    ]
