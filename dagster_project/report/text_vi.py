"""Vietnamese sentences in the style of the article, from :class:`~.model.Figure` facts.

The output is plain text on one line (input text goes through :func:`one_line`); the
writer of each format (Markdown, HTML, Word) escapes it once, so a name such as
``<b>`` or ``a|b`` cannot change the document's structure.

Sentence pattern (one per indicator with data)::

    [Tính đến ngày d/m/yyyy, | Trong 6 tháng đầu năm, ]<tên> đạt <giá trị>
        [, (ước) đạt x% kế hoạch năm yyyy][, tăng/giảm y% so với cùng kỳ]
        [. Trong đó, <chỉ tiêu con> đạt ... và ...].

* the period opener is used for flows; a cut-off date (as_of before the period end)
  replaces it, for any kind;
* "ước đạt" marks an estimate: on the plan clause when there is one (the article:
  "đạt khoảng 1.500 tỷ đồng, ước đạt 51,7% kế hoạch"), else on the value;
* ratios are levels: "đạt 100% (kế hoạch năm 2023: 100%)", and their change on last
  year is in percentage points;
* an indicator where lower is better (backlogged mail) "là" its value, not "đạt".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from dagster_project.common.markdown_text import one_line
from dagster_project.report import labels
from dagster_project.report.model import Figure, ReportContext, Row, incomplete_indicators
from dagster_project.report.numbers_vi import (
    QUALIFIER_VI,
    format_count_vi,
    format_date_vi,
    format_number_vi,
    format_percent_vi,
)


def lower_first(text: str) -> str:
    """A name inside a sentence: "Doanh thu" → "doanh thu"; acronyms ("BTS") unchanged."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join_vi(items: Sequence[str]) -> str:
    """Items as Vietnamese lists them: "a", "a và b", "a, b và c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def province_label_vi(code: str, name: str | None = None) -> str:
    """The province as the text names it: "tỉnh Vĩnh Phúc"; a name that already says what
    it is ("Thành phố Hà Nội") is kept; without a name, the code."""
    quote = one_line
    if not name:
        return f"tỉnh (mã {quote(code)})"
    name = name.strip()
    if name.lower().startswith(("tỉnh ", "thành phố ", "tp. ", "tp ")):
        return quote(name)
    return f"tỉnh {quote(name)}"


def title_vi(
    province_label: str,
    year: int,
    period: str,
    sector_name: str = labels.SECTOR_NAME_VI,
    through: date | None = None,
) -> str:
    """The title: "Báo cáo kết quả 6 tháng đầu năm 2023 — ngành ..., tỉnh X"; a period
    still under way says how far it goes: "năm 2023 (lũy kế đến 30/6/2023)"."""
    when = f"{labels.period_label_vi(period)} {year}"
    if through is not None:
        when += f" (lũy kế đến {format_date_vi(through)})"
    return f"Báo cáo kết quả {when} — ngành {sector_name}, {province_label}"


def period_phrase_vi(year: int, period: str, through: date | None = None) -> str:
    """What a flow's sentence opens with: "Trong 6 tháng đầu năm", "Lũy kế đến 30/6/2023"."""
    if through is not None:
        return f"Lũy kế đến {format_date_vi(through)}"
    return labels.period_phrase_vi(year, period)


def value_vi(figure: Figure) -> str:
    """The value as said: "khoảng 1.500 tỷ đồng", "trên 375 tỷ đồng", "3.000 trạm", "100%"."""
    if figure.is_percent:
        return format_percent_vi(figure.value)
    text = format_number_vi(figure.value)
    if figure.qualifier:
        text = f"{QUALIFIER_VI[figure.qualifier]} {text}"
    return f"{text} {one_line(figure.unit)}" if figure.unit else text


def plan_label_vi(figure: Figure, say_source: bool = True) -> str:
    source = figure.plan_source if say_source else None
    source = f" của {one_line(labels.PLAN_SOURCE_VI.get(source, source))}" if source else ""
    return f"kế hoạch năm {figure.year}{source}"


