"""The Excel form: the shipped template filled in, layout variants, rejections, hostile files."""

from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.files.file_formats import file_format
from dagster_project.ingest.load.loader import load_reference, load_submissions
from dagster_project.ingest.read import xlsx_reader as reader_module
from dagster_project.ingest.read.csv_reader import SUBMISSION_COLUMNS, MalformedLine
from dagster_project.ingest.read.parsing import parse_number
from dagster_project.ingest.read.readers import READERS, read_submission
from dagster_project.ingest.read.text import header_key
from dagster_project.ingest.read.xlsx_guard import check_xlsx_archive
from dagster_project.ingest.read.xlsx_reader import number_text, read_xlsx_submission

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "mau_bao_cao_thang.xlsx"
COLUMNS = ["row_number", *(spec.name for spec in SUBMISSION_COLUMNS)]


# --- helpers ------------------------------------------------------------------------


def to_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def find_label(sheet, label: str):
    """The cell whose text is `label`, compared as the reader compares labels."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and header_key(cell.value) == header_key(label):
                return cell
    raise AssertionError(f"no {label!r} on the sheet")


def input_cell(sheet, label: str):
    """Where a person types: the first cell right of the label's (merged) cell."""
    cell = find_label(sheet, label)
    column = cell.column
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            column = merged.max_col
    return sheet.cell(cell.row, column + 1)


def fill_template(
    unit: Any = "BC01",
    period: Any = "Tháng 06/2023",
    rows: Sequence[dict[str, Any]] = (),
    reported: Any = None,
) -> bytes:
    """The shipped template, filled in as a person would."""
    book = openpyxl.load_workbook(TEMPLATE)
    sheet = book.active
    if unit is not None:
        input_cell(sheet, "Mã đơn vị").value = unit
    if period is not None:
        input_cell(sheet, "Kỳ báo cáo").value = period
    if reported is not None:
        input_cell(sheet, "Ngày báo cáo").value = reported
    header = find_label(sheet, "Mã chỉ tiêu").row
    columns = {cell.value: cell.column for cell in sheet[header] if isinstance(cell.value, str)}
    assert sheet.cell(header + 1, 1).value == "(1)"  # the column-number row
    for offset, values in enumerate(rows):
        for title, value in values.items():
            sheet.cell(header + 2 + offset, columns[title]).value = value
    # The signature block gets names, as on paper.
    left = find_label(sheet, "Người lập biểu")
    sheet.cell(left.row + 3, left.column).value = "Nguyễn Văn An"
    return to_bytes(book)


