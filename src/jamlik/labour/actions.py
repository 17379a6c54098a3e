"""Imports of relatedness matrices and employment: one transaction and one audit row each.

Both are planned again inside the transaction (the file may have been previewed minutes earlier), so
what is written is checked against the data as it is when writing. A plan that changes nothing writes
nothing, not even an audit row: importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jamlik.core.audit import log_action
from jamlik.core.models import User
from jamlik.labour.importers import (
    EmploymentOptions,
    EmploymentPlan,
    MatrixOptions,
    MatrixPlan,
    plan_employment,
    plan_matrix,
    write_employment,
    write_matrix,
)
from jamlik.labour.models import ImportDraft


def do_import_matrix(
    data: bytes, *, acting_user: User | None, filename: str, options: MatrixOptions
) -> MatrixPlan:
    """Import a relatedness matrix, all or nothing: ImportFailed (every bad line) changes nothing."""
    with transaction.atomic():
        plan = plan_matrix(data, filename, options)
        if plan.changes_anything:
            matrix = write_matrix(plan, acting_user=acting_user, now=timezone.now())
            log_action(
                "labour_matrix.imported",
                actor=acting_user,
                obj=matrix,
                changes={
                    "file": filename,
                    "source": options.source,
                    "measure": plan.measure,
                    "created": plan.created,
                    "updated": plan.updated,
                    "deleted": plan.deleted,
                    "new_industries": sorted(plan.new_industries),
                },
            )
    return plan


def do_import_employment(
    data: bytes, *, acting_user: User | None, filename: str, options: EmploymentOptions
) -> EmploymentPlan:
    """Import employment by area, industry, year and sex, all or nothing."""
    with transaction.atomic():
        plan = plan_employment(data, filename, options)
        if plan.changes_anything:
            write_employment(plan, now=timezone.now())
            log_action(
                "labour_employment.imported",
                actor=acting_user,
                changes={
                    "file": filename,
                    "source": options.source,
                    "classification": options.classification,
                    "created": plan.created,
                    "updated": plan.updated,
                    "new_areas": sorted(plan.new_areas),
                    "new_industries": sorted(plan.new_industries),
                },
            )
    return plan


def do_confirm_import(draft: ImportDraft, *, acting_user: User) -> MatrixPlan | EmploymentPlan:
    """Import a previewed file and remove its draft, in one transaction (the import's own audit row)."""
    with transaction.atomic():
        data = bytes(draft.data)
        plan: MatrixPlan | EmploymentPlan
        if draft.target == ImportDraft.Target.MATRIX:
            plan = do_import_matrix(
                data, acting_user=acting_user, filename=draft.filename, options=MatrixOptions(**draft.options)
            )
        else:
            plan = do_import_employment(
                data,
                acting_user=acting_user,
                filename=draft.filename,
                options=EmploymentOptions(**draft.options),
            )
        draft.delete()
    return plan


def stage_import(
    data: bytes, *, acting_user: User, target: str, filename: str, options: dict[str, object]
) -> ImportDraft:
    """Keep a previewed file for its uploader to confirm; drafts older than a day are cleared first.

    Not an audit-logged action: a draft changes nothing anyone else sees.
    """
    cutoff = timezone.now() - timedelta(days=1)
    ImportDraft.objects.filter(created_at__lt=cutoff).delete()
    return ImportDraft.objects.create(
        user=acting_user, target=target, filename=filename[:255], data=data, options=options
    )
