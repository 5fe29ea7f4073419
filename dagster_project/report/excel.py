"""The report's figures as an .xlsx: a print-ready sheet first ("Báo cáo": title, source,
the figures in Vietnamese with integer, decimal and percent formats, an autofilter, A4
landscape fitted to the page width, the header row repeated), then the detailed sheets
for analysts (the indicator table as numbers plus codes, the units counted, metadata).

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
from openpyxl.utils import get_column_letter

from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report import labels
from dagster_project.report.document import TableRow, table_rows
from dagster_project.report.language import VI
from dagster_project.report.model import (
    ReportContext,
    Row,
    as_date,
    depth_of,
    has_data,
    is_percent,
)
from dagster_project.report.numbers_vi import format_count_vi, to_decimal
from dagster_project.report.text_vi import source_line

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

NUMBER_FORMAT = "#,##0.00"
# Percent columns hold percentage points (51.72): shown with a % sign, value unchanged.
PERCENT_FORMAT = '0.0"%"'
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
SHARE_FORMAT = "0.0%"  # the print sheet stores shares (0.517) as Excel percentages
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
        if kind == "number" and isinstance(number, int):
            kind = "int"  # a count is "3.000", never "3.000,00"
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


# The print sheet: (header, width); the cells come from the report's Vietnamese document
# (labels for every code) and the mart row (numbers).
PRINT_COLUMNS = (
    ("Chỉ tiêu", 40),
    ("Đơn vị tính", 11),
    ("Thực hiện", 12),
    ("Ước tính", 9),
    ("Kế hoạch năm", 12),
    ("Cơ quan giao kế hoạch", 14),
    ("% kế hoạch", 10),
    ("Mức cần đạt", 10),
    ("Đánh giá", 16),
    ("Cùng kỳ năm trước", 12),
    ("So với cùng kỳ", 11),
    ("Đủ báo cáo", 10),
)
TITLE_FONT = Font(bold=True, size=14)
SOURCE_FONT = Font(italic=True, size=10)
FIRST_DATA_ROW = 5  # title, source, a blank line, the header


def _share(value: Any) -> float | None:
    """A percentage (51.72) as the share Excel's % format expects (0.5172)."""
    exact = to_decimal(value) if value is not None else None
    return None if exact is None else float(exact / 100)


def _print_number(cell: Cell, value: Any, percent: bool) -> None:
    if percent:
        share = _share(value)
        if share is not None:
            cell.value, cell.number_format = share, SHARE_FORMAT
        return
    number = _number(value) if value is not None else None
    if number is None:
        return
    cell.value = number
    cell.number_format = INTEGER_FORMAT if isinstance(number, int) else DECIMAL_FORMAT


def _print_row(sheet, r: int, row: Row, table_row: TableRow) -> None:
    percent = is_percent(row)
    name = set_text(sheet.cell(row=r, column=1), table_row.cells[0])
    if table_row.depth:
        name.alignment = Alignment(indent=table_row.depth, wrap_text=True)
    else:
        name.alignment = Alignment(wrap_text=True)
    set_text(sheet.cell(row=r, column=2), row.get("unit"))
    _print_number(sheet.cell(row=r, column=3), row.get("actual_value"), percent)
    if has_data(row):
        set_text(sheet.cell(row=r, column=4), "Có" if row.get("is_estimate") else "Không")
    _print_number(sheet.cell(row=r, column=5), row.get("plan_value"), percent)
    source = row.get("plan_source")
    set_text(sheet.cell(row=r, column=6), labels.PLAN_SOURCE_VI.get(source, source))
    _print_number(sheet.cell(row=r, column=7), row.get("pct_of_plan"), True)
    expected = row.get("expected_pct") if row.get("plan_value") is not None else None
    _print_number(sheet.cell(row=r, column=8), expected, True)
    set_text(sheet.cell(row=r, column=9), table_row.cells[6])
    _print_number(sheet.cell(row=r, column=10), row.get("prev_year_value"), percent)
    if percent:
        prev, actual = to_decimal(row.get("prev_year_value")), to_decimal(row.get("actual_value"))
        if prev is not None and actual is not None:
            change = sheet.cell(row=r, column=11, value=float(actual - prev))
            change.number_format = '+0.0" điểm %";-0.0" điểm %";0" điểm %"'
    else:
        _print_number(sheet.cell(row=r, column=11), row.get("yoy_pct"), True)
    set_text(sheet.cell(row=r, column=12), table_row.cells[8])


def _print_sheet(workbook: Workbook, context: ReportContext) -> None:
    """The sheet a Sở prints or pastes: see the module docstring."""
    sheet = workbook.active
    sheet.title = "Báo cáo"
    label = VI.province_label(context.province_code, context.province_name)
    heading = VI.title(label, context.year, context.period, VI.sector_name, context.through)
    last = get_column_letter(len(PRINT_COLUMNS))
    title = set_text(sheet.cell(row=1, column=1), heading)
    title.font, title.alignment = TITLE_FONT, Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 36
    source = set_text(sheet.cell(row=2, column=1), source_line(context))
    source.font = SOURCE_FONT
    sheet.merge_cells(f"A2:{last}2")
    header_row = FIRST_DATA_ROW - 1
    for column, (header, width) in enumerate(PRINT_COLUMNS, start=1):
        cell = set_text(sheet.cell(row=header_row, column=column), header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, (row, table_row) in enumerate(
        zip(context.rows, table_rows(context, VI), strict=True)
    ):
        _print_row(sheet, FIRST_DATA_ROW + offset, row, table_row)
    end_row = max(header_row, FIRST_DATA_ROW + len(context.rows) - 1)
    sheet.auto_filter.ref = f"A{header_row}:{last}{end_row}"
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{last}{end_row}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "Trang &P / &N"


def build_workbook(context: ReportContext, province_label: str | None = None) -> Workbook:
    workbook = Workbook()
    _print_sheet(workbook, context)
    sheet = workbook.create_sheet("Chỉ tiêu")
    _header(sheet, [title for title, _, _ in INDICATOR_COLUMNS])
    for r, row in enumerate(context.rows, start=2):
        depth = depth_of(row)
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
