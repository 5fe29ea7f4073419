"""What one report is about, from plain row dicts (no DuckDB here).

A row is a dict with the columns of ``marts.halfyear_vs_plan`` (missing keys count as
NULL); a unit row has those of ``marts.active_units``. :func:`build_contexts` groups
them into one :class:`ReportContext` per province × year × period that has data, and
:func:`figure_from_row` turns a row into the language-neutral facts a sentence states.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dagster_project.common.markdown_text import one_line
from dagster_project.report import labels
from dagster_project.report.numbers_vi import round_for_prose, round_half_up, to_decimal
from dagster_project.report.phrases import Phrase

Row = Mapping[str, Any]


def as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _is_false(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "f", "0", "no")
    if value is None:
        return False
    return value is False or value == 0


def has_data(row: Row) -> bool:
    return to_decimal(row.get("actual_value")) is not None


def is_percent(row: Row) -> bool:
    """A ratio (100 × Σ numerator / Σ denominator), or anything measured in %."""
    return row.get("kind") == "ratio" or (row.get("unit") or "").strip() == "%"


# --- the facts of one sentence ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Year-on-year change as printed: direction and size rounded to one decimal."""

    direction: str  # "up" | "down" | "same"
    amount: Decimal  # absolute value
    points: bool  # percentage points (a ratio's level moved) rather than percent


@dataclass(frozen=True)
class Figure:
    code: str
    name_vi: str
    name_en: str
    unit: str | None
    kind: str | None
    year: int
    is_percent: bool
    value: Decimal  # a quantity: rounded for prose; a percentage: exact
    qualifier: str | None  # numbers_vi.ABOUT / OVER / None
    estimate: bool
    cutoff: date | None  # as_of, when before the period end
    lower_is_better: bool
    pct_of_plan: Decimal | None
    plan_value: Decimal | None
    plan_source: str | None
    change: Change | None
    prev_value: Decimal | None  # last year's value when no change can be computed (0)
    pro_forma: bool = False  # last year is the predecessors' sum (a merged province)
    last_year: Decimal | None = None  # last year's value, whether or not a change is said


def _change(row: Row, actual: Decimal, percent: bool) -> Change | None:
    prev = to_decimal(row.get("prev_year_value"))
    if prev is None:
        return None
    if prev == actual:
        return Change("same", Decimal(0), percent)
    if percent:
        delta, points = actual - prev, True
    else:
        delta, points = to_decimal(row.get("yoy_pct")), False
        if delta is None and prev != 0:
            delta = 100 * (actual - prev) / prev
        if delta is None:
            return None
    rounded = round_half_up(delta, 1)
    direction = "same" if rounded == 0 else ("up" if rounded > 0 else "down")
    return Change(direction, abs(rounded), points)


def figure_from_row(row: Row, period_end: date | None = None) -> Figure | None:
    """The facts a sentence states about one indicator; None when it has no actual value."""
    actual = to_decimal(row.get("actual_value"))
    if actual is None:
        return None
    percent = is_percent(row)
    estimate = bool(row.get("is_estimate"))
    if percent:
        qualifier, value = None, actual
    else:
        qualifier, value = round_for_prose(actual, estimate=estimate and row.get("kind") == "flow")
    as_of = as_date(row.get("as_of"))
    change = _change(row, actual, percent)
    code = str(row.get("indicator_code") or "")
    return Figure(
        code=code,
        name_vi=row.get("indicator_name_vi") or code,
        name_en=row.get("indicator_name_en") or row.get("indicator_name_vi") or code,
        unit=(row.get("unit") or None),
        kind=row.get("kind"),
        year=int(row["year"]),
        is_percent=percent,
        value=value,
        qualifier=qualifier,
        estimate=estimate,
        cutoff=as_of if as_of and period_end and as_of < period_end else None,
        lower_is_better=_is_false(row.get("higher_is_better")),
        pct_of_plan=to_decimal(row.get("pct_of_plan")),
        plan_value=to_decimal(row.get("plan_value")),
        plan_source=row.get("plan_source") or None,
        change=change,
        prev_value=to_decimal(row.get("prev_year_value")) if change is None else None,
        pro_forma=bool(row.get("prev_year_is_pro_forma")),
        last_year=to_decimal(row.get("prev_year_value")),
    )


