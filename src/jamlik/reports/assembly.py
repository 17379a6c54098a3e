"""Assemble a follow-up report from the data, in a fixed number of queries.

Every related row is fetched with `prefetch_related`/`select_related` up front, so the number of
queries depends on the sections, not on how many processes, proposals or answers there are.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

import altair as alt
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jamlik.core.models import descendant_ids
from jamlik.followup.models import Action, ActionPlan, Answer, FollowUpRound, Idea, LearningLog, PlanTheme
from jamlik.goals.models import Programme, Strategy, TargetArea
from jamlik.processes.models import ChangeProcess, ProcessLeadership
from jamlik.proposals.models import AssessmentState, DecisionKind, Proposal
from jamlik.reports.content import BulletList, Figure, Paragraph, ReportContent, RichText, Section, Table
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


def _load(definition: ReportDefinition) -> dict[str, Any]:
    """Every row the report needs, each kind in one query."""
    start, end = definition.period_start, definition.period_end
    units = descendant_ids({definition.unit_id})
    upwards = {definition.unit_id, *(u.pk for u in definition.unit.ancestors())}
    leaderships = ProcessLeadership.objects.select_related("person").filter(
        Q(start__lte=end), Q(end__isnull=True) | Q(end__gte=start)
    )
    proposals = (
        Proposal.objects.select_related("latest_decision", "latest_assessment", "directed_to")
        .prefetch_related("target_areas")
        .order_by("heading", "pk")
    )
    processes = list(
        selected_processes(definition)
        .order_by("start", "name")
        .prefetch_related(
            Prefetch("leaderships", queryset=leaderships, to_attr="report_leaders"),
            Prefetch("proposals", queryset=proposals, to_attr="report_proposals"),
            "target_areas",
        )
    )
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
            Prefetch(
                "questions__answers", queryset=Answer.objects.only("id", "question_id", "theme_id", "text")
            ),
        )
    )
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
            by_theme: dict[int | None, list[str]] = defaultdict(list)
            for answer in question.answers.all():
                by_theme[answer.theme_id].append(answer.text)
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
        states = Counter(p.latest_assessment.state for p in process.report_proposals if p.latest_assessment)
        result = _("%(proposals)s proposals, %(implemented)s implemented") % {
            "proposals": len(process.report_proposals),
            "implemented": states.get(AssessmentState.IMPLEMENTED, 0),
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
        )
    )
    return section


def _figures(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.FIGURES, _("Key figures and charts"))
    processes = data["processes"]
    if not processes:
        return _empty(section, _("No change processes ran during the period."))
    proposals = [p for process in processes for p in process.report_proposals]
    decided = sum(1 for p in proposals if p.latest_decision and p.latest_decision.kind != DecisionKind.NONE)
    implemented = sum(
        1
        for p in proposals
        if p.latest_assessment and p.latest_assessment.state == AssessmentState.IMPLEMENTED
    )
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
        )
    )
    decision_labels = dict(DecisionKind.choices)
    state_labels = dict(AssessmentState.choices)
    by_decision = Counter(
        (
            process.name,
            str(decision_labels[p.latest_decision.kind]) if p.latest_decision else _("No decision yet"),
        )
        for process in processes
        for p in process.report_proposals
    )
    section.blocks.append(
        _bar_figure(
            _("Proposals by decision per change process"),
            _("The latest decision on each proposal, counted per change process."),
            by_decision,
            _("Decision"),
        )
    )
    by_state = Counter(
        (
            process.name,
            str(state_labels[p.latest_assessment.state]) if p.latest_assessment else _("Not assessed"),
        )
        for process in processes
        for p in process.report_proposals
    )
    section.blocks.append(
        _bar_figure(
            _("Proposals by implementation status per change process"),
            _("The latest implementation assessment of each proposal, counted per change process."),
            by_state,
            _("Implementation status"),
        )
    )
    section.blocks.append(_timeline_figure(definition, processes))
    by_area: Counter[tuple[str, str]] = Counter()
    for process in processes:
        for p in process.report_proposals:
            state = str(state_labels[p.latest_assessment.state]) if p.latest_assessment else _("Not assessed")
            for area in p.target_areas.all():
                by_area[(area.name, state)] += 1
    if by_area:
        section.blocks.append(
            _bar_figure(
                _("Implementation status per target area"),
                _("Proposals linked to each target area, by their latest implementation assessment."),
                by_area,
                _("Implementation status"),
                _("Target area"),
            )
        )
    return section


def _bar_figure(
    title: str, description: str, counts: Counter[tuple[str, str]], colour_title: str, row_title: str = ""
) -> Figure:
    row_title = row_title or _("Change process")
    records = [{"row": row, "group": group, "count": n} for (row, group), n in sorted(counts.items())]
    chart = (
        alt.Chart(alt.Data(values=records))
        .mark_bar()
        .encode(
            y=alt.Y("row:N", title=row_title, sort=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("count:Q", title=_("Number of proposals")),
            color=alt.Color("group:N", title=colour_title, scale=alt.Scale(scheme="tableau10")),
            tooltip=["row:N", "group:N", "count:Q"],
        )
        .properties(width=380, title=title)
        .configure_legend(labelLimit=220)
    )
    table = Table(
        title,
        [row_title, colour_title, _("Number")],
        [[str(r["row"]), str(r["group"]), str(r["count"])] for r in records],
    )
    return Figure(title, description, chart.to_dict(), table)


def _timeline_figure(definition: ReportDefinition, processes: list[ChangeProcess]) -> Figure:
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
    chart = (
        alt.Chart(alt.Data(values=records))
        .mark_bar()
        .encode(
            y=alt.Y("process:N", title=_("Change process"), sort=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(
                "start:T",
                title=_("Period"),
                scale=alt.Scale(
                    domain=[definition.period_start.isoformat(), definition.period_end.isoformat()]
                ),
            ),
            x2="end:T",
            color=alt.Color("status:N", title=_("Status"), scale=alt.Scale(scheme="tableau10")),
        )
        .properties(width=380, title=title)
        .configure_legend(labelLimit=220)
    )
    table = Table(
        title,
        [_("Change process"), _("From"), _("Until"), _("Status")],
        [[r["process"], r["start"], r["end"], r["status"]] for r in records],
    )
    return Figure(title, _("When each change process ran within the period."), chart.to_dict(), table)


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
                Table(plan.title, [_("No."), _("Action"), _("Responsible"), _("Due"), _("Status")], rows)
            )
        else:
            sub.blocks.append(Paragraph(_("The plan has no actions yet.")))
        section.subsections.append(sub)
    return section


def _appendices(definition: ReportDefinition, data: dict[str, Any]) -> Section:
    section = Section(SectionKey.APPENDICES, _("Appendices: proposals per change process"))
    if not data["processes"]:
        return _empty(section, _("No change processes ran during the period."))
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
                decision = p.latest_decision
                assessment = p.latest_assessment
                rows.append(
                    [
                        f"{p.heading}: {p.title}" if p.heading else p.title,
                        f"{decision.get_kind_display()} ({_d(decision.decided_on)})"
                        if decision
                        else _("No decision yet"),
                        (
                            f"{assessment.get_state_display()} – {assessment.assessor_name}, "
                            f"{assessment.assessor_role} ({_d(assessment.assessed_on)})"
                            + (f". {assessment.comment}" if assessment.comment else "")
                        )
                        if assessment
                        else _("Not assessed"),
                        ", ".join(a.name for a in p.target_areas.all()) or NONE,
                    ]
                )
            sub.blocks.append(
                Table(
                    _("Proposals from %(name)s") % {"name": process.name},
                    [_("Proposal"), _("Decision"), _("Latest implementation assessment"), _("Target areas")],
                    rows,
                )
            )
        section.subsections.append(sub)
    return section