def workbook(
    rows: Iterable[Sequence[Any]],
    merges: Iterable[str] = (),
    title: str = "Sheet1",
) -> bytes:
    """A one-sheet workbook from a list of rows (row 1 first; None = empty cell)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    _put(sheet, rows, merges)
    return to_bytes(book)


def _put(sheet, rows: Iterable[Sequence[Any]], merges: Iterable[str] = ()) -> None:
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    for cells in merges:
        sheet.merge_cells(cells)


def read_rows(data: bytes) -> list[tuple]:
    table = read_xlsx_submission(data)
    assert table.encoding == "xlsx"
    assert table.frame.columns == COLUMNS
    assert table.frame.schema["row_number"] == pl.Int32
    return table.frame.rows()


def rejection(data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_xlsx_submission(data)
    return caught.value


HEADER = ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Thực hiện", "Tình trạng"]
ROW_A = [1, "POSTAL_REVENUE", "Doanh thu bưu chính", "tỷ đồng", "1.500,5", "Ước"]
ROW_B = [2, "IT_REVENUE", "Doanh thu công nghệ thông tin", "tỷ đồng", 95, None]


def simple_form(
    header: Sequence[Any] = HEADER,
    body: Sequence[Sequence[Any]] = (ROW_A, ROW_B),
    above: Sequence[Sequence[Any]] = (),
    unit_label: str = "Mã đơn vị:",
    period_label: str = "Kỳ báo cáo:",
) -> list[list[Any]]:
    return [
        *[list(r) for r in above],
        ["BÁO CÁO SỐ LIỆU THÁNG"],
        [],
        [unit_label, None, "BC01"],
        [period_label, None, "06/2023"],
        [],
        list(header),
        *[list(r) for r in body],
        [],
        [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    ]


def expected(first_row: int, period: str = "06/2023") -> list[tuple]:
    return [
        (first_row, "BC01", period, "POSTAL_REVENUE", "1.500,5", "Ước", None, None, None),
        (first_row + 1, "BC01", period, "IT_REVENUE", "95", None, None, None, None),
    ]


# --- (a) the shipped template -------------------------------------------------------


def test_the_template_is_the_scripts_output(tmp_path):
    """`templates/` holds exactly what `scripts/make_form_template.py` writes."""
    script = TEMPLATE.parents[1] / "scripts" / "make_form_template.py"
    spec = importlib.util.spec_from_file_location("make_form_template", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "form.xlsx"
    assert module.main(["make_form_template.py", str(out)]) == 0
    assert out.read_bytes() == TEMPLATE.read_bytes()


def test_the_template_has_the_labels_of_the_issue():
    sheet = openpyxl.load_workbook(TEMPLATE).active
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "BÁO CÁO SỐ LIỆU THÁNG — NGÀNH THÔNG TIN VÀ TRUYỀN THÔNG" in texts
    for label in (
        "Đơn vị báo cáo",
        "Mã đơn vị",
        "Kỳ báo cáo",
        "Ngày báo cáo",
        "STT",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Thực hiện",
        "Tình trạng",
        "Tính đến ngày",
        "Người lập biểu",
        "Thủ trưởng đơn vị",
        "(1)",
        "(7)",
    ):
        assert find_label(sheet, label) is not None


def test_the_filled_template_reads_to_the_expected_rows():
    data = fill_template(
        unit="BC01",
        period="Tháng 06/2023",
        reported="5/7/2023",
        rows=[
            {
                "STT": 1,
                "Mã chỉ tiêu": "POSTAL_REVENUE",
                "Tên chỉ tiêu": "Doanh thu bưu chính",
                "Đơn vị tính": "tỷ đồng",
                "Thực hiện": "1.500,5",
                "Tình trạng": "Ước",
                "Tính đến ngày": "6/6/2023",
            },
            {
                "STT": 2,
                "Mã chỉ tiêu": "IT_REVENUE",
                "Tên chỉ tiêu": "Doanh thu công nghệ thông tin",
                "Đơn vị tính": "tỷ đồng",
                "Thực hiện": 95,
                "Tình trạng": "Thực hiện",
            },
            {"STT": 3, "Mã chỉ tiêu": "BTS_STATIONS", "Thực hiện": 3000, "Ghi chú": "trạm"},
        ],
    )
    assert read_rows(data) == [
        (11, "BC01", "Tháng 06/2023", "POSTAL_REVENUE", "1.500,5", "Ước", "6/6/2023",
         "5/7/2023", None),
        (12, "BC01", "Tháng 06/2023", "IT_REVENUE", "95", "Thực hiện", None, "5/7/2023", None),
        (13, "BC01", "Tháng 06/2023", "BTS_STATIONS", "3000", None, None, "5/7/2023", "trạm"),
    ]  # fmt: skip


def test_the_empty_template_is_rejected_naming_the_unit_code():
    error = rejection(TEMPLATE.read_bytes())
    assert "'Mã đơn vị' is empty" in error.reason_en
    assert "Mã đơn vị:" in error.reason_en and "row 5" in error.reason_en
    assert "chưa ghi 'Mã đơn vị'" in error.reason_vi


def test_a_template_with_header_but_no_rows_reads_as_no_rows():
    assert read_rows(fill_template()) == []


def test_a_form_with_no_rows_is_a_rejected_file():
    with pytest.raises(UnreadableFile) as caught:
        read_submission("BC01.xlsx", fill_template())
    assert caught.value.reason_en.startswith("the file has a header but no data rows")


def test_excel_dates_and_datetimes_become_iso_text():
    data = fill_template(
        period=datetime(2023, 6, 1),  # Excel turned "06/2023" into a date
        reported=datetime(2023, 7, 5, 10, 30),
        rows=[
            {"Mã chỉ tiêu": "POSTAL_REVENUE", "Thực hiện": 1500.5,
             "Tính đến ngày": datetime(2023, 6, 6)},
            {"Mã chỉ tiêu": "IT_REVENUE", "Thực hiện": 0.1 + 0.2,
             "Tính đến ngày": date(2023, 6, 30)},
        ],
    )  # fmt: skip
    assert read_rows(data) == [
        (11, "BC01", "2023-06", "POSTAL_REVENUE", "1500.5", None, "2023-06-06",
         "2023-07-05 10:30:00", None),
        (12, "BC01", "2023-06", "IT_REVENUE", "0.3", None, "2023-06-30", "2023-07-05 10:30:00",
         None),
    ]  # fmt: skip


def test_dates_in_words_are_rewritten_to_numbers():
    data = fill_template(
        period="Tháng 6 năm 2023",
        reported="ngày 05 tháng 7 năm 2023",
        rows=[{"Mã chỉ tiêu": "IT_REVENUE", "Thực hiện": "95", "Tính đến ngày": "6/6/2023"}],
    )
    assert read_rows(data) == [
        (11, "BC01", "6/2023", "IT_REVENUE", "95", None, "6/6/2023", "2023-07-05", None)
    ]


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1500.5, "1500.5"),
        (0.1 + 0.2, "0.3"),
        (95.0, "95"),
        (95, "95"),
        (1e20, "100000000000000000000"),
        (1.234, "1.2340"),  # not "1.234", which reads as one thousand two hundred ...
        (1234.567, "1234.5670"),
        (-0.0, "0"),
        (1.5e-7, "0.00000015"),
        (2 / 3, "0.666666666666667"),
        (-12.5, "-12.5"),
    ],
)
def test_number_text(value, text):
    assert number_text(value) == text


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_a_typed_number_survives_excel_and_the_parser(typed):
    """What a person types (≤ 15 digits, ≤ 6 decimals), stored by Excel as a double."""
    text = number_text(float(typed))
    parsed = pl.select(parse_number(pl.lit(text))).item()
    assert parsed == typed, text


# --- (b) layout variants ------------------------------------------------------------


def test_the_simple_form_reads():
    assert read_rows(workbook(simple_form())) == expected(7)


def test_extra_header_rows_above_shift_the_row_numbers():
    above = [["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Độc lập - Tự do - Hạnh phúc"], []]
    assert read_rows(workbook(simple_form(above=above))) == expected(10)


def test_merged_title_and_label_cells():
    merges = ["A1:F1", "A3:B3", "C3:E3", "A4:B4", "C4:E4", "B9:D9"]
    assert read_rows(workbook(simple_form(), merges=merges)) == expected(7)


@pytest.mark.parametrize(
    "markers",
    [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["A", "B", "C", "1", "2", "3"],
        [1, 2, 3, 4, 5, 6],
        ["[1]", "[2]", None, None, "[5]", "[6]"],
    ],
)
def test_a_column_number_row_under_the_header_is_skipped(markers):
    form = simple_form(body=(markers, ROW_A, ROW_B))
    assert read_rows(workbook(form)) == expected(8)


def test_columns_moved_and_the_table_not_in_column_a():
    header = [None, None, "Mã chỉ tiêu", "Thực hiện", "Tên chỉ tiêu", "STT", "Tình trạng"]
    body = [
        [None, None, "POSTAL_REVENUE", "1.500,5", "Doanh thu bưu chính", 1, "Ước"],
        [None, None, "IT_REVENUE", 95, "Doanh thu CNTT", 2, None],
    ]
    assert read_rows(workbook(simple_form(header=header, body=body))) == expected(7)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_labels_in_nfd_upper_case_without_diacritics_and_with_double_spaces():
    header = ["stt", nfd("MÃ CHỈ TIÊU"), "Ten chi tieu", "DVT", "Thực  hiện ", "tinh trang"]
    form = simple_form(header=header, unit_label="MA  DON VI :", period_label=nfd("Kỳ Báo Cáo"))
    assert read_rows(workbook(form)) == expected(7)


def test_gia_tri_instead_of_thuc_hien():
    header = [*HEADER[:4], "Giá trị", HEADER[5]]
    assert read_rows(workbook(simple_form(header=header))) == expected(7)


def test_labels_with_parenthesised_numbers_and_line_breaks():
    header = ["STT", "Mã\nchỉ tiêu\n(2)", "Tên chỉ tiêu", "ĐVT", "Thực hiện (5)", "Tình trạng"]
    assert read_rows(workbook(simple_form(header=header))) == expected(7)


def test_nfd_text_in_cells_comes_out_nfc():
    body = [[1, "POSTAL_REVENUE", "x", "x", "1.500,5", nfd("Ước")], ROW_B]
    rows = read_rows(workbook(simple_form(body=body)))
    assert rows[0][5] == "Ước" and unicodedata.is_normalized("NFC", rows[0][5])


def test_value_after_a_colon_in_the_label_cell():
    form = simple_form()
    form[2] = ["Mã đơn vị: BC01"]
    form[3] = ["Kỳ báo cáo: 06/2023", None, None]
    assert read_rows(workbook(form)) == expected(7)


def test_the_next_label_on_the_row_is_not_a_value():
    form = simple_form()
    form[2] = ["Mã đơn vị:", None, None, "Kỳ báo cáo:", "06/2023"]
    form[3] = []
    error = rejection(workbook(form))
    assert "'Mã đơn vị' is empty" in error.reason_en


def test_two_level_header():
    rows = [
        ["Mã đơn vị", "BC01"],
        ["Kỳ báo cáo", "2023-06"],
        ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Số liệu", None],
        [None, None, None, "Thực hiện", "Tình trạng"],
        ["A", "B", "C", "1", "2"],
        [1, "POSTAL_REVENUE", "Doanh thu bưu chính", "1.500,5", "Ước"],
    ]
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:E3"]
    assert read_rows(workbook(rows, merges)) == [
        (6, "BC01", "2023-06", "POSTAL_REVENUE", "1.500,5", "Ước", None, None, None)
    ]


def test_the_table_ends_at_the_first_empty_row():
    body = [ROW_A, ROW_B, [], [3, "BTS_STATIONS", "Trạm BTS", "trạm", 3000, None]]
    assert read_rows(workbook(simple_form(body=body))) == expected(7)


def test_a_signature_block_right_under_the_table_ends_it():
    body = [
        ROW_A,
        ROW_B,
        [None, None, None, None, None, "Vĩnh Yên, ngày 05 tháng 7 năm 2023"],
        [None, "Người lập biểu", None, None, None, "Thủ trưởng đơn vị"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"],
    ]
    assert read_rows(workbook(simple_form(body=body))) == expected(7)


def test_rows_with_nothing_in_the_known_columns_are_dropped_not_the_end():
    body = [
        [None, None, "I. Bưu chính", None, None, None],
        ROW_A,
        [None, None, "II. Công nghệ thông tin", None, None, None],
        ROW_B,
        [3, None, None, None, None, None],  # a numbered, empty row
    ]
    rows = read_rows(workbook(simple_form(body=body)))
    assert [r[0] for r in rows] == [8, 10]


def test_a_row_with_a_bad_value_is_kept_for_the_contracts():
    body = [ROW_A, [2, "IT_REVENUE", "x", "x", "95 tỷ", None], [3, None, "x", "x", 7, None]]
    rows = read_rows(workbook(simple_form(body=body)))
    assert [(r[0], r[3], r[4]) for r in rows] == [
        (7, "POSTAL_REVENUE", "1.500,5"),
        (8, "IT_REVENUE", "95 tỷ"),
        (9, None, "7"),
    ]


def test_booleans_and_error_cells_come_through_as_text():
    body = [[1, "IT_REVENUE", "x", "x", True, None], [2, "BTS_STATIONS", "x", "x", "#DIV/0!"]]
    rows = read_rows(workbook(simple_form(body=body)))
    assert [r[4] for r in rows] == ["TRUE", "#DIV/0!"]


def test_a_numeric_unit_code_reads_without_decimals():
    form = simple_form()
    form[2] = ["Mã đơn vị", None, 12345.0]
    assert read_rows(workbook(form))[0][1] == "12345"


def test_a_period_column_in_the_table_wins_over_the_header():
    header = ["Kỳ báo cáo", "Mã chỉ tiêu", "Thực hiện"]
    body = [["05/2023", "IT_REVENUE", 90], [None, "IT_REVENUE", 95]]
    rows = read_rows(workbook(simple_form(header=header, body=body)))
    assert [(r[2], r[4]) for r in rows] == [("05/2023", "90"), ("06/2023", "95")]


def test_the_form_is_found_on_a_later_sheet():
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active["A1"] = "Điền số liệu vào trang Báo cáo"
    _put(book.create_sheet("Báo cáo"), simple_form())
    assert read_rows(to_bytes(book)) == expected(7)


def test_visible_sheets_before_hidden_ones():
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Danh mục"
    _put(hidden, [["Mã đơn vị", "XX"], ["Kỳ báo cáo", "01/2020"], ["Mã chỉ tiêu", "Giá trị"]])
    hidden.sheet_state = "hidden"
    _put(book.create_sheet("Báo cáo"), simple_form())
    assert read_rows(to_bytes(book)) == expected(7)


def test_a_sheet_with_a_code_list_but_no_value_column_is_passed_over():
    book = openpyxl.Workbook()
    _put(book.active, [["Mã chỉ tiêu", "Tên chỉ tiêu"], ["IT_REVENUE", "Doanh thu CNTT"]])
    _put(book.create_sheet("Báo cáo"), simple_form())
    assert read_rows(to_bytes(book)) == expected(7)


def with_cached_value(data: bytes, formula: str, cached: str) -> bytes:
    """The workbook as Excel saves it: the formula's result beside it (openpyxl saves none)."""
    sheet = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(sheet)
    # `<v />` or `<v></v>`: openpyxl writes either, as lxml is installed or not.
    empty_value = re.compile(rb"<f>" + re.escape(formula.encode()) + rb"</f>(?:<v ?/>|<v></v>)")
    assert empty_value.search(xml)
    saved = f"<f>{formula}</f><v>{cached}</v>".encode()
    return rebuild(data, replace={sheet: empty_value.sub(saved, xml)})


