"""Feedback to submitters: dagster_project.report.feedback, on quality tables made here."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from dagster_project.common.markdown_text import md_escape as escape
from dagster_project.report.feedback import (
    UNKNOWN_UNIT_FILE,
    feedback_file_name,
    write_feedback,
)
from tests.unit.conftest import create_built_table, create_built_tables

D = "submissions/2023/06/"
REJECTED_ROWS = [
    # file, row, column, value, check, message_vi, unit code sent on the row
    (D + "BC01_2023-06.csv", 4, "value", "12,3,4", "value_is_number",
     "giá trị bị trống hoặc không phải số: hãy viết 1500.5 hoặc 1.500,5", "BC01"),
    (D + "BC01_2023-06.csv", 3, "status", "xong", "status_known",
     "trạng thái phải là thực hiện hoặc ước (actual / estimate)", "BC01"),
    # A unit code the registry does not know, in a file whose other rows are BC01's.
    (D + "BC01_2023-06.csv", 5, "unit_code", "BC1", "unit_code_known",
     "mã đơn vị bị trống hoặc không có trong danh sách đơn vị báo cáo", "BC1"),
    # Every row of this file is rejected and its unit is unknown: nobody to send it to.
    (D + "khong_ro.csv", 2, "unit_code", None, "unit_code_known",
     "mã đơn vị bị trống hoặc không có trong danh sách đơn vị báo cáo", None),
    # Reference files are the Department's business, not a submitter's.
    ("reference/plans.csv", 2, "indicator_code", "X", "indicator_code_known", "...", None),
]  # fmt: skip
WARNINGS = [
    # file, row, column, value, check, message_vi, unit
    (D + "BC01_2023-06.csv", 2, "note", "Th«ng tin | *x*", "text_in_tcvn3",
     'văn bản có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC); có lẽ là "Thông tin | *x*"', "BC01"),
    (D + "VT01_2023-06.csv", 2, "value", "600", "value_scale_jump",
     "giá trị 600 lớn gấp 120 lần trung vị 5", "VT01"),
]  # fmt: skip
REJECTED_FILES = [
    (D + "hong.xlsx", "không phải tệp .xlsx hợp lệ"),
    # Rejected whole, but its name says whose it is; the library's English detail is cut.
    (D + "BC01_2023-06_sua.xlsx",
     "không phải tệp Excel .xlsx (tệp nén zip bị hỏng hoặc không đầy đủ: File is not a zip file)"),
]  # fmt: skip
MANIFEST = [
    (D + "BC01_2023-06.csv", "BC01"),
    (D + "VT01_2023-06.csv", "VT01"),
    (D + "khong_ro.csv", None),
    (D + "hong.xlsx", None),
    (D + "SO01_2023-06.csv", "SO01"),
]
INDICATOR_OF = {"BC01": "POSTAL_REVENUE", "VT01": "TELECOM_REVENUE"}  # a warned row's
UNITS = [("BC01", "Bưu điện tỉnh <Vĩnh Phúc>"), ("VT01", None), ("SO01", "Sở TT&TT")]

BC01_MARKDOWN = """\
# Phản hồi số liệu báo cáo – đơn vị BC01 (Bưu điện tỉnh \\<Vĩnh Phúc\\>)

Dòng bị loại (chưa được ghi nhận): 3. Cảnh báo (đã ghi nhận, cần kiểm tra lại): 1.

## Tệp submissions/2023/06/BC01\\_2023-06.csv

Báo cáo tháng 6/2023, hạn gửi 10/7/2023.

| Dòng | Chỉ tiêu | Cột | Giá trị đã gửi | Lỗi / cảnh báo |
| ---: | --- | --- | --- | --- |
| 3 | — | Trạng thái (status) | xong | Lỗi: trạng thái phải là thực hiện hoặc ước (actual / estimate) |
| 4 | — | Giá trị (value) | 12,3,4 | Lỗi: giá trị bị trống hoặc không phải số: hãy viết 1500.5 hoặc 1.500,5 |
| 5 | — | Mã đơn vị (unit\\_code) | BC1 | Lỗi: mã đơn vị bị trống hoặc không có trong danh sách đơn vị báo cáo |
| 2 | Doanh thu bưu chính | Ghi chú (note) | Th«ng tin \\| \\*x\\* | Cảnh báo: văn bản có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC); có lẽ là "Thông tin \\| \\*x\\*" |

## Tệp submissions/2023/06/BC01\\_2023-06\\_sua.xlsx

Báo cáo tháng 6/2023, hạn gửi 10/7/2023.

Không đọc được tệp: không phải tệp Excel .xlsx (tệp nén zip bị hỏng hoặc không đầy đủ)

Đề nghị đơn vị sửa các dòng bị loại, kiểm tra các cảnh báo và gửi lại báo cáo.
"""  # noqa: E501

UNKNOWN_MARKDOWN = """\
# Phản hồi số liệu báo cáo – chưa xác định được đơn vị

