"""The House's tests share the follow-up fixtures (the same world objects)."""

from tests.followup.conftest import as_role, fu, owner_client

__all__ = ["as_role", "fu", "owner_client"]
