"""The report's figures as an .xlsx: the indicator table as numbers (plus codes), the units
counted, and a metadata sheet.

Formula injection: every text cell goes through :func:`set_text`. Text that a
spreadsheet would read as a formula or a DDE call — starting with ``=``, ``+``, ``-``,
``@``, a tab, CR or LF (or their full-width forms) — gets a leading apostrophe ``'``
(OWASP's advice), and the cell is typed as a string (``data_type = "s"``), so openpyxl
writes a string, never a ``<f>`` formula element, and the stored text never starts
with the trigger character even after a CSV export. Characters XML cannot hold are
dropped. Numbers are written as numbers, so a negative figure stays a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill

from dagster_project.atomic import replaced_atomically
from dagster_project.report import labels
from dagster_project.report.model import ReportContext, as_date, depths, has_data
from dagster_project.report.numbers_vi import format_count_vi, to_decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

NUMBER_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "d/m/yyyy"

# (header, mart column, cell type)
INDICATOR_COLUMNS = (
    ("Mã tỉnh", "province_code", "text"),
    ("Năm", "year", "int"),
    ("Kỳ", "period", "text"),
    ("Mã chỉ tiêu", "indicator_code", "text"),
    ("Chỉ tiêu", "indicator_name_vi", "text"),
    ("Chỉ tiêu (tiếng Anh)", "indicator_name_en", "text"),
    ("Mã chỉ tiêu cha", "parent_code", "text"),
    ("Lĩnh vực", "sector_code", "text"),
    ("Loại", "kind", "text"),
    ("Đơn vị tính", "unit", "text"),
    ("Thực hiện", "actual_value", "number"),
    ("Ước tính", "is_estimate", "bool"),
    ("Tính đến ngày", "as_of", "date"),
    ("Kế hoạch", "plan_value", "number"),
    ("Nguồn kế hoạch", "plan_source", "text"),
    ("% kế hoạch", "pct_of_plan", "percent"),
    ("Mức cần đạt (%)", "expected_pct", "percent"),
    ("Chênh lệch tiến độ (điểm %)", "pace_gap_pp", "percent"),
    ("Đánh giá", "status", "status"),
    ("Mã đánh giá", "status", "text"),
    ("Cùng kỳ năm trước", "prev_year_value", "number"),
    ("So với cùng kỳ (%)", "yoy_pct", "percent"),
    ("Đơn vị đã báo cáo", "units_reporting", "int"),
    ("Đơn vị phải báo cáo", "units_expected", "int"),
    ("Tỷ lệ đủ báo cáo (%)", "completeness_pct", "percent"),
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def safe_text(value: Any) -> str:
    """Text that can never become a formula: see the module docstring."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def set_text(cell: Cell, value: Any) -> Cell:
    """Write input text into ``cell`` as a string, never as a formula."""
    if value is None:
        cell.value = None
        return cell
    cell.value = safe_text(value)
    cell.data_type = "s"
    return cell


def _number(value: Any) -> int | float | None:
    exact = to_decimal(value) if isinstance(value, int | float | Decimal | str) else None
    if exact is None:
        return None
    return int(exact) if exact == exact.to_integral_value() and abs(exact) < 2**53 else float(exact)


def set_value(cell: Cell, value: Any, kind: str) -> Cell:
    """A typed cell: numbers as numbers (with a format), dates as dates, text safely."""
    if value is None:
        return cell
    if kind in ("number", "percent", "int"):
        number = _number(value)
        if number is None:
            return cell
        cell.value = number
        cell.number_format = {
            "number": NUMBER_FORMAT,
            "percent": PERCENT_FORMAT,
            "int": INTEGER_FORMAT,
        }[kind]
    elif kind == "date":
        cell.value = as_date(value)
        cell.number_format = DATE_FORMAT
    elif kind == "bool":
        set_text(cell, "Có" if value else "Không")
    elif kind == "status":
        set_text(cell, labels.STATUS_VI.get(value, value))
    else:
        set_text(cell, value)
    return cell