def test_a_formula_with_a_saved_result_reads_the_result_and_never_runs():
    body = [ROW_A, [2, "IT_REVENUE", "x", "x", "=40+55", None]]
    data = with_cached_value(workbook(simple_form(body=body)), "40+55", "96")
    table = read_xlsx_submission(data)
    assert table.frame.rows() == [
        expected(7)[0],
        (8, "BC01", "06/2023", "IT_REVENUE", "96", None, None, None, None),
    ]
    assert table.malformed == ()


def test_a_formula_without_a_saved_result_sets_its_row_aside():
    # openpyxl writes no cached value: the cell must not read as an empty value.
    body = [ROW_A, [2, "IT_REVENUE", "x", "x", "=SUM(E7:E7)", None], [3, "BTS_STATIONS", None]]
    table = read_xlsx_submission(workbook(simple_form(body=body)))
    assert table.frame.rows() == [
        expected(7)[0],
        (9, "BC01", "06/2023", "BTS_STATIONS", None, None, None, None, None),  # plain empty
    ]
    assert table.malformed == (
        MalformedLine(8, "=SUM(E7:E7)", "xlsx_formula_without_value", "BC01", column="value"),
    )


# --- (c) forms it cannot understand -------------------------------------------------


def test_missing_ma_chi_tieu_is_named():
    header = ["STT", "Chỉ tiêu", "Thực hiện"]
    error = rejection(workbook(simple_form(header=header)))
    assert "no sheet has the 'Mã chỉ tiêu' label" in error.reason_en
    assert "'Mã chỉ tiêu'" in error.reason_vi


