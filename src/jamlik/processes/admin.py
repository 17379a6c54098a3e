from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jamlik.processes.models import ChangeProcess, ProcessLeadership


class LeadershipInline(admin.TabularInline):
    model = ProcessLeadership
    extra = 0


@admin.register(ChangeProcess)
class ChangeProcessAdmin(admin.ModelAdmin):
    """Uses the same object rule as the views: a process leader edits only the processes they lead."""

    list_display = ["name", "status", "start", "end"]
    inlines = [LeadershipInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("processes.change_changeprocess", obj)
