from django.contrib import admin

from jamlik.labour.models import Employment, Industry, Matrix


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "classification", "kind", "section"]
    list_filter = ["classification", "kind"]
    search_fields = ["code", "name"]


@admin.register(Matrix)
class MatrixAdmin(admin.ModelAdmin):
    list_display = ["name", "classification", "period", "measure", "symmetric", "source", "licence"]
    readonly_fields = ["imported_at", "imported_by"]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["area", "industry", "year", "sex", "count"]
    list_filter = ["year", "sex"]
    raw_id_fields = ["area", "industry"]
