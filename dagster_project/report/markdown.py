"""The Markdown documents: article-style prose, the table of all indicators, the notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dagster_project.report import labels, text_en, text_vi
from dagster_project.report.model import Figure, ReportContext, Row, depths, prose_paragraphs
from dagster_project.report.numbers_vi import (
    MISSING,
    format_date_en,
    format_date_vi,
    format_number_en,
    format_number_vi,
    format_percent_en,
    format_percent_vi,
    format_signed_percent_en,
    format_signed_percent_vi,
    round_half_up,
    to_decimal,
)
from dagster_project.report.text_vi import md_escape

TABLE_HEADER_VI = (
    "Chỉ tiêu",
    "Đơn vị",
    "Thực hiện",
    "Kế hoạch",
    "% kế hoạch",
    "Mức cần đạt",
    "Đánh giá",
    "Cùng kỳ",
    "Đủ báo cáo",
)
TABLE_HEADER_EN = (
    "Indicator",
    "Unit",
    "Actual",
    "Plan",
    "% of plan",
    "Expected",
    "Assessment",
    "Same period last year",
    "Units reporting",
)
# Text columns left, figures right.
TABLE_ALIGN = ("left", "left", "right", "right", "right", "right", "left", "right", "right")


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]
) -> str:
    rule = {"left": "---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(rule[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def _indent(name: str, depth: int) -> str:
    return ("\u2003" * (depth - 1) + "– " + name) if depth else name


def _expected(row: Row):
    """Where the indicator should stand; meaningless (not shown) without a plan."""
    return row.get("expected_pct") if row.get("plan_value") is not None else None


def _completeness(row: Row) -> str:
    expected, reporting = row.get("units_expected"), row.get("units_reporting")
    if not expected:
        return MISSING
    return f"{reporting or 0}/{expected}"


def _prev_cell(row: Row, number, signed, points: str) -> str:
    """Last year's value and, in brackets, the change (percentage points for a ratio)."""
    prev = to_decimal(row.get("prev_year_value"))
    if prev is None:
        return MISSING
    text = number(prev)
    actual = to_decimal(row.get("actual_value"))
    if row.get("kind") == "ratio" or (row.get("unit") or "").strip() == "%":
        if actual is None:
            return text
        delta = round_half_up(actual - prev, 1)
        return f"{text} ({'+' if delta > 0 else ''}{number(delta)} {points})"
    yoy = row.get("yoy_pct")
    return f"{text} ({signed(yoy)})" if yoy is not None else text


def table_rows_vi(context: ReportContext) -> list[list[str]]:
    """One row of display strings per indicator, children indented under their parent."""
    result = []
    for row, depth in zip(context.rows, depths(context.rows), strict=True):
        name = md_escape(row.get("indicator_name_vi") or row.get("indicator_code"))
        actual = format_number_vi(row.get("actual_value"))
        if row.get("is_estimate") and actual != MISSING:
            actual += " (ước)"
        plan = format_number_vi(row.get("plan_value"))
        if plan != MISSING and row.get("plan_source"):
            plan += f" ({md_escape(row['plan_source'])})"
        status = row.get("status")
        result.append(
            [
                _indent(name, depth),
                md_escape(row.get("unit") or ""),
                actual,
                plan,
                format_percent_vi(row.get("pct_of_plan")),
                format_percent_vi(_expected(row)),
                labels.STATUS_VI.get(status, md_escape(status or MISSING)),
                _prev_cell(row, format_number_vi, format_signed_percent_vi, "điểm %"),
                _completeness(row),
            ]
        )
    return result


def table_rows_en(context: ReportContext) -> list[list[str]]:
    result = []
    for row, depth in zip(context.rows, depths(context.rows), strict=True):
        name = md_escape(
            row.get("indicator_name_en")
            or row.get("indicator_name_vi")
            or row.get("indicator_code")
        )
        actual = format_number_en(row.get("actual_value"))
        if row.get("is_estimate") and actual != MISSING:
            actual += " (est.)"
        plan = format_number_en(row.get("plan_value"))
        if plan != MISSING and row.get("plan_source"):
            plan += f" ({md_escape(row['plan_source'])})"
        status = row.get("status")
        result.append(
            [
                _indent(name, depth),
                md_escape(labels.unit_en(row.get("unit")) or ""),
                actual,
                plan,
                format_percent_en(row.get("pct_of_plan")),
                format_percent_en(_expected(row)),
                labels.STATUS_EN.get(status, md_escape(status or MISSING)),
                _prev_cell(row, format_number_en, format_signed_percent_en, "pp"),
                _completeness(row),
            ]
        )
    return result


