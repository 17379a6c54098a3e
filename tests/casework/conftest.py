from __future__ import annotations

from typing import Any

import pytest

from jamlik.casework.defaults import ensure_default_life_areas
from jamlik.casework.models import LifeArea
from tests.casework.helpers import Casework, build_casework


@pytest.fixture
def cw(world: Any) -> Casework:
    # The default life areas come from a data migration; a test that committed (a browser test on the
    # same worker) flushed them, so they are put back here (idempotent).
    ensure_default_life_areas(LifeArea)
    return build_casework(world)
