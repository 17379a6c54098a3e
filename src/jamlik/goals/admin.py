from django.contrib import admin

from jamlik.goals.models import KnowledgeItem, Principle, Programme, Strategy, TargetArea

admin.site.register([Programme, TargetArea, Strategy, Principle, KnowledgeItem])