def test_missing_value_column_is_named():
    header = ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kế hoạch"]
    error = rejection(workbook(simple_form(header=header)))
    assert error.reason_en == (
        "the table header (sheet 'Sheet1', row 6) has 'Mã chỉ tiêu' but no "
        "'Thực hiện' or 'Giá trị' column"
    )
    assert "'Thực hiện' hoặc 'Giá trị'" in error.reason_vi


@pytest.mark.parametrize(("row", "label"), [(2, "Mã đơn vị"), (3, "Kỳ báo cáo")])
def test_a_missing_header_label_is_named(row, label):
    form = simple_form()
    form[row] = ["Đơn vị báo cáo:", None, "Bưu điện tỉnh"]
    error = rejection(workbook(form))
    assert error.reason_en.startswith(f"the form has no '{label}' label above the table")
    assert f"không có nhãn '{label}'" in error.reason_vi


def test_an_empty_period_is_named():
    form = simple_form()
    form[3] = ["Kỳ báo cáo:"]
    error = rejection(workbook(form))
    assert error.reason_en.startswith("'Kỳ báo cáo' is empty")


def test_empty_workbook():
    error = rejection(to_bytes(openpyxl.Workbook()))
    assert error.reason_en.startswith("the workbook is empty")
    assert "'Mã chỉ tiêu'" in error.reason_en and "'Mã chỉ tiêu'" in error.reason_vi


