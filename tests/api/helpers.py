"""Objects the API tests need beyond the shared world, created on first use and kept in `world.objects`."""

from __future__ import annotations

import datetime
from typing import Any

from jamlik.api.actions import do_create_api_token
from jamlik.proposals.actions import do_record_assessment

DAY = datetime.date(2024, 3, 1)


def api_objects(world: Any) -> dict[str, Any]:
    """An implementation assessment on the own and the other-unit proposal."""
    if "own_assessment" in world.objects:
        return world.objects
    for key in ("own", "other_unit"):
        world.objects[f"{key}_assessment"] = do_record_assessment(
            world.objects[f"{key}_proposal"],
            acting_user=None,
            state="partly",
            assessed_on=DAY,
            assessor_name="Anna Exempel",
            assessor_role="Samordnare",
        )
    return world.objects


def bearer(world: Any, role: str) -> Any:
    """A test client that sends a fresh API token of the role's user."""
    from django.test import Client

    user = world.users[role]
    _, token = do_create_api_token(user, acting_user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def call(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    """Send one API request with a JSON body (if any)."""
    import json

    if body is None:
        return client.generic(method, url, **headers)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json", **headers)
