from __future__ import annotations

from typing import Any

from django import forms

from jamlik.core.forms import VersionedModelForm
from jamlik.core.models import OrganisationUnit
from jamlik.core.predicates import is_administrator, user_unit_ids
from jamlik.goals.models import KnowledgeItem, Principle, Programme, Strategy, TargetArea


class ProgrammeForm(VersionedModelForm):
    document_url = forms.URLField(
        label=Programme._meta.get_field("document_url").verbose_name, required=False, assume_scheme="https"
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "owner_unit",
            "start_year",
            "end_year",
            "adopted_on",
            "adopted_by",
            "document_url",
            "description",
        ]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and not is_administrator(user):
            # A process owner may only place a programme in a unit they manage, or they would lose it.
            units = self.fields["owner_unit"]
            units.queryset = OrganisationUnit.objects.filter(pk__in=user_unit_ids(user))  # type: ignore[attr-defined]


class TargetAreaForm(VersionedModelForm):
    class Meta:
        model = TargetArea
        fields = ["name", "description", "position"]


class StrategyForm(VersionedModelForm):
    class Meta:
        model = Strategy
        fields = ["name", "description", "position"]


class PrincipleForm(VersionedModelForm):
    class Meta:
        model = Principle
        fields = ["name", "description", "position"]


class KnowledgeItemForm(VersionedModelForm):
    class Meta:
        model = KnowledgeItem
        fields = ["kind", "name", "description", "position"]