# --- order: dbt's (marts.halfyear_vs_plan.display_order and depth) ----------------------


def in_reading_order(rows: Iterable[Row]) -> list[Row]:
    """Rows by the mart's ``display_order`` (sectors in dbt's var ``sector_order``, each
    child right after its parent); rows without one keep their order, after the others."""
    return sorted(
        rows, key=lambda row: (row.get("display_order") is None, row.get("display_order") or 0)
    )


def depth_of(row: Row) -> int:
    """How deep the row sits under parents of the same report (the mart's ``depth``)."""
    return int(row.get("depth") or 0)


@dataclass(frozen=True)
class ProseItem:
    """One sentence: an indicator, the indicators the phrase book says inside its sentence
    (``group``: "…; trong đó 100% hồ sơ …"), and the descendants named in its "Trong đó"
    clause (``parts``)."""

    row: Row
    parts: tuple[Row, ...] = ()
    group: tuple[Row, ...] = ()


def _code_of(row: Row) -> str:
    return str(row.get("indicator_code") or "")


def prose_paragraphs(
    rows: Sequence[Row], phrases: Mapping[str, Phrase] | None = None
) -> list[list[ProseItem]]:
    """Indicators with data, as paragraphs (one per run of the same section).

    The phrase book (``phrases``) gives each indicator its section, its place and its
    role; without an entry an indicator is a lead in its sector's section, in the order
    of ``rows`` (reading order), after those the book places. An ``omit`` indicator is
    not narrated; a ``part`` is said in the sentence of its ``group_with`` when that has
    data. An indicator whose parent has data is named in the parent's "Trong đó" clause.
    """
    book = phrases or {}
    with_values = {row.get("indicator_code") for row in rows if has_data(row)}
    with_data = [row for row in rows if has_data(row) and _role(book, row, with_values) != "omit"]
    codes = {row.get("indicator_code") for row in with_data}
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in with_data:
        phrase = book.get(_code_of(row))
        if phrase and phrase.role == "part" and phrase.group_with in codes:
            grouped[phrase.group_with].append(row)
    in_group = {_code_of(row) for rows_ in grouped.values() for row in rows_}
    top = [
        row
        for row in with_data
        if row.get("parent_code") not in codes and _code_of(row) not in in_group
    ]
    order = {id(row): i for i, row in enumerate(rows)}
    top.sort(key=lambda row: (_position(book, row, len(book)), order[id(row)]))
    children: dict[Any, list[Row]] = defaultdict(list)
    for row in with_data:
        if row.get("parent_code") in codes and _code_of(row) not in in_group:
            children[row.get("parent_code")].append(row)

    def descendants(code: Any, seen: set) -> list[Row]:
        found = []
        for child in children.get(code, ()):
            if child.get("indicator_code") in seen:
                continue
            seen.add(child.get("indicator_code"))
            found.append(child)
            found.extend(descendants(child.get("indicator_code"), seen))
        return found

    paragraphs: list[list[ProseItem]] = []
    last_section: object = object()
    for row in top:
        item = ProseItem(
            row,
            tuple(descendants(row.get("indicator_code"), {row.get("indicator_code")})),
            tuple(grouped.get(_code_of(row), ())),
        )
        section = _section(book, row)
        if section != last_section or not paragraphs:
            paragraphs.append([])
            last_section = section
        paragraphs[-1].append(item)
    return paragraphs


def _role(book: Mapping[str, Phrase], row: Row, with_data: Collection[Any]) -> str:
    """The book's role; without an entry, a ratio's numerator or denominator (``ratio_of``,
    from the catalogue) is left to the table when the ratio itself is said."""
    phrase = book.get(_code_of(row))
    if phrase:
        return phrase.role
    return "omit" if row.get("ratio_of") and row.get("ratio_of") in with_data else "lead"


def _position(book: Mapping[str, Phrase], row: Row, unknown: int) -> int:
    phrase = book.get(_code_of(row))
    return phrase.position if phrase else unknown


