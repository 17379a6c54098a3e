from typing import Any

from tests.permission_matrix import ROWS, Row, everyone, only
from tests.reports.helpers import report_objects

OWN = only("administrator", "process_owner")


def slug(key: str) -> Any:
    return lambda world: {"slug": report_objects(world)[key].slug}


def download(key: str, kind: str) -> Any:
    return lambda world: {"pk": report_objects(world)[key].pk, "kind": kind}


def missing(world: Any) -> dict[str, Any]:
    report_objects(world)
    return {"slug": "no-such-report"}


ROWS += [
    Row("reports:list", "GET", None, everyone()),
    Row("reports:create", "GET", None, OWN),
    Row("reports:create", "POST", None, OWN, data={}, label="invalid"),
    Row("reports:detail", "GET", slug("own_report"), everyone()),
    Row("reports:detail", "GET", slug("other_report"), everyone(), label="other"),
    Row("reports:detail", "GET", missing, everyone(404), label="missing"),
    Row("reports:edit", "GET", slug("own_report"), OWN),
    Row("reports:edit", "GET", slug("other_report"), only("administrator"), label="other"),
    Row("reports:edit", "POST", slug("own_report"), OWN, data={}, label="invalid"),
    Row("reports:copy", "GET", slug("own_report"), OWN),
    Row("reports:copy", "GET", slug("other_report"), only("administrator"), label="other"),
    Row("reports:copy", "POST", slug("own_report"), OWN, data={}, label="invalid"),
    Row("reports:generate", "POST", slug("other_report"), only("administrator", status=302)),
    Row("reports:status", "GET", slug("own_report"), everyone()),
    Row("reports:download", "GET", download("own_generated", "pdf"), everyone()),
    Row("reports:download", "GET", download("own_generated", "html"), everyone(), label="html"),
    Row("reports:download", "GET", download("own_generated", "docx"), everyone(404), label="nofile"),
    Row("reports:download", "GET", download("own_generated", "exe"), everyone(404), label="kind"),
    Row("reports:download", "GET", lambda w: {"pk": 999_999, "kind": "pdf"}, everyone(404), label="missing"),
]
