"""Assemble a follow-up report from the data, in a fixed number of queries.

Every related row is fetched with `prefetch_related`/`select_related` up front, so the number of
queries depends on the sections, not on how many processes, proposals or answers there are.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import altair as alt
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jamlik.core.models import descendant_ids
from jamlik.followup.models import Action, ActionPlan, Answer, FollowUpRound, Idea, LearningLog, PlanTheme
from jamlik.goals.models import Programme, Strategy, TargetArea
from jamlik.kpis.reporting import kpi_intro, kpi_table
from jamlik.processes.models import ChangeProcess, ProcessLeadership
from jamlik.proposals.models import AssessmentState, DecisionKind, Proposal
from jamlik.reports.content import (
    BulletList,
    Figure,
    Paragraph,
    RecordList,
    ReportContent,
    RichText,
    Section,
    Table,
)
from jamlik.reports.models import ReportDefinition
from jamlik.reports.models import Section as SectionKey

NONE = "–"


def _d(value: datetime.date | None) -> str:
    return value.isoformat() if value else NONE


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if start is None:
        return NONE
    return f"{start:%Y-%m}–{end:%Y-%m}" if end else f"{start:%Y-%m}–"


def selected_processes(definition: ReportDefinition) -> Any:
    """The processes the report covers: those chosen, else every one of the unit's running in the period."""
    base = ChangeProcess.objects.all()
    chosen = definition.processes.all()
    if chosen.exists():
        return base.filter(pk__in=chosen.values("pk"))
    units = descendant_ids({definition.unit_id})
    return base.filter(
        Q(owner_unit_id__in=units),
        Q(start__lte=definition.period_end) | Q(start__isnull=True),
        Q(end__isnull=True) | Q(end__gte=definition.period_start),
    ).exclude(status=ChangeProcess.Status.PROPOSED)


@dataclass(slots=True)
class ProposalRow:
    """One proposal with its latest decision and assessment, read as plain values.

    A report can hold thousands of proposals; values rows skip building three model instances per
    proposal and looking up display labels row by row, which made assembly the slow part.
    """

    process_id: int
    heading: str
    title: str
    decision_kind: str | None
    decided_on: datetime.date | None
    # The assessment's fields are None, like `state`, while the proposal has no assessment.
    state: str | None
    assessed_on: datetime.date | None
    assessor_name: str | None
    assessor_role: str | None
    comment: str | None
    areas: list[str] = field(default_factory=list)


def _proposal_rows(processes: Any) -> dict[int, list[ProposalRow]]:
    """The proposals of the chosen processes by process, in report order: two queries in all."""
    areas: dict[int, list[str]] = defaultdict(list)
    links = (
        Proposal.target_areas.through.objects.filter(proposal__process__in=processes)
        .order_by("targetarea__programme", "targetarea__position", "targetarea__pk")
        .values_list("proposal_id", "targetarea__name")
    )
    for proposal_id, name in links:
        areas[proposal_id].append(name)
    rows: dict[int, list[ProposalRow]] = defaultdict(list)
    values = (
        Proposal.objects.filter(process__in=processes)
        .order_by("heading", "pk")
        .values_list(
            "pk",
            "process_id",
            "heading",
            "title",
            "latest_decision__kind",
            "latest_decision__decided_on",
            "latest_assessment__state",
            "latest_assessment__assessed_on",
            "latest_assessment__assessor_name",
            "latest_assessment__assessor_role",
            "latest_assessment__comment",
        )
    )
    for (
        pk,
        process_id,
        heading,
        title,
        decision_kind,
        decided_on,
        state,
        assessed_on,
        assessor_name,
        assessor_role,
        comment,
    ) in values:
        row = ProposalRow(
            process_id,
            heading,
            title,
            decision_kind,
            decided_on,
            state,
            assessed_on,
            assessor_name,
            assessor_role,
            comment,
            areas=areas.get(pk, []),
        )
        rows[process_id].append(row)
    return rows


