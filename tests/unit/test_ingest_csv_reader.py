"""Reading one CSV: dagster_project.ingest.read.csv_reader and readers."""

from __future__ import annotations

import unicodedata

import pytest

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.files.file_formats import file_format
from dagster_project.ingest.read.csv_reader import (
    ColumnSpec,
    MalformedLine,
    read_csv_submission,
    read_csv_table,
)
from dagster_project.ingest.read.readers import read_submission

COLUMNS = [
    "row_number",
    "unit_code",
    "period",
    "indicator_code",
    "value",
    "status",
    "as_of",
    "submitted_at",
    "note",
]


def rows(data: bytes) -> list[tuple]:
    return read_csv_submission(data).frame.rows()


def test_english_header_gives_canonical_columns_all_strings():
    table = read_csv_submission(b"unit_code,period,indicator_code,value\nBC01,2023-06,X,1\n")
    assert table.frame.columns == COLUMNS
    assert table.frame.rows() == [(2, "BC01", "2023-06", "X", "1", None, None, None, None)]
    assert table.encoding == "utf-8"


@pytest.mark.parametrize(
    "header",
    [
        "ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,tinh_den_ngay,ngay_gui,ghi_chu",
        "Mã đơn vị,Kỳ báo cáo,Mã chỉ tiêu,Giá trị,Trạng thái,Tính đến ngày,Ngày gửi,Ghi chú",
        unicodedata.normalize(
            "NFD",
            "MÃ ĐƠN VỊ,KỲ BÁO CÁO,MÃ CHỈ TIÊU,GIÁ TRỊ,TRẠNG THÁI,TÍNH ĐẾN NGÀY,NGÀY GỬI,GHI CHÚ",
        ),
        " Unit Code ,PERIOD,Indicator-Code,value,Status,as of,Submitted_At,note",
    ],
)
def test_header_aliases(header):
    data = f'{header}\nBC01,06/2023,X,"1,5",Ước,6/6/2023,2023-06-07,ghi chú\n'.encode()
    assert rows(data) == [
        (2, "BC01", "06/2023", "X", "1,5", "Ước", "6/6/2023", "2023-06-07", "ghi chú")
    ]


def test_unknown_columns_are_ignored():
    data = "STT,Tên chỉ tiêu,unit_code,period,indicator_code,value\n1,Doanh thu,BC01,2023-06,X,5\n"
    assert rows(data.encode()) == [(2, "BC01", "2023-06", "X", "5", None, None, None, None)]


def test_row_numbers_count_blank_lines_and_multiline_values():
    data = (
        b"\n"  # line 1: blank, above the header
        b"unit_code,period,indicator_code,value,note\n"  # line 2: header
        b"BC01,2023-06,A,1,\n"  # line 3
        b"\n"  # line 4: blank, not a row
        b",,,,\n"  # line 5: all empty, not a row
        b'BC01,2023-06,B,2,"two\nlines"\n'  # lines 6-7
        b"BC01,2023-06,C,3,\n"  # line 8
    )
    assert [(r[0], r[3], r[8]) for r in rows(data)] == [
        (3, "A", None),
        (6, "B", "two\nlines"),
        (8, "C", None),
    ]


def test_crlf_line_endings_and_a_row_with_only_an_unknown_column_is_blank():
    data = b"STT,unit_code,period,indicator_code,value\r\n1,BC01,2023-06,A,1\r\n2,,,,\r\n"
    assert [r[:2] for r in rows(data)] == [(2, "BC01")]


def test_semicolon_separator_from_vietnamese_excel():
    data = "Mã đơn vị;Kỳ báo cáo;Mã chỉ tiêu;Giá trị\nBC01;06/2023;X;1.500,5\n".encode()
    assert rows(data) == [(2, "BC01", "06/2023", "X", "1.500,5", None, None, None, None)]


def test_excel_unicode_text_is_utf16_with_tabs():
    text = "unit_code\tperiod\tindicator_code\tvalue\r\nBC01\t2023-06\tX\t51,7\r\n"
    table = read_csv_submission(b"\xff\xfe" + text.encode("utf-16-le"))
    assert table.encoding == "utf-16-le"
    assert table.frame.rows() == [(2, "BC01", "2023-06", "X", "51,7", None, None, None, None)]


def test_utf8_bom_is_recorded_and_not_part_of_the_first_header():
    data = b"\xef\xbb\xbfunit_code,period,indicator_code,value\nBC01,2023-06,X,1\n"
    table = read_csv_submission(data)
    assert table.encoding == "utf-8-bom"
    assert table.frame.rows()[0][:2] == (2, "BC01")