def _incomplete(context: ReportContext, name_key: str) -> list[str]:
    found = []
    for row in context.rows:
        expected, reporting = row.get("units_expected"), row.get("units_reporting") or 0
        if expected and reporting < expected:
            name = md_escape(
                row.get(name_key) or row.get("indicator_name_vi") or row.get("indicator_code")
            )
            found.append(f"{name} ({reporting}/{expected})")
    return found


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


def _pro_forma(context: ReportContext) -> bool:
    return any(
        row.get("prev_year_is_pro_forma") and row.get("prev_year_value") is not None
        for row in context.rows
    )


def notes_vi(context: ReportContext) -> list[str]:
    end = context.period_end
    start = f"1/{1 if context.period in ('H1', 'FY') else 7}/{context.year}"
    notes = []
    if end is not None:
        notes.append(f"Kỳ báo cáo: từ {start} đến {format_date_vi(end)}.")
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
    if _pro_forma(context):
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
    incomplete = _incomplete(context, "indicator_name_vi")
    if incomplete:
        notes.append(f"Chỉ tiêu chưa đủ đơn vị báo cáo: {'; '.join(incomplete)}.")
    return notes


def notes_en(context: ReportContext) -> list[str]:
    end = context.period_end
    start = f"1 {'January' if context.period in ('H1', 'FY') else 'July'} {context.year}"
    notes = []
    if end is not None:
        notes.append(f"Reporting period: {start} to {format_date_en(end)}.")
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
    if _pro_forma(context):
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
    incomplete = _incomplete(context, "indicator_name_en")
    if incomplete:
        notes.append(f"Indicators with units still missing: {'; '.join(incomplete)}.")
    return notes


def opener_key(figure: Figure) -> tuple | None:
    """What a sentence opens with: its cut-off date, the period (a flow), or nothing."""
    if figure.cutoff is not None:
        return ("cutoff", figure.cutoff)
    return ("period",) if figure.kind == "flow" else None


def _prose(context: ReportContext, sentence, enterprise_sentence, label, phrases) -> list[str]:
    paragraphs = []
    counts = enterprise_sentence(
        list(context.unit_counts), label, context.counts_date, phrases=phrases
    )
    if counts:
        paragraphs.append(counts)
    figures = context.figures()
    for paragraph in prose_paragraphs(context.rows):
        sentences, said = [], None
        for item in paragraph:
            figure = figures[item.row.get("indicator_code")]
            parts = [figures[part.get("indicator_code")] for part in item.parts]
            # An opener ("Trong 6 tháng đầu năm", "Tính đến ngày 7/6/2023") is said once
            # in a paragraph, not repeated by the sentences that follow it.
            opener = opener_key(figure)
            sentences.append(
                sentence(figure, context.period, parts, opener is None or opener != said)
            )
            said = opener or said
        paragraphs.append(" ".join(sentences))
    return paragraphs


def render_markdown_vi(
    context: ReportContext,
    sector_name: str = labels.SECTOR_NAME_VI,
    activity_phrases: Mapping[str, str] | None = None,
) -> str:
    """The Vietnamese report: title, prose, table, notes."""
    label = text_vi.province_label_vi(context.province_code, context.province_name)
    blocks = [f"# {text_vi.title_vi(label, context.year, context.period, sector_name)}"]
    blocks += _prose(
        context, text_vi.sentence_vi, text_vi.enterprise_sentence_vi, label, activity_phrases
    )
    summary = text_vi.status_summary_vi(context.rows)
    if summary:
        blocks.append(summary)
    blocks.append("## Số liệu chi tiết")
    blocks.append(markdown_table(TABLE_HEADER_VI, table_rows_vi(context), TABLE_ALIGN))
    blocks.append("## Ghi chú")
    blocks.append("\n".join(f"- {note}" for note in notes_vi(context)))
    return "\n\n".join(blocks) + "\n"


def render_markdown_en(
    context: ReportContext,
    sector_name: str = labels.SECTOR_NAME_EN,
    activity_phrases: Mapping[str, str] | None = None,
) -> str:
    """The same report in English (English number form)."""
    label = text_en.province_label_en(context.province_code, context.province_name)
    blocks = [f"# {text_en.title_en(label, context.year, context.period, sector_name)}"]
    blocks += _prose(
        context, text_en.sentence_en, text_en.enterprise_sentence_en, label, activity_phrases
    )
    summary = text_en.status_summary_en(context.rows)
    if summary:
        blocks.append(summary)
    blocks.append("## Figures")
    blocks.append(markdown_table(TABLE_HEADER_EN, table_rows_en(context), TABLE_ALIGN))
    blocks.append("## Notes")
    blocks.append("\n".join(f"- {note}" for note in notes_en(context)))
    return "\n\n".join(blocks) + "\n"
