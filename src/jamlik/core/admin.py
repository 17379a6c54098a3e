from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from jamlik.core.models import AuditEntry, Membership, OrganisationUnit, Person, User

admin.site.register(User, UserAdmin)


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    search_fields = ["name", "code"]
    list_filter = ["kind"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched but never changed."""

    list_display = ["created_at", "code", "actor_name", "object_repr", "ip"]
    list_filter = ["code"]
    search_fields = ["code", "actor_name", "object_repr", "request_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
