"""The casework settings an administrator keeps: life areas, professionals, the resource catalogue.

Plans and everything in them are deliberately not registered: the admin would show them to every
administrator, and administrators have no need to know.
"""

from django.contrib import admin

from jamlik.casework.models import Enrolment, LifeArea, Professional, Resource


@admin.register(LifeArea)
class LifeAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["person", "profession", "side", "unit", "is_active"]
    list_filter = ["profession", "side", "is_active"]
    raw_id_fields = ["person"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "life_area", "is_active"]
    list_filter = ["life_area", "is_active"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "month", "enrolled"]
