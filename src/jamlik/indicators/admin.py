from django.contrib import admin

from jamlik.indicators.models import Area, Dimension, Indicator, Subgroup


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "favourable", "person_based"]
    search_fields = ["code", "name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class SubgroupInline(admin.TabularInline):
    model = Subgroup
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ordered"]
    inlines = [SubgroupInline]
