"""One report as a format-neutral document, built once per language pack.

:func:`build_document` turns a :class:`~.model.ReportContext` and a
:class:`~.language.LanguagePack` into a :class:`Document` of plain text: title,
paragraphs, the figures table (cells as display strings, each row with its depth under
its parent) and notes. The Markdown, HTML and Word writers only lay it out and escape
it for their format, so the three say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dagster_project.common.markdown_text import one_line
from dagster_project.report.language import LanguagePack
from dagster_project.report.model import Figure, ReportContext, Row, depth_of, prose_paragraphs
from dagster_project.report.numbers_vi import MISSING, round_half_up, to_decimal
from dagster_project.report.phrases import Phrase, default_phrases

# Text columns left, figures right (the table header is the pack's).
TABLE_ALIGN = ("left", "left", "right", "right", "right", "right", "left", "right", "right")


@dataclass(frozen=True)
class TableRow:
    depth: int  # how deep under a parent in the table: the name is indented
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    paragraphs: tuple[str, ...]
    table_heading: str
    table_header: tuple[str, ...]
    table_rows: tuple[TableRow, ...]
    notes_heading: str
    notes: tuple[str, ...]
    changes_heading: str = ""
    changes: tuple[str, ...] = field(default=())  # what moved since the previous edition
    align: tuple[str, ...] = TABLE_ALIGN


def _expected(row: Row):
    """Where the indicator should stand; meaningless (not shown) without a plan."""
    return row.get("expected_pct") if row.get("plan_value") is not None else None


def _completeness(row: Row) -> str:
    expected, reporting = row.get("units_expected"), row.get("units_reporting")
    if not expected:
        return MISSING
    return f"{reporting or 0}/{expected}"


def _prev_cell(row: Row, pack: LanguagePack) -> str:
    """Last year's value and, in brackets, the change (percentage points for a ratio)."""
    prev = to_decimal(row.get("prev_year_value"))
    if prev is None:
        return MISSING
    text = pack.number(prev)
    actual = to_decimal(row.get("actual_value"))
    if row.get("kind") == "ratio" or (row.get("unit") or "").strip() == "%":
        if actual is None:
            return text
        delta = round_half_up(actual - prev, 1)
        return f"{text} ({'+' if delta > 0 else ''}{pack.number(delta)} {pack.points})"
    yoy = row.get("yoy_pct")
    return f"{text} ({pack.signed_percent(yoy)})" if yoy is not None else text


def _assessment(row: Row, pack: LanguagePack) -> str:
    """The mart's status in words; a lower-is-better target that is met (no backlog
    against a plan of 0) is "đạt kế hoạch", not "chưa có kế hoạch"."""
    status = row.get("status")
    actual, plan = to_decimal(row.get("actual_value")), to_decimal(row.get("plan_value"))
    lower_is_better = str(row.get("higher_is_better")).lower() in ("false", "0")
    if status == "no_plan" and lower_is_better and None not in (actual, plan) and actual <= plan:
        return pack.plan_met
    return pack.status.get(status, one_line(status or MISSING))


def table_rows(context: ReportContext, pack: LanguagePack) -> list[TableRow]:
    """One row of display strings per indicator, with its depth under its parent."""
    result = []
    for row in context.rows:
        depth = depth_of(row)
        name = one_line(
            row.get(pack.name_key) or row.get("indicator_name_vi") or row.get("indicator_code")
        )
        actual = pack.number(row.get("actual_value"))
        if row.get("is_estimate") and actual != MISSING:
            actual += pack.estimate_mark
        plan = pack.number(row.get("plan_value"))
        if plan != MISSING and row.get("plan_source"):
            plan += f" ({one_line(row['plan_source'])})"
        cells = (
            name,
            one_line(pack.unit(row.get("unit")) or ""),
            actual,
            plan,
            pack.percent(row.get("pct_of_plan")),
            pack.percent(_expected(row)),
            _assessment(row, pack),
            _prev_cell(row, pack),
            _completeness(row),
        )
        result.append(TableRow(depth, cells))
    return result


def opener_key(figure: Figure) -> tuple | None:
    """What a sentence opens with: its cut-off date, the period (a flow), or nothing."""
    if figure.cutoff is not None:
        return ("cutoff", figure.cutoff)
    return ("period",) if figure.kind == "flow" else None


def prose(
    context: ReportContext,
    pack: LanguagePack,
    province_label: str,
    phrases: Mapping[str, Phrase] | None = None,
) -> list[str]:
    """The article-style paragraphs: enterprise counts, then one paragraph per section of
    the phrase book, in its order and words. An opener ("Trong 6 tháng đầu năm", "Tính
    đến ngày 7/6/2023") is said once in a paragraph; the plan's source once in the text."""
    book = default_phrases() if phrases is None else phrases
    paragraphs = []
    counts = pack.enterprise_sentence(
        list(context.unit_counts), province_label, context.counts_date, pack.activity_phrases
    )
    if counts:
        paragraphs.append(counts)
    figures = context.figures()
    period_phrase = pack.period_phrase(context.year, context.period, context.through)
    sources_said: set[str] = set()

    def template(figure: Figure) -> str | None:
        phrase = book.get(figure.code)
        return phrase.template(pack.code, figure.value == 0) if phrase else None

    for paragraph in prose_paragraphs(context.rows, book):
        sentences, said = [], None
        for item in paragraph:
            figure = figures[item.row.get("indicator_code")]
            parts = [figures[part.get("indicator_code")] for part in item.parts]
            group = [(figures[m.get("indicator_code")], None) for m in item.group]
            opener = opener_key(figure)
            sentences.append(
                pack.sentence(
                    figure,
                    context.period,
                    parts,
                    opener is None or opener != said,
                    template=template(figure),
                    group=[(member, template(member)) for member, _ in group],
                    say_source=figure.plan_source not in sources_said,
                    period_phrase=period_phrase,
                )
            )
            said = opener or said
            if figure.plan_value is not None and figure.plan_source:
                sources_said.add(figure.plan_source)
        paragraphs.append(" ".join(sentences))
    return paragraphs


def build_document(
    context: ReportContext,
    pack: LanguagePack,
    changes: Sequence[Any] = (),
    phrases: Mapping[str, Phrase] | None = None,
) -> Document:
    """The report of ``context`` in the language of ``pack`` (``phrases``: the phrase
    book, None for the one beside :mod:`.phrases`)."""
    label = pack.province_label(context.province_code, context.province_name)
    paragraphs = prose(context, pack, label, phrases)
    summary = pack.status_summary(context.rows)
    if summary:
        paragraphs.append(summary)
    return Document(
        language=pack.code,
        title=pack.title(label, context.year, context.period, pack.sector_name, context.through),
        paragraphs=tuple(paragraphs),
        table_heading=pack.table_heading,
        table_header=pack.table_header,
        table_rows=tuple(table_rows(context, pack)),
        notes_heading=pack.notes_heading,
        notes=tuple(pack.notes(context)),
        changes_heading=pack.changes_heading,
        changes=tuple(pack.change_line(change) for change in changes),
    )