def _section(book: Mapping[str, Phrase], row: Row) -> object:
    phrase = book.get(_code_of(row))
    return phrase.section if phrase and phrase.section else row.get("sector_code")


# --- one report ---------------------------------------------------------------------------


_UNSAFE_NAME = re.compile(r"[^0-9A-Za-z_.-]+")


def safe_name_part(text: str) -> str:
    """A code as it may appear in a file name: no separators, no leading dots."""
    cleaned = _UNSAFE_NAME.sub("_", str(text)).lstrip(".")
    return cleaned or "_"


@dataclass(frozen=True)
class MissedDeadline:
    """Units that owed one reporting period (``marts.submission_status``) and missed its
    deadline: sent it late, or not yet."""

    frequency: str
    period_start: date
    deadline: date
    n_late: int
    n_missing: int


def missed_deadlines(
    status_rows: Iterable[Row], province: str, start: date, end: date
) -> tuple[MissedDeadline, ...]:
    """The deadlines missed in ``province`` for reporting periods inside [start, end]."""
    counts: dict[tuple[str, date, date], list[int]] = defaultdict(lambda: [0, 0])
    for row in status_rows:
        if str(row.get("province_code")) != province or not row.get("missed_deadline"):
            continue
        period_start, period_end = as_date(row.get("period")), as_date(row.get("period_end"))
        if period_start is None or period_end is None or period_start < start or period_end > end:
            continue
        key = (str(row.get("frequency")), period_start, as_date(row.get("deadline")))
        counts[key][0 if row.get("received") else 1] += 1
    return tuple(
        MissedDeadline(frequency, period_start, deadline, late, missing)
        for (frequency, period_start, deadline), (late, missing) in sorted(
            counts.items(), key=lambda item: (item[0][2], item[0][1], item[0][0])
        )
    )


@dataclass(frozen=True)
class ReportContext:
    province_code: str
    year: int
    period: str
    rows: tuple[Row, ...]  # in reading order
    province_name: str | None = None
    unit_counts: tuple[tuple[str, int], ...] = ()  # (activity, n_active), enterprises only
    counts_date: date | None = None
    missed_deadlines: tuple[MissedDeadline, ...] = ()  # by deadline
    # A period still under way (the year when only its first half is in): the date the
    # figures run to. The report says "lũy kế đến 30/6/2023", never "năm 2023" with 31/12.
    through: date | None = None

    @property
    def period_end(self) -> date | None:
        return labels.period_end(self.year, self.period)

    @property
    def figures_end(self) -> date | None:
        """The date the figures stand at: the period end, or ``through`` if under way."""
        return self.through or self.period_end

    @property
    def stem(self) -> str:
        """`<province_code>_<year>_<period>`, e.g. ``26_2023_H1``."""
        parts = (self.province_code, str(self.year), self.period)
        return "_".join(safe_name_part(part) for part in parts)

    @property
    def data_cutoff(self) -> date | None:
        """The latest as_of among indicators with data."""
        dates = [as_date(row.get("as_of")) for row in self.rows if has_data(row)]
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    @property
    def has_estimates(self) -> bool:
        return any(row.get("is_estimate") and has_data(row) for row in self.rows)

    @property
    def has_pro_forma(self) -> bool:
        """Last year's figures of some indicator are the predecessors' sum (a merger)."""
        return any(
            row.get("prev_year_is_pro_forma") and row.get("prev_year_value") is not None
            for row in self.rows
        )

    def figures(self) -> dict[Any, Figure]:
        result = {}
        for row in self.rows:
            figure = figure_from_row(row, self.figures_end)
            if figure is not None:
                result[row.get("indicator_code")] = figure
        return result


def incomplete_indicators(context: ReportContext, name_key: str) -> list[str]:
    """Indicators some units have not reported yet: "name (reporting/expected)"."""
    found = []
    for row in context.rows:
        expected, reporting = row.get("units_expected"), row.get("units_reporting") or 0
        if expected and reporting < expected:
            name = one_line(
                row.get(name_key) or row.get("indicator_name_vi") or row.get("indicator_code")
            )
            found.append(f"{name} ({reporting}/{expected})")
    return found


