from typing import Any

from tests.permission_matrix import ROWS, Row, everyone, missing_pk, only

KEEPERS = only("administrator", "process_owner")


def demo_matrix(world: Any) -> dict[str, Any]:
    """The pages need no URL arguments; this loads the demo figures so they show something."""
    from jamlik.labour.demo import load_labour_demo

    if "labour_demo" not in world.objects:
        load_labour_demo()
        world.objects["labour_demo"] = True
    return {}


ROWS += [
    Row("labour:overview", "GET", demo_matrix, everyone()),
    Row("labour:close_to_job_losses", "GET", demo_matrix, everyone()),
    Row("labour:network", "GET", demo_matrix, everyone()),
    Row("labour:template_matrix", "GET", None, everyone()),
    Row("labour:template_employment", "GET", None, everyone()),
    Row("labour:import_matrix", "GET", None, KEEPERS),
    Row("labour:import_matrix", "POST", None, only("administrator", "process_owner", status=400), data={}),
    Row("labour:import_employment", "GET", None, KEEPERS),
    Row(
        "labour:import_employment", "POST", None, only("administrator", "process_owner", status=400), data={}
    ),
    Row("labour:confirm_import", "POST", missing_pk(), only("administrator", "process_owner", status=404)),
    Row("labour:confirm_import", "GET", missing_pk(), everyone(405), label="get"),
]
