from __future__ import annotations

from typing import Any

import pytest

from jamlik.events.actions import do_add_quota
from jamlik.events.models import Event
from tests.events.helpers import make_event


@pytest.fixture
def conference(world: Any) -> Event:
    """Four seats: two for unit A (and the units under it), one for external/other, one unassigned.

    Quotas are released in ten days; registration closes in twenty; each session has two seats.
    """
    event = make_event(world.unit_a, capacity=4, session_capacity=2)
    do_add_quota(event, acting_user=None, name="Förvaltning A", size=2, units=[world.unit_a])
    do_add_quota(event, acting_user=None, name="Externa/övriga", size=1)
    return event