def plan_clause_vi(figure: Figure, say_source: bool = True) -> str | None:
    """The plan clause: "ước đạt 51,7% kế hoạch năm 2023"; None without a plan.

    A ratio's plan is a level: said only when it is not reached ("(kế hoạch năm 2023:
    100%)"). A lower-is-better target (no backlog) is met when the value is at or below
    it: "đạt kế hoạch năm 2023", a plan of zero included.
    """
    label = plan_label_vi(figure, say_source)
    if figure.plan_value is None:
        pass  # only a share of the plan can be said
    elif figure.lower_is_better:
        if figure.value <= figure.plan_value:
            return f"đạt {label}"
        return f"cao hơn mức {label} ({value_of_vi(figure, figure.plan_value)})"
    elif figure.is_percent:
        if figure.value >= figure.plan_value:
            return None
        return f"chưa đạt {label} ({format_percent_vi(figure.plan_value)})"
    if figure.pct_of_plan is None or figure.is_percent:
        return None
    verb = "ước đạt" if figure.estimate else "đạt"
    return f"{verb} {format_percent_vi(figure.pct_of_plan)} {label}"


def value_of_vi(figure: Figure, value) -> str:
    """Another value of the same indicator, with its unit: "35 bưu gửi", "97,8%"."""
    if figure.is_percent:
        return format_percent_vi(value)
    unit = f" {one_line(figure.unit)}" if figure.unit else ""
    return f"{format_number_vi(value)}{unit}"


def change_clause_vi(figure: Figure) -> str | None:
    """The change on last year: "tăng 8,7% so với cùng kỳ"; None when last year is unknown.
    Nothing left where lower is better is not "giảm 100%": last year's level is said."""
    if figure.lower_is_better and figure.value == 0 and figure.last_year:
        clause = f"cùng kỳ năm trước là {value_of_vi(figure, figure.last_year)}"
    else:
        clause = _change_vi(figure)
    if clause and figure.pro_forma:
        clause += " (cùng kỳ là số cộng gộp của các tỉnh trước hợp nhất)"
    return clause


def _change_vi(figure: Figure) -> str | None:
    change = figure.change
    if change is None:
        if figure.prev_value is None:
            return None
        return f"cùng kỳ năm trước là {value_of_vi(figure, figure.prev_value)}"
    if change.direction == "same":
        return "tương đương cùng kỳ"
    verb = "tăng" if change.direction == "up" else "giảm"
    size = format_number_vi(change.amount, 1)
    size = f"{size} điểm phần trăm" if change.points else f"{size}%"
    return f"{verb} {size} so với cùng kỳ"


def _verb(figure: Figure, has_plan_clause: bool) -> str:
    if figure.lower_is_better:
        return "ước tính là" if figure.estimate else "là"
    return "ước đạt" if figure.estimate and not has_plan_clause else "đạt"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def part_vi(figure: Figure, say_source: bool = True) -> str:
    """A child in a "Trong đó" clause: "doanh thu viễn thông đạt 1.200 tỷ đồng", with its
    own plan in brackets when it has one."""
    text = f"{lower_first(one_line(figure.name_vi))} {_verb(figure, False)} {value_vi(figure)}"
    plan = plan_clause_vi(figure, say_source)
    return f"{text} ({plan})" if plan else text


def _core_vi(figure: Figure, template: str | None, has_plan: bool) -> str:
    """ "<name> đạt <value>", or the phrase book's words for it."""
    if template:
        return template.format(value=value_vi(figure))
    name = one_line(figure.name_vi)
    if figure.lower_is_better and figure.kind == "stock" and figure.value == 0:
        # The article's "không còn bưu gửi tồn đọng": nothing left is said as such.
        if name.lower().startswith("số "):
            name = name[3:]
        return f"không còn {lower_first(name)}"
    return f"{name} {_verb(figure, has_plan)} {value_vi(figure)}"