Các tệp dưới đây không đọc được, hoặc có dòng không xác định được đơn vị gửi (mã đơn vị trống hoặc không có trong danh sách đơn vị báo cáo).

## Tệp submissions/2023/06/hong.xlsx

Không đọc được tệp: không phải tệp .xlsx hợp lệ

## Tệp submissions/2023/06/khong\\_ro.csv

| Dòng | Chỉ tiêu | Cột | Giá trị đã gửi | Lỗi / cảnh báo |
| ---: | --- | --- | --- | --- |
| 2 | — | Mã đơn vị (unit\\_code) | (trống) | Lỗi: mã đơn vị bị trống hoặc không có trong danh sách đơn vị báo cáo |

Đề nghị đơn vị đã gửi các tệp trên kiểm tra (mã đơn vị, định dạng tệp), sửa và gửi lại báo cáo.
"""  # noqa: E501


def make_warehouse(path: Path, *, rejected_rows=REJECTED_ROWS, warnings=WARNINGS,
                   rejected_files=REJECTED_FILES) -> Path:  # fmt: skip
    """The tables dbt builds (tests/unit/conftest.py), holding the findings above."""
    finding = ("file_path", "row_number", "column_name", "value", "check_name", "message_vi")
    with duckdb.connect(str(path)) as con:
        create_built_tables(
            con,
            {
                "quality.rejected_rows": [
                    {**dict(zip(finding, row, strict=False)), "message": "en", "unit_code": unit}
                    for *row, unit in rejected_rows
                ],
                "quality.warnings": [
                    {
                        **dict(zip(finding, row, strict=False)),
                        "message": "en",
                        "province_code": "26",
                        "unit_code": unit,
                        "indicator_code": INDICATOR_OF.get(unit),
                    }
                    for *row, unit in warnings
                ],
                "quality.rejected_files": [
                    {"file_path": file, "size_bytes": 1, "reason": "en", "reason_vi": reason_vi}
                    for file, reason_vi in rejected_files
                ],
                "quality.file_manifest": [
                    {"file_path": file, "unit_codes": units} for file, units in MANIFEST
                ],
                "staging.stg_reporting_units": [
                    {"unit_code": code, "unit_name": name} for code, name in UNITS
                ],
                "staging.stg_indicators": [
                    {"indicator_code": "POSTAL_REVENUE", "indicator_name_vi": "Doanh thu bưu chính"}
                ],
                "marts.submission_status": [
                    {
                        "unit_code": "BC01",
                        "frequency": "monthly",
                        "period": date(2023, 6, 1),
                        "deadline": date(2023, 7, 10),
                        "first_received_at": datetime(2023, 7, 3),
                        "missed_deadline": False,
                    }
                ],
            },
        )
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "warehouse.duckdb")


def feedback(db: Path, reports: Path) -> list[Path]:
    with duckdb.connect(str(db), read_only=True) as con:
        return write_feedback(con, reports)


def test_one_file_per_unit_with_findings_and_one_for_the_unknown(warehouse, tmp_path):
    reports = tmp_path / "reports"
    written = feedback(warehouse, reports)
    folder = reports / "feedback"
    names = ["BC01.md", "BC01.xlsx", "VT01.md", "VT01.xlsx", UNKNOWN_UNIT_FILE]
    assert written == [folder / name for name in names]
    assert sorted(p.name for p in folder.iterdir()) == names


def test_the_exact_markdown_of_a_unit(warehouse, tmp_path):
    feedback(warehouse, tmp_path)
    assert (tmp_path / "feedback" / "BC01.md").read_text(encoding="utf-8") == BC01_MARKDOWN


def test_a_unit_without_a_name_and_with_warnings_only(warehouse, tmp_path):
    feedback(warehouse, tmp_path)
    text = (tmp_path / "feedback" / "VT01.md").read_text(encoding="utf-8")
    assert text.startswith("# Phản hồi số liệu báo cáo – đơn vị VT01\n\n")
    assert "Dòng bị loại (chưa được ghi nhận): 0. Cảnh báo" in text
    # An indicator not in the catalogue is named by its code.
    assert "| 2 | TELECOM\\_REVENUE | Giá trị (value) | 600 | Cảnh báo: giá trị 600 lớn gấp" in text


def test_the_exact_markdown_of_the_unknown_unit_file(warehouse, tmp_path):
    feedback(warehouse, tmp_path)
    text = (tmp_path / "feedback" / UNKNOWN_UNIT_FILE).read_text(encoding="utf-8")
    assert text == UNKNOWN_MARKDOWN


def test_stale_files_of_clean_units_go_and_nothing_else_is_touched(tmp_path):
    reports = tmp_path / "reports"
    feedback(make_warehouse(tmp_path / "before.duckdb"), reports)
    folder = reports / "feedback"
    (folder / "OLD01.md").write_text("from last month", encoding="utf-8")
    (folder / ".tmp-abc.md").write_text("a killed run", encoding="utf-8")
    (folder / "ghi_chu.txt").write_text("not feedback", encoding="utf-8")
    (folder / "archive").mkdir()
    (folder / "archive" / "BC01.md").write_text("kept", encoding="utf-8")
    (reports / "26_2023_H1.md").write_text("a report", encoding="utf-8")

    # Now BC01 and the unknown files are clean: only VT01 has a warning.
    clean = make_warehouse(
        tmp_path / "after.duckdb", rejected_rows=[], warnings=WARNINGS[1:], rejected_files=[]
    )
    assert feedback(clean, reports) == [folder / "VT01.md", folder / "VT01.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "VT01.md", "VT01.xlsx", "archive", "ghi_chu.txt",
    ]  # fmt: skip
    assert (folder / "archive" / "BC01.md").read_text(encoding="utf-8") == "kept"
    assert (reports / "26_2023_H1.md").exists()


def test_nothing_to_say_removes_every_feedback_file(warehouse, tmp_path):
    feedback(warehouse, tmp_path)
    empty = make_warehouse(tmp_path / "empty.duckdb", rejected_rows=[], warnings=[],
                           rejected_files=[])  # fmt: skip
    assert feedback(empty, tmp_path) == []
    assert list((tmp_path / "feedback").iterdir()) == []


def test_running_again_gives_the_same_files_untouched(warehouse, tmp_path):
    first = feedback(warehouse, tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in first}
    assert feedback(warehouse, tmp_path) == first
    assert {p: p.stat().st_mtime_ns for p in first} == stamps
    assert not [p for p in (tmp_path / "feedback").iterdir() if p.name.startswith(".")]


def test_a_missing_table_is_an_error_naming_it(tmp_path):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        create_built_table(con, "quality.rejected_rows")
    missing = r"staging\.stg_indicators is missing: run the dbt models"
    with pytest.raises(LookupError, match=missing):
        feedback(db, tmp_path)


def test_markdown_in_input_is_escaped_and_kept_on_one_line():
    assert escape("a|b*c_d`e[f](g)<script>&amp;#h~\\") == (
        "a\\|b\\*c\\_d\\`e\\[f\\](g)\\<script\\>\\&amp;\\#h\\~\\\\"
    )
    assert escape("line 1\nline 2\r\tend") == "line 1 line 2 end"


@pytest.mark.parametrize(
    ("code", "name"),
    [("BC01", "BC01.md"), ("VT-01_a", "VT-01_a.md")],
)
def test_plain_unit_codes_name_their_file(code, name):
    assert feedback_file_name(code) == name


@pytest.mark.parametrize("code", ["../../etc/passwd", "A/B", ".hidden", "", "X" * 200, "Ư01"])
def test_other_unit_codes_cannot_name_a_path_outside(code):
    name = feedback_file_name(code)
    assert "/" not in name and not name.startswith(".") and name.endswith(".md")
    assert len(name) < 80
    assert feedback_file_name(code + "x") != name


def test_a_feedback_folder_that_is_a_link_is_refused(warehouse, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "feedback").symlink_to(elsewhere)
    with pytest.raises(ValueError, match="symbolic link"):
        feedback(warehouse, tmp_path / "reports")


def test_a_file_rejected_whole_goes_to_the_unit_its_name_gives(warehouse, tmp_path):
    feedback(warehouse, tmp_path)
    unknown = (tmp_path / "feedback" / UNKNOWN_UNIT_FILE).read_text(encoding="utf-8")
    assert "BC01\\_2023-06\\_sua.xlsx" not in unknown
    assert "hong.xlsx" in unknown  # no unit in its name: the Department's to sort out
    assert "File is not a zip file" not in (tmp_path / "feedback" / "BC01.md").read_text()


def test_the_units_workbook_lists_what_to_fix(warehouse, tmp_path):
    import openpyxl

    feedback(warehouse, tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "feedback" / "BC01.xlsx")["Phản hồi"]
    assert sheet["A1"].value == "Phản hồi số liệu báo cáo – đơn vị BC01 (Bưu điện tỉnh <Vĩnh Phúc>)"
    rows = [[c.value for c in line] for line in sheet.iter_rows(min_row=3)]
    assert rows[0] == [
        "Tệp", "Kỳ báo cáo", "Hạn gửi", "Dòng", "Chỉ tiêu", "Cột", "Giá trị đã gửi", "Loại",
        "Nội dung",
    ]  # fmt: skip
    assert rows[1] == [
        D + "BC01_2023-06_sua.xlsx", "tháng 6/2023", "10/7/2023", None, None, None, None,
        "Tệp bị loại", "không phải tệp Excel .xlsx (tệp nén zip bị hỏng hoặc không đầy đủ)",
    ]  # fmt: skip
    assert rows[2][:8] == [
        D + "BC01_2023-06.csv", "tháng 6/2023", "10/7/2023", 3, None, "Trạng thái", "xong", "Lỗi",
    ]  # fmt: skip
    assert rows[-1][3:8] == [2, "Doanh thu bưu chính", "Ghi chú", "Th«ng tin | *x*", "Cảnh báo"]
    assert len(rows) == 1 + 1 + 4
