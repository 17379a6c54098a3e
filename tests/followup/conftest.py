from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.core.roles import Role
from tests.followup.helpers import followup_objects


@pytest.fixture
def fu(world: Any) -> dict[str, Any]:
    """The shared world with the follow-up and House objects added (see tests/followup/helpers.py)."""
    return followup_objects(world)


@pytest.fixture
def as_role(world: Any) -> Any:
    """A logged-in test client for a role: `as_role(Role.PARTICIPANT)`."""

    def login(role: Role | str) -> Client:
        client = Client()
        client.force_login(world.users[str(role)])
        return client

    return login


@pytest.fixture
def owner_client(as_role: Any) -> Client:
    return as_role(Role.PROCESS_OWNER)  # type: ignore[no-any-return]