def order_activities(
    counts: Mapping[str, int], phrases: Mapping[str, str] = labels.ACTIVITY_PHRASES_VI
) -> list[tuple[str, int]]:
    """Known activities in the phrase table's order, then the others alphabetically."""
    known = [key.lower() for key in phrases]

    def key(item: tuple[str, int]) -> tuple:
        activity = item[0].lower()
        return (0, known.index(activity), "") if activity in known else (1, 0, activity)

    return sorted(counts.items(), key=key)


def unit_counts_at(
    unit_rows: Iterable[Row], province_code: str, on: date | None
) -> tuple[date | None, list[tuple[str, int]]]:
    """Active enterprises per activity at the latest ``period_end`` on or before ``on``.

    Rows of an activity only agencies have (``is_enterprise_activity`` false, from dbt)
    are skipped; counts of zero are dropped.
    """
    candidates = []
    for row in unit_rows:
        if row.get("province_code") != province_code:
            continue
        when = as_date(row.get("period_end"))
        if when is None or (on is not None and when > on):
            continue
        activity = row.get("activity")
        if not activity or _is_false(row.get("is_enterprise_activity")):
            continue
        candidates.append((when, str(activity), int(row.get("n_active") or 0)))
    if not candidates:
        return None, []
    latest = max(when for when, _, _ in candidates)
    totals: dict[str, int] = defaultdict(int)
    for when, activity, n in candidates:
        if when == latest:
            totals[activity] += n
    return latest, order_activities({a: n for a, n in totals.items() if n > 0})


def _under_way_through(rows: Sequence[Row], end: date | None) -> date | None:
    """The latest cut-off of the figures when the mart says the period is not complete
    (``is_period_complete`` false for an indicator with data) and it is before ``end``."""
    open_rows = [row for row in rows if has_data(row) and _is_false(row.get("is_period_complete"))]
    if end is None or not open_rows or "is_period_complete" not in open_rows[0]:
        return None
    dates = [as_date(row.get("as_of")) for row in rows if has_data(row)]
    dates += [_month_end(as_date(row.get("last_month_with_data"))) for row in open_rows]
    dates = [d for d in dates if d is not None]
    latest = max(dates) if dates else None
    return latest if latest is not None and latest < end else None


def _month_end(month: date | None) -> date | None:
    if month is None:
        return None
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def build_contexts(
    mart_rows: Iterable[Row],
    unit_rows: Iterable[Row] = (),
    province_names: Mapping[str, str] | None = None,
    status_rows: Iterable[Row] = (),
) -> list[ReportContext]:
    """One context per province × year × period with at least one actual value;
    ``unit_rows`` are those of ``marts.active_units``, ``status_rows`` those of
    ``marts.submission_status`` (for the missed deadlines). The province's name is the
    mart's ``province_name`` unless ``province_names`` is given (``{}``: the code)."""
    groups: dict[tuple[str, int, str], list[Row]] = defaultdict(list)
    for row in mart_rows:
        key = (str(row["province_code"]), int(row["year"]), str(row["period"]))
        groups[key].append(row)
    unit_rows = list(unit_rows)
    status_rows = list(status_rows)
    period_rank = {"H1": 0, "H2": 1, "FY": 2}
    contexts = []
    for (province, year, period), rows in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1], period_rank.get(kv[0][2], 9), kv[0][2])
    ):
        if not any(has_data(row) for row in rows):
            continue
        end = labels.period_end(year, period)
        through = _under_way_through(rows, end)
        counts_date, counts = unit_counts_at(unit_rows, province, through or end)
        if province_names is None:
            province_name = next((r["province_name"] for r in rows if r.get("province_name")), None)
        else:
            province_name = province_names.get(province)
        contexts.append(
            ReportContext(
                province_code=province,
                year=year,
                period=period,
                rows=tuple(in_reading_order(rows)),
                province_name=province_name,
                unit_counts=tuple(counts),
                counts_date=counts_date,
                missed_deadlines=(
                    missed_deadlines(status_rows, province, labels.period_start(year, period), end)
                    if end is not None
                    else ()
                ),
                through=through,
            )
        )
    return contexts
