"""Skill relatedness pages: the overview with possible industries, close to those losing jobs, the
network, and the two imports (preview, then confirm). The choice of matrix, area and years is in the
query string so that every view can be linked to and bookmarked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.uploads import limits
from jamlik.indicators.models import Area
from jamlik.labour import actions, analysis
from jamlik.labour.access import get_draft_for_user, get_matrix_for_user
from jamlik.labour.forms import EmploymentImportForm, MatrixImportForm
from jamlik.labour.importers import (
    EMPLOYMENT_COLUMNS,
    EMPLOYMENT_EXAMPLE,
    MATRIX_COLUMNS,
    MATRIX_EXAMPLE,
    EmploymentOptions,
    ImportFailed,
    MatrixOptions,
    plan_employment,
    plan_matrix,
    template_csv,
)
from jamlik.labour.models import ImportDraft, Matrix
from jamlik.labour.network import build_network

DEFAULT_NETWORK_THRESHOLD = 0.1
ALPHA = 0.05  # the significance level of "only significant pairs"


@dataclass
class Selection:
    """The matrix, area and years a page is about, from the query string with sensible defaults."""

    matrices: Sequence[Matrix]
    matrix: Matrix | None = None
    areas: list[Area] = field(default_factory=list)
    area: Area | None = None
    years: list[int] = field(default_factory=list)

    @property
    def query_string(self) -> str:
        """The choice as a query string, for the links between the pages."""
        return urlencode(
            {"matris": self.matrix.pk if self.matrix else "", "omrade": self.area.code if self.area else ""}
        )


def _select(request: HttpRequest) -> Selection:
    matrices = list(Matrix.objects.annotate(n_pairs=Count("flows")).order_by("kind", "name"))
    selection = Selection(matrices=matrices)
    chosen = request.GET.get("matris", "")
    if chosen.isdigit():
        selection.matrix = get_matrix_for_user(request, int(chosen))
        selection.matrix = next((m for m in matrices if m.pk == selection.matrix.pk), selection.matrix)
    elif matrices:
        selection.matrix = matrices[0]
    if selection.matrix is None:
        return selection
    selection.areas = analysis.areas_with_employment(selection.matrix.classification)
    wanted = request.GET.get("omrade", "")
    local = [a for a in selection.areas if a.code != analysis.NATION] or selection.areas
    selection.area = next((a for a in selection.areas if a.code == wanted), local[0] if local else None)
    if selection.area is not None:
        selection.years = analysis.years_of(selection.area, selection.matrix.classification)
    return selection


def _year(request: HttpRequest, name: str, years: list[int], default: int | None) -> int | None:
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() and int(text) in years else default


def _alpha(request: HttpRequest, matrix: Matrix | None) -> float | None:
    """The significance filter, when asked for and the matrix has p-values (it was computed from counts)."""
    if matrix is None or not analysis.has_p_values(matrix) or request.GET.get("saker") != "1":
        return None
    return ALPHA


def _threshold(request: HttpRequest, default: float) -> float:
    try:
        value = float(request.GET.get("troskel", "").replace(",", "."))
    except ValueError:
        return default
    return min(max(value, -0.99), 0.99)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, "labour.view_labour")
    selection = _select(request)
    year = _year(request, "ar", selection.years, selection.years[-1] if selection.years else None)
    possible: list[dict[str, Any]] = []
    reference = ""
    alpha = _alpha(request, selection.matrix)
    if selection.matrix and selection.area and year:
        possible, reference = analysis.possible_industries(
            selection.area, selection.matrix, year, alpha=alpha
        )
    context = {
        "selection": selection,
        "alpha": alpha,
        "alpha_available": selection.matrix is not None and analysis.has_p_values(selection.matrix),
        "year": year,
        "possible": possible[:25],
        "reference": reference,
        "can_import": request.user.has_perm("labour.import_labour"),
    }
    return render(request, "labour/overview.html", context)


@login_required
def close_to_job_losses(request: HttpRequest) -> HttpResponse:
    require_perm(request, "labour.view_labour")
    selection = _select(request)
    years = selection.years
    start = _year(request, "fran", years, years[0] if years else None)
    end = _year(request, "till", years, years[-1] if years else None)
    context: dict[str, Any] = {"selection": selection, "start": start, "end": end}
    if selection.matrix and selection.area and start is not None and end is not None and start < end:
        changes = analysis.industry_changes(selection.area, selection.matrix.classification, start, end)
        declining = [c for c in changes if c["change"] < 0]
        wanted = request.GET.get("bransch", "")
        chosen = next((c for c in changes if c["industry"] == wanted), declining[0] if declining else None)
        context.update({"declining": declining, "chosen": chosen})
        if chosen is not None:
            context["neighbours"] = analysis.neighbours_of(
                selection.area, selection.matrix, chosen["industry"], start, end
            )
    return render(request, "labour/close_to_job_losses.html", context)


@login_required
def network(request: HttpRequest) -> HttpResponse:
    require_perm(request, "labour.view_labour")
    selection = _select(request)
    threshold = _threshold(request, DEFAULT_NETWORK_THRESHOLD)
    alpha = _alpha(request, selection.matrix)
    context: dict[str, Any] = {
        "selection": selection,
        "threshold": threshold,
        "alpha": alpha,
        "alpha_available": selection.matrix is not None and analysis.has_p_values(selection.matrix),
    }
    if selection.matrix is not None:
        matrix = selection.matrix
        known = analysis.names(matrix.classification)
        year = selection.years[-1] if selection.years else None
        employed = (
            analysis.local_employment(selection.area, matrix.classification, year)
            if selection.area and year
            else {}
        )
        focus = request.GET.get("bransch", "")
        focus = focus if focus in known else ""
        graph = build_network(
            analysis.symmetric_of(matrix),
            names={code: (i.name, i.section) for code, i in known.items()},
            employed=employed,
            threshold=threshold,
            focus=focus,
            alpha=alpha,
        )
        title = _("Skill relatedness network: %(matrix)s") % {"matrix": matrix.name}
        description = _("Industries as circles sized by local employment, links where SR̃ is above %(t)s.") % {
            "t": f"{threshold:.2f}"
        }
        context.update(
            {
                "graph": graph,
                "svg": graph.svg(title=title, description=description),
                "year": year,
                "focus": known.get(focus),
                "industries": sorted(
                    {n.code: n for n in graph.nodes}.values() if focus else known.values(),
                    key=lambda n: n.code,
                ),
            }
        )
    return render(request, "labour/network.html", context)


def _import_page(
    request: AuthenticatedHttpRequest, *, target: str, form: Any, template_url: str
) -> HttpResponse:
    errors: list[str] = []
    plan: Any = None
    draft = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.pop("file")
        data = upload.read(limits().max_bytes + 1)  # a bigger file is refused by the upload guard unread
        try:
            if target == ImportDraft.Target.MATRIX:
                options: Any = MatrixOptions(**form.cleaned_data)
                plan = plan_matrix(data, upload.name, options)
            else:
                options = EmploymentOptions(**form.cleaned_data)
                plan = plan_employment(data, upload.name, options)
        except ImportFailed as exc:
            errors = exc.errors
        else:
            draft = actions.stage_import(
                data, acting_user=request.user, target=target, filename=upload.name, options=options.as_json()
            )
    status = 400 if request.method == "POST" and draft is None else 200
    context = {
        "form": form,
        "target": target,
        "import_errors": errors,
        "plan": plan,
        "draft": draft,
        "template_url": template_url,
    }
    return render(request, "labour/import.html", context, status=status)


@login_required
def import_matrix(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "labour.import_labour")
    form = MatrixImportForm(request.POST or None, request.FILES or None)
    return _import_page(
        request, target=ImportDraft.Target.MATRIX, form=form, template_url="labour:template_matrix"
    )


@login_required
def import_employment(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "labour.import_labour")
    form = EmploymentImportForm(request.POST or None, request.FILES or None)
    return _import_page(
        request, target=ImportDraft.Target.EMPLOYMENT, form=form, template_url="labour:template_employment"
    )


@login_required
@require_POST
def confirm_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "labour.import_labour")
    draft = get_draft_for_user(request, pk)
    try:
        plan = actions.do_confirm_import(draft, acting_user=request.user)
    except ImportFailed as exc:
        messages.error(request, " ".join([_("Nothing was imported."), *exc.errors[:3]]))
        return redirect(
            "labour:import_matrix"
            if draft.target == ImportDraft.Target.MATRIX
            else "labour:import_employment"
        )
    if plan.changes_anything:
        messages.success(
            request,
            _("Imported: %(created)s new and %(updated)s changed rows.")
            % {"created": plan.created, "updated": plan.updated},
        )
    else:
        messages.info(request, _("Nothing changed: the data was already up to date."))
    return redirect("labour:overview")


@login_required
def download_template(request: HttpRequest, target: str) -> HttpResponse:
    require_perm(request, "labour.view_labour")
    if target == "matrix":
        body, name = template_csv(MATRIX_COLUMNS, MATRIX_EXAMPLE), "kompetensnarhet-matris-mall.csv"
    else:
        body, name = template_csv(EMPLOYMENT_COLUMNS, EMPLOYMENT_EXAMPLE), "sysselsattning-mall.csv"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
