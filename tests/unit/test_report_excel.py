"""The .xlsx: figures as numbers, and input text that can never become a formula."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from openpyxl import Workbook

from dagster_project.report.excel import FORMULA_TRIGGERS, safe_text, set_text, write_workbook
from dagster_project.report.model import ReportContext

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_text_prefixes_an_apostrophe(text):
    assert safe_text(text) == "'" + text
    assert not safe_text(text).startswith(FORMULA_TRIGGERS)


def test_safe_text_leaves_ordinary_text_and_drops_illegal_characters():
    assert safe_text("Doanh thu bưu chính") == "Doanh thu bưu chính"
    assert safe_text("a\x01b") == "ab"
    assert safe_text(26) == "26"


def _row(code, name_vi, **overrides):
    row = {
        "province_code": "26",
        "year": 2023,
        "period": "H1",
        "indicator_code": code,
        "indicator_name_vi": name_vi,
        "indicator_name_en": name_vi,
        "unit": "tỷ đồng",
        "kind": "flow",
        "actual_value": 1500.0,
        "plan_value": 2900.0,
        "pct_of_plan": 51.724137931,
        "expected_pct": 50.0,
        "pace_gap_pp": 1.724137931,
        "status": "on_track",
        "is_estimate": True,
        "as_of": date(2023, 6, 6),
        "units_expected": 20,
        "units_reporting": 19,
    }
    row.update(overrides)
    return row


def test_workbook_cells_never_become_formulas(tmp_path):
    rows = [_row(f"C{i}", text, unit=text, plan_source=text) for i, text in enumerate(HOSTILE)]
    rows.append(_row("NEG", "Âm", actual_value=-5, plan_value=None, pct_of_plan=None))
    context = ReportContext(
        province_code="=26",
        year=2023,
        period="H1",
        rows=tuple(rows),
        province_name="@Vĩnh Phúc",
        unit_counts=(("=postal", 15),),
        counts_date=date(2023, 6, 30),
    )
    path = write_workbook(context, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "Chỉ tiêu", "Đơn vị hoạt động", "Thông tin"]
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value

    sheet = book["Chỉ tiêu"]
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("Chỉ tiêu") + 1)
    assert name.value == '\'=HYPERLINK("http://evil.example","x")'
    assert name.data_type == "s"
    assert sheet.cell(row=2, column=header.index("Đơn vị tính") + 1).value == name.value
    negative = sheet.cell(row=len(rows) + 1, column=header.index("Thực hiện") + 1)
    assert negative.value == -5 and negative.data_type == "n"  # numbers stay numbers
    assert book["Đơn vị hoạt động"]["A2"].value == "'=postal"
    meta = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows(min_row=2)}
    assert meta["Tỉnh"] == "'@Vĩnh Phúc"
    assert meta["Tỉnh (mã)"] == "'=26"


def test_figures_are_numbers_with_codes(tmp_path):
    context = ReportContext(
        province_code="26",
        year=2023,
        period="H1",
        rows=(
            _row("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông"),
            _row("POSTAL", "Doanh thu bưu chính", parent_code="BCVT_REVENUE", plan_value=None),
        ),
        province_name="Vĩnh Phúc",
    )
    book = openpyxl.load_workbook(write_workbook(context, tmp_path / "26_2023_H1.xlsx"))
    sheet = book["Chỉ tiêu"]
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["Mã chỉ tiêu"] == "BCVT_REVENUE"
    assert values["Thực hiện"] == 1500
    assert values["Kế hoạch"] == 2900
    assert values["% kế hoạch"] == pytest.approx(51.724137931)
    assert values["Đánh giá"] == "đúng tiến độ"
    assert values["Mã đánh giá"] == "on_track"
    assert values["Ước tính"] == "Có"
    assert values["Tính đến ngày"].date() == date(2023, 6, 6)
    assert values["Đơn vị đã báo cáo"] == 19
    child = dict(zip(header, [cell.value for cell in sheet[3]], strict=True))
    assert child["Mã chỉ tiêu cha"] == "BCVT_REVENUE"
    assert child["Kế hoạch"] is None
    meta = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows(min_row=2)}
    assert meta["Tỉnh (mã)"] == "26"
    assert meta["Số liệu tính đến ngày"].date() == date(2023, 6, 6)
    assert meta["Có số ước tính"] == "Có"
    assert not list(tmp_path.glob(".*tmp"))  # written through a temporary file, renamed


def test_set_text_types_the_cell_as_a_string():
    cell = Workbook().active["A1"]
    set_text(cell, "=1+1")
    assert (cell.value, cell.data_type) == ("'=1+1", "s")
    set_text(cell, None)
    assert cell.value is None


def test_print_sheet_is_ready_to_print(tmp_path):
    rows = (
        _row("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", plan_source="UBND"),
        _row(
            "BTS", "Số trạm BTS", unit="trạm", kind="stock", actual_value=3000.0,
            plan_value=3200.0, pct_of_plan=93.75, status="no_plan",
        ),
        _row(
            "COV", "Tỷ lệ phủ sóng", unit="%", kind="ratio", actual_value=100.0,
            plan_value=100.0, pct_of_plan=100.0, prev_year_value=97.79,
        ),
    )  # fmt: skip
    context = ReportContext("26", 2023, "H1", rows, province_name="Vĩnh Phúc")
    book = openpyxl.load_workbook(write_workbook(context, tmp_path / "p.xlsx"))
    assert book.sheetnames == ["Báo cáo", "Chỉ tiêu", "Đơn vị hoạt động", "Thông tin"]
    sheet = book["Báo cáo"]
    assert sheet["A1"].value == (
        "Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, tỉnh Vĩnh Phúc"
    )
    assert sheet["A2"].value == "Nguồn: báo cáo của các đơn vị, tổng hợp ngày 6/6/2023."
    assert [c.value for c in sheet[4]][:3] == ["Chỉ tiêu", "Đơn vị tính", "Thực hiện"]
    revenue, bts, coverage = ([c for c in sheet[r]] for r in (5, 6, 7))
    assert (revenue[2].value, revenue[2].number_format) == (1500, "#,##0")
    assert (bts[2].value, bts[2].number_format) == (3000, "#,##0")  # not "3.000,00"
    share = pytest.approx(0.51724, abs=1e-5)  # 51,7% is the share 0.517 in Excel's % format
    assert (revenue[6].value, revenue[6].number_format) == (share, "0.0%")
    assert (coverage[2].value, coverage[2].number_format) == (1.0, "0.0%")
    assert revenue[8].value == "đúng tiến độ" and bts[8].value == "chưa có kế hoạch"
    assert revenue[5].value == "UBND tỉnh"
    codes = {"on_track", "no_plan", "flow", "stock", "ratio", "UBND"}
    assert not codes & {c.value for line in sheet.iter_rows() for c in line}
    assert sheet.auto_filter.ref == "A4:L7"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4 in the OOXML paper codes
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