def test_two_value_columns_are_refused():
    header = ["Mã chỉ tiêu", "Thực hiện", "Giá trị"]
    error = rejection(workbook(simple_form(header=header, body=[["IT_REVENUE", 1, 2]])))
    assert "columns 'Thực hiện' and 'Giá trị'" in error.reason_en
    assert "both mean 'value'" in error.reason_en


def test_a_table_that_never_ends_is_refused(monkeypatch):
    monkeypatch.setattr(reader_module, "MAX_ROWS", 30)
    body = [[i, "IT_REVENUE", "x", "x", i, None] for i in range(40)]
    error = rejection(workbook(simple_form(body=body)))
    assert "does not end within 30 rows" in error.reason_en


def test_the_row_budget_covers_the_whole_workbook(monkeypatch):
    monkeypatch.setattr(reader_module, "MAX_ROWS", 30)
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.active["A29"] = "x"
    _put(book.create_sheet("Báo cáo"), simple_form())
    error = rejection(to_bytes(book))
    assert error.reason_en.startswith("no table found in the first 30 rows of the workbook")


# --- (d) hostile files --------------------------------------------------------------


def test_text_posing_as_xlsx():
    data = b"unit_code,period,indicator_code,value\nBC01,2023-06,X,1\n"
    assert rejection(data).reason_en == "not an Excel .xlsx file (not a zip archive)"
    assert rejection(b"").reason_en == "not an Excel .xlsx file (the file is empty)"


