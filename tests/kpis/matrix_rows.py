from tests.kpis.factories import other_kpi, own_kpi
from tests.permission_matrix import ROWS, Row, everyone, missing_pk, only

KEEPERS = ("administrator", "process_owner")
FOLLOWERS = ("administrator", "process_owner", "process_leader", "management_member")
API_ANON = 401

ROWS += [
    Row("kpis:overview", "GET", None, everyone()),
    Row("kpis:export_csv", "GET", None, everyone()),
    Row("kpis:template_csv", "GET", None, everyone()),
    Row("kpis:create", "GET", None, only(*KEEPERS)),
    Row("kpis:create", "POST", None, only(*KEEPERS, status=400), data={}),
    Row("kpis:import", "GET", None, only(*FOLLOWERS)),
    Row("kpis:import", "POST", None, only(*FOLLOWERS, status=400), data={}),
    Row("kpis:rhythm", "GET", None, only(*KEEPERS)),
    Row("kpis:rhythm", "POST", None, only(*KEEPERS, status=400), data={}),
    Row("kpis:detail", "GET", own_kpi, everyone()),
    Row("kpis:detail", "GET", missing_pk(), everyone(404), label="missing"),
    Row("kpis:edit", "GET", own_kpi, only(*KEEPERS)),
    Row("kpis:edit", "GET", other_kpi, only("administrator"), label="other-unit"),
    Row("kpis:edit", "POST", own_kpi, only(*KEEPERS, status=400), data={}),
    Row("kpis:values", "GET", own_kpi, only(*FOLLOWERS)),
    Row("kpis:values", "GET", other_kpi, only("administrator"), label="other-unit"),
    Row("kpis:values", "POST", own_kpi, only(*FOLLOWERS, status=400), data={}),
    Row("kpis:refresh", "POST", own_kpi, only(*KEEPERS, status=302)),
    Row("kpis:refresh", "GET", own_kpi, everyone(405), label="get"),
    Row("kpis:send_to_forum", "POST", own_kpi, only(*FOLLOWERS, status=302)),
    Row("kpis:send_to_forum", "POST", other_kpi, only("administrator", status=302), label="other-unit"),
    Row("api:kpi_list", "GET", None, everyone(), anonymous=API_ANON),
    Row("api:kpi_detail", "GET", own_kpi, everyone(), anonymous=API_ANON),
    Row("api:kpi_detail", "GET", missing_pk(), everyone(404), anonymous=API_ANON, label="missing"),
    Row("api:kpi_value_list", "GET", own_kpi, everyone(), anonymous=API_ANON),
    Row("api:kpi_chart", "GET", own_kpi, everyone(), anonymous=API_ANON),
    Row(
        "api:kpi_value_upsert",
        "POST",
        own_kpi,
        only(*FOLLOWERS),
        anonymous=API_ANON,
        json={"rows": [{"period": "2024-W30", "value": 5.5}]},
    ),
    Row(
        "api:kpi_value_upsert",
        "POST",
        other_kpi,
        only("administrator"),
        anonymous=API_ANON,
        json={"rows": [{"period": "2024-W30", "value": 5.5}]},
        label="other-unit",
    ),
]