def test_values_are_kept_as_sent_including_spaces():
    data = b"unit_code,period,indicator_code,value\n bc01 ,2023-06,X, 1 \n"
    assert rows(data)[0][1] == " bc01 " and rows(data)[0][4] == " 1 "


def test_header_only_file_has_no_rows():
    assert rows(b"unit_code,period,indicator_code,value\n") == []


def unreadable(data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        read_csv_submission(data)
    return caught.value


def test_missing_required_columns_are_named():
    error = unreadable(b"unit_code,indicator_code,note\nBC01,X,\n")
    assert error.reason_en == (
        "required columns missing: period, value (found: unit_code, indicator_code, note)"
    )
    assert error.reason_vi.startswith("thiếu cột bắt buộc: period, value")


def test_two_columns_with_the_same_meaning():
    error = unreadable("unit_code,Mã đơn vị,period,indicator_code,value\n".encode())
    assert error.reason_en == "columns 'unit_code' and 'Mã đơn vị' both mean 'unit_code'"


def test_a_line_with_more_fields_than_the_header_is_set_aside_and_the_rest_read():
    table = read_csv_submission(
        b"unit_code,period,indicator_code,value\nA,2023-06,X,1\n\n"
        b"vt01 ,2023-06,X,1,5\nB,2023-06,X,2\n"
    )
    assert table.frame.select("row_number", "unit_code", "value").rows() == [
        (2, "A", "1"),
        (5, "B", "2"),
    ]
    assert table.malformed == (
        MalformedLine(4, "vt01 ,2023-06,X,1,5", "csv_line_too_many_fields", "VT01"),
    )


def test_an_unclosed_quote_is_set_aside_without_swallowing_the_next_lines():
    table = read_csv_submission(
        b'unit_code,period,indicator_code,value\nA,"2023-06,X,1\nB,2023-06,"two\nlines",2\n'
        b'C,2023-06,X,"3"x\nD,2023-06,X,4\n'
    )
    assert table.frame.select("row_number", "unit_code", "indicator_code").rows() == [
        (3, "B", "two\nlines"),
        (6, "D", "X"),
    ]
    assert table.malformed == (
        MalformedLine(2, 'A,"2023-06,X,1', "csv_line_bad_quotes", "A"),
        MalformedLine(5, 'C,2023-06,X,"3"x', "csv_line_bad_quotes", "C"),
    )


def test_a_header_that_is_not_valid_csv_makes_the_file_unreadable():
    error = unreadable(b'unit_code,"period,indicator_code,value\nA,2023-06,X,1,5\n')
    assert error.reason_en == "line 1, the header, is not valid CSV: check its quotes"


@pytest.mark.parametrize("data", [b"", b"\n\n", b" , ,\n"])
def test_empty_files(data):
    assert unreadable(data).reason_en == "the file is empty"


def test_reference_style_specs_without_aliases():
    specs = (ColumnSpec("year", required=True), ColumnSpec("source"))
    table = read_csv_table(b"Year,Source\n2023,QD 1\n", specs)
    assert table.frame.rows() == [(2, "2023", "QD 1")]


def test_readers_dispatch_by_suffix_in_any_case():
    assert file_format("submissions/a.CSV") == "csv"
    assert file_format("submissions/a.xlsx") == "xlsx"
    assert file_format("submissions/a.txt") is None
    data = b"unit_code,period,indicator_code,value\nBC01,2023-06,X,1\n"
    assert read_submission("x/BC01.Csv", data).frame.height == 1


def test_xlsx_files_go_to_the_excel_reader():
    with pytest.raises(UnreadableFile) as caught:
        read_submission("BC01.xlsx", b"PK\x03\x04")
    assert caught.value.reason_en.startswith("not an Excel .xlsx file (damaged or incomplete")


@pytest.mark.parametrize(
    "data",
    [b"unit_code,period,indicator_code,value\n", b"unit_code,period,indicator_code,value\n,,,\n\n"],
)
def test_a_submission_with_a_header_and_no_rows_is_rejected(data):
    with pytest.raises(UnreadableFile) as caught:
        read_submission("BC01.csv", data)
    assert caught.value.reason_en.startswith("the file has a header but no data rows")
    assert caught.value.reason_vi.startswith("tệp có dòng tiêu đề nhưng không có dòng số liệu")


def test_unknown_suffix_is_not_a_submission():
    with pytest.raises(UnreadableFile) as caught:
        read_submission("notes.txt", b"hello")
    assert caught.value.reason_en == "not a submission file: the suffix .txt is not .csv or .xlsx"