def test_a_truncated_zip():
    data = TEMPLATE.read_bytes()
    error = rejection(data[: len(data) // 2])
    assert error.reason_en.startswith("not an Excel .xlsx file (damaged or incomplete zip")


def test_the_stub_bytes_of_the_load_tests():
    error = rejection(b"PK\x03\x04")
    assert error.reason_en.startswith("not an Excel .xlsx file (damaged or incomplete zip")


def test_an_old_xls_or_a_password_protected_workbook():
    error = rejection(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "password-protected workbook or an old Excel 97-2003 (.xls)" in error.reason_en


def rebuild(
    data: bytes,
    extra: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The template's members, some replaced, some added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", method) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename) or source.read(info))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """The template plus a worksheet of `megabytes` MB of zeros, streamed into the zip."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(TEMPLATE.read_bytes())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
        chunk = bytes(1024 * 1024)
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_over_the_total_size_cap():
    data = zip_bomb(300)
    assert len(data) < 2 * 1024 * 1024
    error = rejection(data)
    assert error.reason_en.startswith("refused: the workbook would decompress to more than 200 MB")
    assert "bom zip" in error.reason_vi


def test_a_zip_bomb_by_compression_ratio():
    error = rejection(zip_bomb(20))
    assert error.reason_en.startswith("refused: part xl/worksheets/sheet1.xml decompresses")
    assert "more than 100:1" in error.reason_en


def test_macro_enabled_workbooks_are_refused():
    template = TEMPLATE.read_bytes()
    with_vba = rebuild(template, extra={"xl/vbaProject.bin": b"\x00" * 64})
    assert "macro-enabled workbook (.xlsm" in rejection(with_vba).reason_en
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        types = archive.read("[Content_Types].xml")
    xlsm = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert xlsm != types
    declared = rebuild(template, replace={"[Content_Types].xml": xlsm})
    assert "macro-enabled workbook (.xlsm" in rejection(declared).reason_en


def test_other_compression_methods_are_refused():
    data = rebuild(TEMPLATE.read_bytes(), method=zipfile.ZIP_BZIP2)
    assert "uses zip compression method 12" in rejection(data).reason_en


def test_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
    assert "not an Excel .xlsx workbook" in rejection(out.getvalue()).reason_en
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", b"hi")
    assert "not an Excel .xlsx workbook" in rejection(out.getvalue()).reason_en


def test_a_library_error_keeps_the_librarys_message():
    data = rebuild(TEMPLATE.read_bytes(), replace={"xl/workbook.xml": b"<not xml"})
    error = rejection(data)
    assert error.reason_en.startswith("the Excel file cannot be read (")
    assert error.reason_vi.startswith("không đọc được tệp Excel (")


def test_a_cell_at_the_far_corner_of_the_sheet_is_cheap():
    """Two cells, A1 and XFD1048576: a dense reader would allocate 512 GB and abort."""
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.active["XFD1048576"] = "y"
    error = rejection(to_bytes(book))
    assert "'Mã chỉ tiêu'" in error.reason_en


def test_the_form_far_down_is_still_found():
    book = openpyxl.Workbook()
    _put(book.active, [[], *simple_form()])
    book.active["XFD1048576"] = "styled junk far away"
    assert read_rows(to_bytes(book)) == expected(8)


def test_guard_accepts_the_template():
    check_xlsx_archive(TEMPLATE.read_bytes())


# --- (e) property: random and damaged bytes only ever give UnreadableFile ----------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_random_bytes_are_rejected_cleanly(data):
    with pytest.raises(UnreadableFile):
        read_xlsx_submission(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_random_bytes_after_zip_magic_are_rejected_cleanly(data):
    with pytest.raises(UnreadableFile):
        read_xlsx_submission(b"PK\x03\x04" + data)


FILLED = fill_template(rows=[{"Mã chỉ tiêu": "IT_REVENUE", "Thực hiện": 95}])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(FILLED) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_forms_read_or_are_rejected_cleanly(flips):
    data = bytearray(FILLED)
    for position, value in flips:
        data[position] = value
    try:
        table = read_xlsx_submission(bytes(data))
    except UnreadableFile:
        return
    assert table.frame.columns == COLUMNS


# --- plugged in, end to end ---------------------------------------------------------


def test_the_xlsx_reader_is_registered():
    assert READERS[".xlsx"] is read_xlsx_submission
    assert file_format("submissions/a.XLSX") == "xlsx"
    assert read_submission("x/BC01.XLSX", FILLED).frame.height == 1


def test_a_formula_without_a_saved_result_is_a_rejected_row(tmp_path, raw_folder):
    body = [ROW_A, [2, "BCVT_REVENUE", "x", "x", "=40+55", None]]
    raw = raw_folder(submissions={"2023/06/BC01.xlsx": workbook(simple_form(body=body))})
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_reference(raw, con, log=lambda _: None)
    load_submissions(raw, con, log=lambda _: None)
    assert con.execute(
        "SELECT row_number, column_name, value, check_name, unit_code, message "
        "FROM raw.rejected_rows"
    ).fetchall() == [
        (8, "value", "=40+55", "xlsx_formula_without_value", "BC01",
         "the cell holds a formula with no saved result, so the row is not loaded: type the "
         "number, or open and save the file in Excel"),
    ]  # fmt: skip
    assert con.execute(
        "SELECT outcome, received_rows, accepted_rows, rejected_rows FROM raw.file_manifest"
    ).fetchall() == [("loaded", 2, 1, 1)]


def test_load_submissions_reads_a_filled_form(tmp_path, raw_folder):
    form = fill_template(
        unit="BC01",
        period="Tháng 06/2023",
        reported="5/7/2023",
        rows=[
            {"STT": 1, "Mã chỉ tiêu": "POSTAL_REVENUE", "Thực hiện": "1.500,5",
             "Tình trạng": "Ước", "Tính đến ngày": "6/6/2023"},
            {"STT": 2, "Mã chỉ tiêu": "BCVT_REVENUE", "Thực hiện": 12},
            {"STT": 3, "Mã chỉ tiêu": "BTS_STATIONS", "Thực hiện": "12,5 tỷ"},
        ],
    )  # fmt: skip
    raw = raw_folder(
        submissions={
            "2023/06/BC01_2023-06.xlsx": form,
            "2023/06/renamed.xlsx": "unit_code,period,indicator_code,value\n",
        }
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_reference(raw, con, log=lambda _: None)
    result = load_submissions(raw, con, log=lambda _: None)
    path = "submissions/2023/06/BC01_2023-06.xlsx"
    assert (result.files_loaded, result.files_rejected) == (1, 1)
    assert con.execute(
        "SELECT * FROM raw.submission_values ORDER BY row_number"
    ).fetchall() == [
        (path, 11, "BC01", date(2023, 6, 1), "POSTAL_REVENUE", Decimal("1500.5"), "estimate",
         date(2023, 6, 6), datetime(2023, 7, 5), None),
        (path, 12, "BC01", date(2023, 6, 1), "BCVT_REVENUE", Decimal("12"), "actual", None,
         datetime(2023, 7, 5), None),
    ]  # fmt: skip
    assert con.execute(
        "SELECT file_path, row_number, column_name, value, check_name FROM raw.rejected_rows"
    ).fetchall() == [(path, 13, "value", "12,5 tỷ", "value_is_number")]
    assert con.execute(
        "SELECT file_format, encoding, outcome, received_rows, accepted_rows, rejected_rows "
        "FROM raw.file_manifest WHERE file_path = ?",
        [path],
    ).fetchall() == [("xlsx", "xlsx", "loaded", 3, 2, 1)]
    assert con.execute(
        "SELECT file_path, reason, reason_vi FROM raw.rejected_files"
    ).fetchall() == [
        (
            "submissions/2023/06/renamed.xlsx",
            "not an Excel .xlsx file (not a zip archive)",
            "không phải tệp Excel .xlsx (không phải tệp nén zip)",
        )
    ]
