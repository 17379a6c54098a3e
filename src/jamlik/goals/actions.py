"""Changes to programme goals. Each creates or saves one object and writes its audit row."""

from __future__ import annotations

from typing import Any

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.models import User
from jamlik.goals.models import KnowledgeItem, Principle, Programme, ProgrammePart, Strategy, TargetArea


def do_create_programme(*, acting_user: User | None, **fields: Any) -> Programme:
    programme: Programme = create_logged(
        Programme, acting_user=acting_user, audit_code="programme.created", **fields
    )
    return programme


def do_add_target_area(programme: Programme, *, acting_user: User | None, **fields: Any) -> TargetArea:
    area: TargetArea = create_logged(
        TargetArea, acting_user=acting_user, audit_code="targetarea.created", programme=programme, **fields
    )
    return area


def do_add_strategy(target_area: TargetArea, *, acting_user: User | None, **fields: Any) -> Strategy:
    strategy: Strategy = create_logged(
        Strategy, acting_user=acting_user, audit_code="strategy.created", target_area=target_area, **fields
    )
    return strategy


def do_add_principle(programme: Programme, *, acting_user: User | None, **fields: Any) -> Principle:
    principle: Principle = create_logged(
        Principle, acting_user=acting_user, audit_code="principle.created", programme=programme, **fields
    )
    return principle


def do_add_knowledge_item(programme: Programme, *, acting_user: User | None, **fields: Any) -> KnowledgeItem:
    item: KnowledgeItem = create_logged(
        KnowledgeItem,
        acting_user=acting_user,
        audit_code="knowledgeitem.created",
        programme=programme,
        **fields,
    )
    return item


def do_update_goal(
    obj: Programme | ProgrammePart, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Save an edit of a programme or one of its parts, refusing it if someone saved in between."""
    return save_versioned(
        obj,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        code=f"{obj._meta.model_name}.changed",
    )