def sentence_vi(
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
    """One indicator in the article's style (see the module docstring); ``group`` are the
    figures said in the same sentence ("…; trong đó 100% hồ sơ …") with their templates."""
    if not with_opener:
        opener = ""
    elif figure.cutoff is not None:
        opener = f"Tính đến ngày {format_date_vi(figure.cutoff)}, "
    elif figure.kind == "flow":
        opener = f"{period_phrase or labels.period_phrase_vi(figure.year, period)}, "
    else:
        opener = ""
    plan = plan_clause_vi(figure, say_source)
    core = _core_vi(figure, template, plan is not None and not figure.lower_is_better)
    # The phrase book's words keep their case ("Sở"); a catalogue name is lowered.
    text = opener + (lower_first(core) if opener and not template else core)
    for clause in (plan, change_clause_vi(figure)):
        if clause:
            text += f", {clause}"
    for member, member_template in group:
        text += f"; {_core_vi(member, member_template, False)}"
        change = None if member_template else change_clause_vi(member)
        text += f", {change}" if change else ""
    text = upper_first(text) + "."
    parts = [part_vi(part, say_source) for part in parts]
    if parts:
        text += f" Trong đó, {join_vi(parts)}."
    return text


def enterprise_sentence_vi(
    counts: Sequence[tuple[str, int]],
    province_label: str,
    on: date | None = None,
    phrases: Mapping[str, str] | None = None,
) -> str | None:
    """The enterprise counts: "Tính đến ngày 30/6/2023, trên địa bàn tỉnh X có 15 doanh
    nghiệp hoạt động bưu chính, ... và hơn 200 doanh nghiệp ..."; None if nothing to count."""
    table = {key.lower(): value for key, value in (phrases or labels.ACTIVITY_PHRASES_VI).items()}
    items = []
    for activity, n in counts:
        if n <= 0:
            continue
        template = table.get(activity.lower(), labels.ACTIVITY_FALLBACK_VI)
        items.append(template.format(n=format_count_vi(n), activity=one_line(activity)))
    if not items:
        return None
    opener = f"Tính đến ngày {format_date_vi(on)}" if on else "Hiện nay"
    return f"{opener}, trên địa bàn {province_label} có {join_vi(items)}."


def status_summary_vi(rows: Iterable[Row]) -> str | None:
    """How many indicators are ahead / on track / behind, naming those behind."""
    rows = list(rows)
    counts = {status: 0 for status in ("ahead", "on_track", "behind")}
    behind = []
    for row in rows:
        status = row.get("status")
        if status in counts:
            counts[status] += 1
            if status == "behind":
                name = one_line(row.get("indicator_name_vi") or row.get("indicator_code"))
                behind.append(lower_first(name))
    if not any(counts.values()):
        return None
    pieces = [f"{n} chỉ tiêu {labels.STATUS_VI[status]}" for status, n in counts.items() if n]
    text = f"So với mức cần đạt đến cuối kỳ, {join_vi(pieces)}"
    if behind:
        text += f" ({join_vi(behind)})"
    return text + "."


def _missed_vi(context: ReportContext) -> str:
    parts = []
    for missed in context.missed_deadlines:
        counts = [
            f"{n} đơn vị {what}"
            for n, what in ((missed.n_late, "gửi muộn"), (missed.n_missing, "chưa gửi"))
            if n
        ]
        period = labels.reporting_period_vi(missed.frequency, missed.period_start)
        parts.append(f"{period} (hạn {format_date_vi(missed.deadline)}): {', '.join(counts)}")
    return "; ".join(parts)


def notes_vi(context: ReportContext) -> list[str]:
    end = context.period_end
    start = f"1/{1 if context.period in ('H1', 'FY') else 7}/{context.year}"
    notes = []
    if end is not None:
        note = f"Kỳ báo cáo: từ {start} đến {format_date_vi(end)}"
        if context.through is not None:
            note += f"; kỳ chưa kết thúc, số liệu lũy kế đến {format_date_vi(context.through)}"
        notes.append(note + ".")
    cutoff = context.data_cutoff
    if cutoff is not None:
        text = (
            f"Số liệu tổng hợp từ các báo cáo đã tiếp nhận, tính đến ngày {format_date_vi(cutoff)}"
        )
        if end is not None and cutoff < end:
            text += " (trước ngày cuối kỳ)"
        notes.append(
            text + '; chỉ tiêu có ngày chốt số liệu sớm hơn cuối kỳ được ghi "Tính đến ngày" '
            "trong bài."
        )
    if context.has_estimates:
        notes.append(
            '"(ước)": số liệu có phần ước tính của đơn vị báo cáo ("ước đạt" trong bài); '
            "số chính thức có thể thay đổi khi đơn vị gửi số thực hiện."
        )
    notes.append(
        "% kế hoạch: thực hiện so với kế hoạch năm. Mức cần đạt: tỷ lệ kế hoạch cần đạt "
        "đến cuối kỳ. Đánh giá: so sánh hai tỷ lệ này."
    )
    notes.append("Cùng kỳ: số liệu cùng kỳ năm trước (trong ngoặc: mức tăng, giảm).")
    if context.has_pro_forma:
        notes.append(
            "Cùng kỳ của tỉnh hình thành sau hợp nhất là số cộng gộp của các tỉnh trước "
            "hợp nhất cho cùng kỳ (số liệu lịch sử vẫn giữ theo mã tỉnh cũ)."
        )
    notes.append(
        "Đủ báo cáo: số đơn vị đã gửi đủ các kỳ báo cáo phải gửi trong kỳ (theo lịch báo "
        "cáo) / số đơn vị phải báo cáo."
    )
    if context.missed_deadlines:
        notes.append(f"Báo cáo chưa gửi / gửi muộn so với hạn: {_missed_vi(context)}.")
    incomplete = incomplete_indicators(context, "indicator_name_vi")
    if incomplete:
        notes.append(f"Chỉ tiêu chưa đủ đơn vị báo cáo: {'; '.join(incomplete)}.")
    return notes


def source_line(context: ReportContext) -> str:
    """Where the figures come from, and the date they stand at (the data cut-off, not the
    clock: a rerun gives the same text): the chart's and the workbook's source line."""
    when = context.data_cutoff or context.figures_end
    compiled = f", tổng hợp ngày {format_date_vi(when)}" if when else ""
    return f"Nguồn: báo cáo của các đơn vị{compiled}."


CHANGE_REASONS_VI = {
    "estimate_to_actual": "số ước tính được thay bằng số thực hiện",
    "late_unit": "có thêm đơn vị gửi báo cáo muộn",
    "plan_revised": "kế hoạch được điều chỉnh",
    "resent": "đơn vị gửi lại số liệu đã điều chỉnh",
    "new_figure": "chỉ tiêu có số liệu lần đầu",
}
CHANGE_FIELDS_VI = {"actual_value": "thực hiện", "plan_value": "kế hoạch"}


def change_line_vi(change) -> str:
    """One figure that moved since the previous edition: "Doanh thu …: thực hiện 1.500 →
    1.512,4 tỷ đồng (số ước tính được thay bằng số thực hiện)."."""
    unit = f" {one_line(change.unit)}" if change.unit and change.unit != "%" else ""
    percent = "%" if change.unit == "%" else ""
    new = f"{format_number_vi(change.new)}{percent}{unit}"
    what = CHANGE_FIELDS_VI.get(change.field, change.field)
    moved = f"{format_number_vi(change.old)}{percent} → {new}" if change.old else new
    why = CHANGE_REASONS_VI.get(change.reason, change.reason)
    if change.reason == "late_unit" and change.units_before:
        why += f", {change.units_before} → {change.units_after} đơn vị"
    return f"{one_line(change.name_vi)}: {what} {moved} ({why})."