def _header(sheet, titles) -> None:
    for column, title in enumerate(titles, start=1):
        cell = set_text(sheet.cell(row=1, column=column), title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _widths(sheet, widths: Mapping[int, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width


def _metadata(context: ReportContext, province_label: str) -> list[tuple[str, Any, str]]:
    rows = context.rows
    statuses = [row.get("status") for row in rows]
    end = context.period_end
    meta: list[tuple[str, Any, str]] = [
        ("Tỉnh (mã)", context.province_code, "text"),
        ("Tỉnh", province_label, "text"),
        ("Năm", context.year, "int"),
        ("Kỳ", context.period, "text"),
        ("Kỳ (diễn giải)", f"{labels.period_label_vi(context.period)} {context.year}", "text"),
    ]
    if end is not None:
        start = date(context.year, 1 if context.period in ("H1", "FY") else 7, 1)
        meta += [("Từ ngày", start, "date"), ("Đến ngày", end, "date")]
    meta += [
        ("Số liệu tính đến ngày", context.data_cutoff, "date"),
        ("Có số ước tính", context.has_estimates, "bool"),
        ("Số chỉ tiêu", len(rows), "int"),
        ("Số chỉ tiêu có số liệu", sum(1 for row in rows if has_data(row)), "int"),
        (
            "Số chỉ tiêu có kế hoạch",
            sum(1 for row in rows if row.get("plan_value") is not None),
            "int",
        ),
    ]
    for status in ("ahead", "on_track", "behind", "no_plan", "no_data"):
        meta.append((f"Số chỉ tiêu {labels.STATUS_VI[status]}", statuses.count(status), "int"))
    meta += [
        ("Đơn vị hoạt động tính đến ngày", context.counts_date, "date"),
        ("Nguồn dữ liệu", "marts.halfyear_vs_plan; marts.active_units", "text"),
        (
            "Ghi chú",
            "Văn bản lấy từ dữ liệu đầu vào bắt đầu bằng =, +, -, @ được thêm dấu ' ở đầu "
            "để không bao giờ trở thành công thức.",
            "text",
        ),
    ]
    return meta


def build_workbook(context: ReportContext, province_label: str | None = None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    _header(sheet, [title for title, _, _ in INDICATOR_COLUMNS])
    for r, (row, depth) in enumerate(zip(context.rows, depths(context.rows), strict=True), start=2):
        for c, (_, key, kind) in enumerate(INDICATOR_COLUMNS, start=1):
            cell = set_value(sheet.cell(row=r, column=c), row.get(key), kind)
            if key == "indicator_name_vi" and depth:
                cell.alignment = Alignment(indent=depth)
    _widths(sheet, {4: 22, 5: 44, 6: 36, 7: 18, 10: 12, 11: 14, 13: 14, 14: 14, 19: 18, 21: 16})

    units = workbook.create_sheet("Đơn vị hoạt động")
    _header(units, ["Hoạt động (mã)", "Diễn giải", "Số đơn vị", "Tính đến ngày"])
    phrases = {k.lower(): v for k, v in labels.ACTIVITY_PHRASES_VI.items()}
    for r, (activity, n) in enumerate(context.unit_counts, start=2):
        template = phrases.get(activity.lower(), labels.ACTIVITY_FALLBACK_VI)
        set_text(units.cell(row=r, column=1), activity)
        set_text(
            units.cell(row=r, column=2), template.format(n=format_count_vi(n), activity=activity)
        )
        set_value(units.cell(row=r, column=3), n, "int")
        set_value(units.cell(row=r, column=4), context.counts_date, "date")
    _widths(units, {1: 18, 2: 60, 3: 12, 4: 14})

    meta = workbook.create_sheet("Thông tin")
    _header(meta, ["Thuộc tính", "Giá trị"])
    label = province_label or context.province_name or context.province_code
    for r, (name, value, kind) in enumerate(_metadata(context, label), start=2):
        set_text(meta.cell(row=r, column=1), name)
        set_value(meta.cell(row=r, column=2), value, kind)
    _widths(meta, {1: 34, 2: 70})
    return workbook


def write_workbook(context: ReportContext, path: Path, province_label: str | None = None) -> Path:
    """Write the workbook to ``path`` atomically (a temporary file renamed over it)."""
    workbook = build_workbook(context, province_label)
    with replaced_atomically(path) as temporary:
        workbook.save(temporary)
    return path
