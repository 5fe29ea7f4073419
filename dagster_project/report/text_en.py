"""English sentences with the same facts and rules as :mod:`.text_vi` (English number form)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from dagster_project.common.markdown_text import one_line
from dagster_project.report import labels
from dagster_project.report.model import Figure, ReportContext, Row, incomplete_indicators
from dagster_project.report.numbers_en import (
    QUALIFIER_EN,
    format_count_en,
    format_date_en,
    format_number_en,
    format_percent_en,
)
from dagster_project.report.text_vi import lower_first


def join_en(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def province_label_en(code: str, name: str | None = None) -> str:
    if not name:
        return f"province {one_line(code)}"
    lowered = name.strip().lower()
    if lowered.startswith(("tỉnh ", "thành phố ", "tp. ", "tp ")):
        return one_line(name.strip())
    return f"{one_line(name.strip())} province"


def title_en(
    province_label: str,
    year: int,
    period: str,
    sector_name: str = labels.SECTOR_NAME_EN,
    through: date | None = None,
) -> str:
    if period == "FY":
        when = f"the year {year}"
    else:
        when = f"the {labels.period_label_en(period)} of {year}"
    if through is not None:
        when += f" (to {format_date_en(through)})"
    return f"Results for {when} — {sector_name} sector, {province_label}"


def period_phrase_en(year: int, period: str, through: date | None = None) -> str:
    if through is not None:
        return f"Up to {format_date_en(through)}"
    return labels.period_phrase_en(year, period)


def value_en(figure: Figure) -> str:
    if figure.is_percent:
        return format_percent_en(figure.value)
    text = format_number_en(figure.value)
    if figure.qualifier:
        text = f"{QUALIFIER_EN[figure.qualifier]} {text}"
    unit = labels.unit_en(figure.unit)
    return f"{text} {one_line(unit)}" if unit else text


def value_of_en(figure: Figure, value) -> str:
    if figure.is_percent:
        return format_percent_en(value)
    unit = labels.unit_en(figure.unit)
    return f"{format_number_en(value)}{f' {one_line(unit)}' if unit else ''}"


def plan_label_en(figure: Figure, say_source: bool = True) -> str:
    source = figure.plan_source if say_source else None
    source = f" of the {one_line(labels.PLAN_SOURCE_EN.get(source, source))}" if source else ""
    return f"the {figure.year} plan{source}"


def plan_clause_en(figure: Figure, say_source: bool = True) -> str | None:
    """The same rules as :func:`.text_vi.plan_clause_vi`."""
    label = plan_label_en(figure, say_source)
    if figure.plan_value is None:
        pass  # only a share of the plan can be said
    elif figure.lower_is_better:
        if figure.value <= figure.plan_value:
            return f"meeting {label}"
        return f"above {label} ({value_of_en(figure, figure.plan_value)})"
    elif figure.is_percent:
        if figure.value >= figure.plan_value:
            return None
        return f"short of {label} ({format_percent_en(figure.plan_value)})"
    if figure.pct_of_plan is None or figure.is_percent:
        return None
    estimated = "an estimated " if figure.estimate else ""
    return f"{estimated}{format_percent_en(figure.pct_of_plan)} of {label}"


def change_clause_en(figure: Figure) -> str | None:
    if figure.lower_is_better and figure.value == 0 and figure.last_year:
        clause = f"against {value_of_en(figure, figure.last_year)} a year earlier"
    else:
        clause = _change_en(figure)
    if clause and figure.pro_forma:
        clause += " (pro-forma base: the predecessor provinces combined)"
    return clause


def _change_en(figure: Figure) -> str | None:
    change = figure.change
    if change is None:
        if figure.prev_value is None:
            return None
        return f"against {value_of_en(figure, figure.prev_value)} a year earlier"
    if change.direction == "same":
        return "level with a year earlier"
    size = format_number_en(change.amount, 1)
    if change.points:
        size = f"{size} percentage point{'' if change.amount == 1 else 's'}"
    else:
        size = f"{size}%"
    return f"{'up' if change.direction == 'up' else 'down'} {size} year on year"


def _verb(figure: Figure, has_plan_clause: bool) -> str:
    if figure.lower_is_better:
        return "was an estimated" if figure.estimate else "was"
    if figure.estimate and not has_plan_clause and figure.qualifier is None:
        return "reached an estimated"
    return "reached"


def part_en(figure: Figure, say_source: bool = True) -> str:
    text = f"{lower_first(one_line(figure.name_en))} {_verb(figure, False)} {value_en(figure)}"
    plan = plan_clause_en(figure, say_source)
    return f"{text} ({plan})" if plan else text


def _core_en(figure: Figure, template: str | None, has_plan: bool) -> str:
    if template:
        return template.format(value=value_en(figure))
    name = one_line(figure.name_en)
    if figure.lower_is_better and figure.kind == "stock" and figure.value == 0:
        return f"{name}: none"
    return f"{name} {_verb(figure, has_plan)} {value_en(figure)}"


def sentence_en(
    figure: Figure,
    period: str,
    parts: Iterable[Figure] = (),
    with_opener: bool = True,
    *,
    template: str | None = None,
    group: Iterable[tuple[Figure, str | None]] = (),
    say_source: bool = True,
    period_phrase: str | None = None,
) -> str:
    if not with_opener:
        opener = ""
    elif figure.cutoff is not None:
        opener = f"As of {format_date_en(figure.cutoff)}, "
    elif figure.kind == "flow":
        opener = f"{period_phrase or labels.period_phrase_en(figure.year, period)}, "
    else:
        opener = ""
    plan = plan_clause_en(figure, say_source)
    core = _core_en(figure, template, plan is not None and not figure.lower_is_better)
    # The phrase book's words keep their case ("Sở"); a catalogue name is lowered.
    text = opener + (lower_first(core) if opener and not template else core)
    for clause in (plan, change_clause_en(figure)):
        if clause:
            text += f", {clause}"
    for member, member_template in group:
        text += f"; {_core_en(member, member_template, False)}"
        change = None if member_template else change_clause_en(member)
        text += f", {change}" if change else ""
    text = text[:1].upper() + text[1:] + "."
    parts = [part_en(part, say_source) for part in parts]
    if parts:
        text += f" Of this, {join_en(parts)}."
    return text


def enterprise_sentence_en(
    counts: Sequence[tuple[str, int]],
    province_label: str,
    on: date | None = None,
    phrases: Mapping[str, str] | None = None,
) -> str | None:
    table = {key.lower(): value for key, value in (phrases or labels.ACTIVITY_PHRASES_EN).items()}
    items = []
    for activity, n in counts:
        if n <= 0:
            continue
        template = table.get(activity.lower(), labels.ACTIVITY_FALLBACK_EN)
        items.append(template.format(n=format_count_en(n), activity=one_line(activity)))
    if not items:
        return None
    opener = f"As of {format_date_en(on)}" if on else "Today"
    return f"{opener}, {province_label} had {join_en(items)}."


def status_summary_en(rows: Iterable[Row]) -> str | None:
    counts = {status: 0 for status in ("ahead", "on_track", "behind")}
    behind = []
    for row in rows:
        status = row.get("status")
        if status in counts:
            counts[status] += 1
            if status == "behind":
                name = row.get("indicator_name_en") or row.get("indicator_code")
                behind.append(lower_first(one_line(name)))
    if not any(counts.values()):
        return None
    pieces = [
        f"{n} indicator{'s' if n > 1 else ''} {labels.STATUS_EN[status]}"
        for status, n in counts.items()
        if n
    ]
    text = f"Against where the plan should stand at the period end: {join_en(pieces)}"
    if behind:
        text += f" ({join_en(behind)})"
    return text + "."


def _missed_en(context: ReportContext) -> str:
    parts = []
    for missed in context.missed_deadlines:
        counts = [
            f"{n} {what}"
            for n, what in ((missed.n_late, "late"), (missed.n_missing, "missing"))
            if n
        ]
        period = labels.reporting_period_en(missed.frequency, missed.period_start)
        parts.append(f"{period} (due {format_date_en(missed.deadline)}): {', '.join(counts)}")
    return "; ".join(parts)


def notes_en(context: ReportContext) -> list[str]:
    end = context.period_end
    start = f"1 {'January' if context.period in ('H1', 'FY') else 'July'} {context.year}"
    notes = []
    if end is not None:
        note = f"Reporting period: {start} to {format_date_en(end)}"
        if context.through is not None:
            note += f"; still under way, figures to {format_date_en(context.through)}"
        notes.append(note + ".")
    cutoff = context.data_cutoff
    if cutoff is not None:
        text = f"Figures from the submissions received, up to {format_date_en(cutoff)}"
        if end is not None and cutoff < end:
            text += " (before the period end)"
        notes.append(text + '; figures counted to an earlier cut-off say "As of" in the text.')
    if context.has_estimates:
        notes.append(
            '"(est.)": the figure includes estimates by the reporting units; final '
            "figures may change when the actuals arrive."
        )
    notes.append(
        "% of plan: actual against the annual plan. Expected: where the plan should stand "
        "at the period end. Assessment: the two compared."
    )
    notes.append("Same period last year: in brackets, the change.")
    if context.has_pro_forma:
        notes.append(
            "For a province formed by a merger, the same period last year is pro forma: the "
            "predecessor provinces combined (their history stays under their own codes)."
        )
    notes.append(
        "Units reporting: units that sent every reporting period they owed in the period "
        "(by the reporting calendar) / units expected to report."
    )
    if context.missed_deadlines:
        notes.append(f"Reports missing or late against their deadline: {_missed_en(context)}.")
    incomplete = incomplete_indicators(context, "indicator_name_en")
    if incomplete:
        notes.append(f"Indicators with units still missing: {'; '.join(incomplete)}.")
    return notes


CHANGE_REASONS_EN = {
    "estimate_to_actual": "the estimate was replaced by the actual",
    "late_unit": "a unit reported late",
    "plan_revised": "the plan was revised",
    "resent": "a unit sent corrected figures",
    "new_figure": "first figure for this indicator",
}
CHANGE_FIELDS_EN = {"actual_value": "actual", "plan_value": "plan"}


def change_line_en(change) -> str:
    unit = labels.unit_en(change.unit) if change.unit and change.unit != "%" else None
    percent = "%" if change.unit == "%" else ""
    new = f"{format_number_en(change.new)}{percent}{f' {one_line(unit)}' if unit else ''}"
    what = CHANGE_FIELDS_EN.get(change.field, change.field)
    moved = f"{format_number_en(change.old)}{percent} → {new}" if change.old else new
    why = CHANGE_REASONS_EN.get(change.reason, change.reason)
    if change.reason == "late_unit" and change.units_before:
        why += f", {change.units_before} → {change.units_after} units"
    return f"{one_line(change.name_en)}: {what} {moved} ({why})."
