from __future__ import annotations

from typing import Any

import pytest

from tests.casework.helpers import Casework, build_casework


@pytest.fixture
def cw(world: Any) -> Casework:
    return build_casework(world)
