from typing import Any

from tests.permission_matrix import ROWS, Row, everyone, missing_pk, only

KEEPERS = only("administrator", "process_owner")


def indicator_pk(world: Any) -> dict[str, Any]:
    """An indicator with a few figures, made on first use (the shared world has none)."""
    from tests.indicators.factories import make_indicator

    if "indicator" not in world.objects:
        world.objects["indicator"] = make_indicator()
    return {"pk": world.objects["indicator"].pk}


ROWS += [
    Row("indicators:list", "GET", None, everyone()),
    Row("indicators:template_csv", "GET", None, everyone()),
    Row("indicators:template_xlsx", "GET", None, everyone()),
    Row("indicators:detail", "GET", indicator_pk, everyone()),
    Row("indicators:detail", "GET", missing_pk(), everyone(404), label="missing"),
    Row("indicators:edit", "GET", indicator_pk, KEEPERS),
    Row("indicators:edit", "GET", missing_pk(), everyone(404), label="missing"),
    Row("indicators:edit", "POST", indicator_pk, only("administrator", "process_owner", status=400), data={}),
    Row("indicators:import", "GET", None, KEEPERS),
    Row("indicators:import", "POST", None, only("administrator", "process_owner", status=400), data={}),
]
