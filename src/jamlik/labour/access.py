"""Fetching labour data for a user: what the user may not see and what does not exist answer alike (404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.labour.models import ImportDraft, Matrix


def get_matrix_for_user(request: HttpRequest, pk: int) -> Matrix:
    matrix = Matrix.objects.filter(pk=pk).first()
    if matrix is None or not request.user.has_perm("labour.view_labour", matrix):
        raise Http404
    return matrix


def get_draft_for_user(request: HttpRequest, pk: int) -> ImportDraft:
    """A draft belongs to its uploader alone, fetched through them."""
    if not request.user.has_perm("labour.import_labour"):
        raise Http404
    draft = ImportDraft.objects.filter(pk=pk, user=request.user).first() if request.user.pk else None
    if draft is None:
        raise Http404
    return draft