def _load(definition: ReportDefinition) -> dict[str, Any]:
    """Every row the report needs, each kind in one query."""
    start, end = definition.period_start, definition.period_end
    units = descendant_ids({definition.unit_id})
    upwards = {definition.unit_id, *(u.pk for u in definition.unit.ancestors())}
    leaderships = ProcessLeadership.objects.select_related("person").filter(
        Q(start__lte=end), Q(end__isnull=True) | Q(end__gte=start)
    )
    chosen = selected_processes(definition)
    processes = list(
        chosen.order_by("start", "name").prefetch_related(
            Prefetch("leaderships", queryset=leaderships, to_attr="report_leaders"),
            "target_areas",
        )
    )
    proposals = _proposal_rows(chosen.values("pk"))
    for process in processes:
        process.report_proposals = proposals.get(process.pk, [])
    process_ids = [p.pk for p in processes]
    programmes = list(
        Programme.objects.filter(
            Q(owner_unit_id__in=upwards) | Q(target_areas__change_processes__in=process_ids)
        )
        .distinct()
        .prefetch_related(
            Prefetch("target_areas", queryset=TargetArea.objects.order_by("position", "pk")),
            Prefetch("target_areas__strategies", queryset=Strategy.objects.order_by("position", "pk")),
            "principles",
            "knowledge_items",
        )
    )
    rounds = list(
        FollowUpRound.objects.filter(owner_unit_id__in=units)
        .filter(Q(groups__date__range=(start, end)) | Q(groups__isnull=True))
        .distinct()
        .order_by("pk")
        .prefetch_related(
            "groups",
            "questions__themes",
        )
    )
    # Thousands of answers: read as values, grouped by question and theme.
    answers: dict[int, dict[int | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    if rounds:
        rows = Answer.objects.filter(question__round__in=[r.pk for r in rounds])
        for question_id, theme_id, text in rows.values_list("question_id", "theme_id", "text"):
            answers[question_id][theme_id].append(text)
    logs = list(
        LearningLog.objects.filter(process_id__in=process_ids, period_start__lte=end, period_end__gte=start)
        .select_related("process", "author")
        .order_by("process__name", "period_start")
    )
    ideas = list(Idea.objects.filter(owner_unit_id__in=units).select_related("owner"))
    plans = list(
        ActionPlan.objects.filter(owner_unit_id__in=units)
        .filter(Q(adopted_on__isnull=True) | Q(adopted_on__gte=start))
        .order_by("pk")
        .prefetch_related(
            Prefetch("themes", queryset=PlanTheme.objects.order_by("number")),
            Prefetch("themes__actions", queryset=Action.objects.select_related("owner").order_by("letter")),
        )
    )
    return {
        "processes": processes,
        "programmes": programmes,
        "rounds": rounds,
        "answers": answers,
        "logs": logs,
        "ideas": ideas,
        "plans": plans,
    }


def assemble_report(definition: ReportDefinition) -> ReportContent:
    data = _load(definition)
    builders = {
        SectionKey.BACKGROUND: _background,
        SectionKey.ORGANISATION: _organisation,
        SectionKey.METHOD: _method,
        SectionKey.ROUNDS: _rounds,
        SectionKey.PROCESSES: _processes,
        SectionKey.FIGURES: _figures,
        SectionKey.LEARNING: _learning,
        SectionKey.IDEAS: _ideas,
        SectionKey.PLANS: _plans,
        SectionKey.APPENDICES: _appendices,
    }
    sections: list[Section] = []
    if definition.introduction:
        sections.append(Section("introduction", _("Introduction"), [RichText(definition.introduction)]))
    for key, build in builders.items():
        if definition.has_section(key):
            sections.append(build(definition, data))
    if definition.conclusions:
        sections.append(Section("conclusions", _("Conclusions"), [RichText(definition.conclusions)]))
    for number, (_depth, section) in enumerate((item for s in sections for item in s.walk()), start=1):
        section.anchor = f"s{number}-{section.key}"
    return ReportContent(
        title=definition.title,
        unit=definition.unit.name,
        period_start=definition.period_start,
        period_end=definition.period_end,
        generated_on=timezone.localdate(),
        sections=sections,
    )


def _empty(section: Section, text: str) -> Section:
    section.blocks.append(Paragraph(text))
    return section


def _leaders(process: ChangeProcess) -> str:
    names = sorted({str(leadership.person) for leadership in getattr(process, "report_leaders", [])})
    return ", ".join(names) or NONE


# --- Sections ------------------------------------------------------------------------------------------


def _background(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.BACKGROUND, _("Background and programme"))
    if not data["programmes"]:
        return _empty(section, _("No programme is registered for this organisation unit."))
    for programme in data["programmes"]:
        sub = Section(f"programme-{programme.pk}", programme.name)
        sub.blocks.append(
            Paragraph(
                _("Programme period %(start)s–%(end)s.")
                % {"start": programme.start_year, "end": programme.end_year}
            )
        )
        if programme.description:
            sub.blocks.append(Paragraph(programme.description))
        for area in programme.target_areas.all():
            sub.blocks.append(Paragraph(_("Target area: %(name)s") % {"name": area.name}))
            strategies = [strategy.name for strategy in area.strategies.all()]
            if strategies:
                sub.blocks.append(BulletList(strategies))
        principles = [p.name for p in programme.principles.all()]
        if principles:
            sub.blocks.append(Paragraph(_("Principles")))
            sub.blocks.append(BulletList(principles))
        knowledge = [k.name for k in programme.knowledge_items.all()]
        if knowledge:
            sub.blocks.append(Paragraph(_("Knowledge base")))
            sub.blocks.append(BulletList(knowledge))
        section.subsections.append(sub)
    return section


def _organisation(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.ORGANISATION, _("Purpose and organisation"))
    processes = data["processes"]
    section.blocks.append(
        Paragraph(
            _(
                "The follow-up covers the equality work of %(unit)s from %(start)s to %(end)s: "
                "%(count)s change processes, each led by a pair of process leaders."
            )
            % {
                "unit": definition.unit.name,
                "start": date_format(definition.period_start),
                "end": date_format(definition.period_end),
                "count": len(processes),
            }
        )
    )
    leaders = sorted({str(lead.person) for p in processes for lead in p.report_leaders})
    if leaders:
        section.blocks.append(Paragraph(_("Process leaders during the period:")))
        section.blocks.append(BulletList(leaders))
    return section


def _method(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.METHOD, _("How the follow-up was done"))
    if not data["rounds"]:
        return _empty(section, _("No follow-up rounds were held during the period."))
    for round_ in data["rounds"]:
        sub = Section(f"method-{round_.pk}", round_.title)
        if round_.description:
            sub.blocks.append(Paragraph(round_.description))
        groups = list(round_.groups.all())
        if groups:
            sub.blocks.append(
                Table(
                    _("Groups asked in %(round)s") % {"round": round_.title},
                    [_("Group"), _("Date")],
                    [[group.name, _d(group.date)] for group in groups],
                    widths=[70, 30],
                )
            )
        questions = [q.text for q in round_.questions.all()]
        if questions:
            sub.blocks.append(Paragraph(_("Questions:")))
            sub.blocks.append(BulletList(questions))
        if round_.steps():
            sub.blocks.append(Paragraph(_("Method:")))
            sub.blocks.append(BulletList(round_.steps()))
        section.subsections.append(sub)
    return section


def _rounds(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.ROUNDS, _("Results of the follow-up rounds"))
    if not data["rounds"]:
        return _empty(section, _("No follow-up rounds were held during the period."))
    for round_ in data["rounds"]:
        sub = Section(f"round-{round_.pk}", round_.title)
        for question in round_.questions.all():
            by_theme = data["answers"].get(question.pk, {})
            sub.blocks.append(Paragraph(question.text))
            rows = []
            for theme in question.themes.all():
                answers = by_theme.get(theme.pk, [])
                rows.append([theme.name, str(len(answers)), _examples(answers)])
            if by_theme.get(None):
                rows.append([_("Not yet grouped"), str(len(by_theme[None])), _examples(by_theme[None])])
            if rows:
                sub.blocks.append(
                    Table(
                        _("Themes: %(question)s") % {"question": question.text},
                        [_("Theme"), _("Answers"), _("Examples")],
                        rows,
                        widths=[24, 10, 66],
                    )
                )
            else:
                sub.blocks.append(Paragraph(_("No answers.")))
        section.subsections.append(sub)
    return section


def _examples(answers: list[str], limit: int = 3) -> str:
    shown = [text.strip().replace("\n", " ") for text in answers[:limit]]
    extra = len(answers) - len(shown)
    text = " • ".join(shown)
    if extra > 0:
        text += " " + _("(and %(count)s more)") % {"count": extra}
    return text


def _processes(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.PROCESSES, _("Change processes"))
    processes = data["processes"]
    if not processes:
        return _empty(section, _("No change processes ran during the period."))
    rows = []
    for process in processes:
        implemented = sum(1 for p in process.report_proposals if p.state == AssessmentState.IMPLEMENTED)
        result = _("%(proposals)s proposals, %(implemented)s implemented") % {
            "proposals": len(process.report_proposals),
            "implemented": implemented,
        }
        rows.append(
            [
                f"{process.name}\n{_leaders(process)}",
                _period(process.start, process.end),
                process.purpose or NONE,
                f"{process.get_status_display()}. {result}",
            ]
        )
    section.blocks.append(
        Table(
            _("Change processes %(period)s")
            % {"period": f"{definition.period_start:%Y}–{definition.period_end:%Y}"},
            [_("Change process and process leaders"), _("Period"), _("Purpose"), _("Result")],
            rows,
            widths=[26, 12, 37, 25],
        )
    )
    return section


# At most this many bars per chart: a chart must fit on one page and its labels stay readable, so a
# report with many processes gets the chart in parts (same colours and scale in every part).
CHART_ROWS = 30
# Axis labels (process and target-area names) are cut to this many characters, with an ellipsis, by a
# Vega expression: Vega's own pixel limit measures every label's width to decide, which made each chart
# twice as slow to draw. The data keep the full names (bars of two processes whose names start alike
# stay apart), and so does the table beside the chart.
LABEL_CHARS = 40


def _label_axis() -> alt.Axis:
    """The axis of process and target-area names, each label cut to LABEL_CHARS characters."""
    return alt.Axis(labelLimit=0, labelExpr=f"truncate(datum.label, {LABEL_CHARS})")


# Room on the right: the chart's width is computed from the labels' measured widths, which can fall a
# few pixels short of the drawn text and cut off the legend's last letters.
PADDING = {"left": 5, "top": 5, "bottom": 5, "right": 20}
# A font installed with the app's PDF fonts, named so that vl-convert measures the labels in the font
# WeasyPrint draws them in ("sans-serif" meant different fonts to the two, and long labels ran into
# the axis title).
CHART_FONT = "Liberation Sans, Arial, sans-serif"


def _labels(choices: Any) -> dict[str, str]:
    """Display labels of a choices class, translated once instead of once per row."""
    return {value: str(label) for value, label in choices}


def _figures(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.FIGURES, _("Key figures and charts"))
    processes = data["processes"]
    if not processes:
        return _empty(section, _("No change processes ran during the period."))
    proposals = [p for process in processes for p in process.report_proposals]
    decided = sum(1 for p in proposals if p.decision_kind and p.decision_kind != DecisionKind.NONE)
    implemented = sum(1 for p in proposals if p.state == AssessmentState.IMPLEMENTED)
    section.blocks.append(
        Table(
            _("Key figures"),
            [_("Measure"), _("Number")],
            [
                [_("Change processes"), str(len(processes))],
                [_("Proposals"), str(len(proposals))],
                [_("Proposals decided"), str(decided)],
                [_("Proposals implemented"), str(implemented)],
                [_("Follow-up rounds"), str(len(data["rounds"]))],
            ],
            widths=[70, 30],
        )
    )
    no_decision, not_assessed = _("No decision yet"), _("Not assessed")
    decision_labels = _labels(DecisionKind.choices)
    state_labels = _labels(AssessmentState.choices)
    names = [process.name for process in processes]
    by_decision = {
        process.name: Counter(
            decision_labels[p.decision_kind] if p.decision_kind else no_decision
            for p in process.report_proposals
        )
        for process in processes
    }
    section.blocks += _bar_figures(
        _("Proposals by decision per change process"),
        _("The latest decision on each proposal, counted per change process."),
        names,
        by_decision,
        [*decision_labels.values(), no_decision],
        _("Decision"),
    )
    by_state = {
        process.name: Counter(
            state_labels[p.state] if p.state else not_assessed for p in process.report_proposals
        )
        for process in processes
    }
    section.blocks += _bar_figures(
        _("Proposals by implementation status per change process"),
        _("The latest implementation assessment of each proposal, counted per change process."),
        names,
        by_state,
        [*state_labels.values(), not_assessed],
        _("Implementation status"),
    )
    section.blocks += _timeline_figures(definition, processes)
    by_area: dict[str, Counter[str]] = defaultdict(Counter)
    for p in proposals:
        for area in p.areas:
            by_area[area][state_labels[p.state] if p.state else not_assessed] += 1
    if by_area:
        section.blocks += _bar_figures(
            _("Implementation status per target area"),
            _("Proposals linked to each target area, by their latest implementation assessment."),
            sorted(by_area),
            by_area,
            [*state_labels.values(), not_assessed],
            _("Implementation status"),
            _("Target area"),
        )
    kpis = kpi_table(descendant_ids({definition.unit_id}))
    if kpis is not None:
        section.subsections.append(
            Section(
                "kpis",
                _("Key figures"),
                [Paragraph(kpi_intro()), Table(*kpis, widths=[34, 12, 14, 10, 15, 15])],
            )
        )
    return section


def _parts(title: str, rows: list[str]) -> list[tuple[str, list[str]]]:
    """The rows of a chart split into page-sized parts, each titled with its number if there are several."""
    chunks = [rows[i : i + CHART_ROWS] for i in range(0, len(rows), CHART_ROWS)] or [[]]
    if len(chunks) == 1:
        return [(title, chunks[0])]
    return [(f"{title} ({n}/{len(chunks)})", chunk) for n, chunk in enumerate(chunks, start=1)]


def _styled_spec(chart: alt.Chart, title: str) -> dict[str, Any]:
    """The spec of a report chart: its width, padding, font and legend are the same in every chart."""
    styled = (
        chart.properties(width=380, title=title, padding=PADDING)
        .configure(font=CHART_FONT)
        .configure_legend(labelLimit=220)
    )
    return styled.to_dict(validate=False)


def _with_data(
    spec: dict[str, Any], title: str, records: list[dict[str, Any]], rows: list[str] | None = None
) -> dict[str, Any]:
    """A chart's spec for one part: Altair builds (and checks) a chart once, the parts differ in data.

    With `rows`, every row gets its place on the axis, also one without a bar (a process with no
    proposals yet), as it has its line in the table.
    """
    part = {**spec, "title": title, "data": {"values": records}}
    if rows is not None:
        axis = spec["encoding"]["y"]
        part["encoding"] = {
            **spec["encoding"],
            "y": {**axis, "scale": {**axis.get("scale", {}), "domain": rows}},
        }
    return part


def _bar_figures(
    title: str,
    description: str,
    rows: list[str],
    counts: dict[str, Counter[str]],
    groups: list[str],
    colour_title: str,
    row_title: str = "",
) -> list[Figure]:
    """Stacked bars of `counts` (row -> group -> number) with the same numbers as a row-per-bar table."""
    row_title = row_title or _("Change process")
    groups = [group for group in dict.fromkeys(groups) if any(counts[row][group] for row in rows)]
    most = max((sum(counts[row].values()) for row in rows), default=0)
    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar()
        .encode(
            y=alt.Y("row:N", title=row_title, sort=None, axis=_label_axis()),
            x=alt.X("count:Q", title=_("Number of proposals"), scale=alt.Scale(domain=[0, max(most, 1)])),
            color=alt.Color(
                "group:N", title=colour_title, scale=alt.Scale(domain=groups, scheme="tableau10")
            ),
            tooltip=["row:N", "group:N", "count:Q"],
        )
    )
    spec = _styled_spec(chart, title)
    figures = []
    for part_title, part in _parts(title, rows):
        records = [
            {"row": row, "group": group, "count": counts[row][group]}
            for row in part
            for group in groups
            if counts[row][group]
        ]
        table = Table(
            part_title,
            [row_title, *groups, _("Total")],
            [[row, *(str(counts[row][g]) for g in groups), str(sum(counts[row].values()))] for row in part],
            widths=[28] + [72 // (len(groups) + 1)] * (len(groups) + 1),
        )
        figures.append(Figure(part_title, description, _with_data(spec, part_title, records, part), table))
    return figures


def _timeline_figures(definition: ReportDefinition, processes: list[ChangeProcess]) -> list[Figure]:
    title = _("Change processes over the period")
    records = []
    for process in processes:
        start = max(process.start or definition.period_start, definition.period_start)
        end = min(process.end or definition.period_end, definition.period_end)
        records.append(
            {
                "process": process.name,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "status": str(process.get_status_display()),
            }
        )
    statuses = list(dict.fromkeys(r["status"] for r in records))
    domain = [definition.period_start.isoformat(), definition.period_end.isoformat()]
    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar()
        .encode(
            y=alt.Y("process:N", title=_("Change process"), sort=None, axis=_label_axis()),
            x=alt.X("start:T", title=_("Period"), scale=alt.Scale(domain=domain)),
            x2="end:T",
            color=alt.Color(
                "status:N", title=_("Status"), scale=alt.Scale(domain=statuses, scheme="tableau10")
            ),
        )
    )
    spec = _styled_spec(chart, title)
    figures = []
    for part_title, part in _parts(title, [str(n) for n in range(len(records))]):
        part_records = [records[int(n)] for n in part]
        table = Table(
            part_title,
            [_("Change process"), _("From"), _("Until"), _("Status")],
            [[r["process"], r["start"], r["end"], r["status"]] for r in part_records],
            widths=[40, 20, 20, 20],
        )
        figures.append(
            Figure(
                part_title,
                _("When each change process ran within the period."),
                _with_data(spec, part_title, part_records),
                table,
            )
        )
    return figures


def _learning(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.LEARNING, _("Learning and signs of change"))
    if not data["logs"]:
        return _empty(section, _("No learning logs were written during the period."))
    for log in data["logs"]:
        sub = Section(
            f"log-{log.pk}",
            f"{log.process.name}, {log.period_start:%Y-%m}–{log.period_end:%Y-%m}",
        )
        for label, text in (
            (_("Activities"), log.activities),
            (_("Experiences and learning"), log.experiences),
            (_("New activities"), log.new_activities),
            (_("Signs of change"), log.signs_of_change),
        ):
            if text:
                sub.blocks.append(Paragraph(f"{label}: {text}"))
        section.subsections.append(sub)
    return section


def _ideas(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.IDEAS, _("Ideas for continuation"))
    if not data["ideas"]:
        return _empty(section, _("No ideas for continuation are registered."))
    section.blocks.append(
        Table(
            _("Ideas for continuation"),
            [_("Rank"), _("Heading"), _("Idea"), _("Decision")],
            [
                [str(idea.rank or NONE), idea.heading or NONE, idea.text, str(idea.get_decision_display())]
                for idea in data["ideas"]
            ],
            widths=[11, 24, 49, 16],
        )
    )
    return section


def _plans(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.PLANS, _("Action plans"))
    if not data["plans"]:
        return _empty(section, _("No action plans are registered."))
    for plan in data["plans"]:
        sub = Section(f"plan-{plan.pk}", plan.title)
        if plan.adopted_on:
            sub.blocks.append(Paragraph(_("Adopted on %(date)s.") % {"date": _d(plan.adopted_on)}))
        rows = []
        for theme in plan.themes.all():
            for action in theme.actions.all():
                rows.append(
                    [
                        f"{theme.number}{action.letter}",
                        f"{theme.title}: {action.text}",
                        str(action.owner) if action.owner else NONE,
                        _d(action.due_on),
                        str(action.get_status_display()),
                    ]
                )
        if rows:
            sub.blocks.append(
                Table(
                    plan.title,
                    [_("No."), _("Action"), _("Responsible"), _("Due"), _("Status")],
                    rows,
                    widths=[7, 45, 18, 12, 18],
                )
            )
        else:
            sub.blocks.append(Paragraph(_("The plan has no actions yet.")))
        section.subsections.append(sub)
    return section


def _appendices(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.APPENDICES, _("Appendices: proposals per change process"))
    if not data["processes"]:
        return _empty(section, _("No change processes ran during the period."))
    decision_labels = _labels(DecisionKind.choices)
    state_labels = _labels(AssessmentState.choices)
    no_decision, not_assessed = _("No decision yet"), _("Not assessed")
    columns = [_("Proposal"), _("Decision"), _("Latest assessment"), _("Target areas")]
    for number, process in enumerate(data["processes"], start=1):
        sub = Section(
            f"appendix-{process.pk}", _("Appendix %(n)s: %(name)s") % {"n": number, "name": process.name}
        )
        areas = ", ".join(area.name for area in process.target_areas.all()) or NONE
        sub.blocks.append(Paragraph(_("Target areas: %(areas)s") % {"areas": areas}))
        if not process.report_proposals:
            sub.blocks.append(Paragraph(_("The change process made no proposals.")))
        else:
            rows = []
            for p in process.report_proposals:
                rows.append(
                    [
                        f"{p.heading}: {p.title}" if p.heading else p.title,
                        f"{decision_labels[p.decision_kind]} ({_d(p.decided_on)})"
                        if p.decision_kind
                        else no_decision,
                        (
                            f"{state_labels[p.state]} – {p.assessor_name}, "
                            f"{p.assessor_role} ({_d(p.assessed_on)})"
                            + (f". {p.comment}" if p.comment else "")
                        )
                        if p.state
                        else not_assessed,
                        ", ".join(p.areas) or NONE,
                    ]
                )
            sub.blocks.append(
                RecordList(_("Proposals from %(name)s") % {"name": process.name}, columns, rows)
            )
        section.subsections.append(sub)
    return section
