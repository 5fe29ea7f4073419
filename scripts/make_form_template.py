"""Write the empty monthly submission form, ``templates/mau_bao_cao_thang.xlsx``.

Usage::

    python scripts/make_form_template.py [output.xlsx]

The form is what units fill in by hand (SPEC "Submission files", Excel template). The
reader (``dagster_project/ingest/read/xlsx_reader.py``) finds its labels by their text, so
the layout below may change without breaking the reader, as long as:

* ``Mã đơn vị``, ``Kỳ báo cáo`` and ``Ngày báo cáo`` stay above the table, each with
  its input cell to its right and *nothing else* to the right on that row (an empty
  input cell must read as empty, not as a hint);
* the table header holds ``Mã chỉ tiêu`` and ``Thực hiện``; the row under it holds only
  column numbers ``(1)``, ``(2)``...;
* an empty row separates the table from the notes and the signature block.

Cells the unit types into are formatted as text (``@``), so Excel never turns
``06/2023`` into a date, ``0123`` into 123, or (on a computer with English number
settings) ``1.500`` into 1.5: what is typed is what the reader parses, by the SPEC's
Vietnamese number rule. Dates may be typed as text (``6/6/2023``) or entered as real
Excel dates; both read the same.

Re-running gives a byte-identical file for a given openpyxl version: the document
properties carry a fixed date and the zip entries a fixed timestamp.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dagster_project.catalog.tables import form_labels_vi

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "mau_bao_cao_thang.xlsx"

TITLE = "BÁO CÁO SỐ LIỆU THÁNG — NGÀNH THÔNG TIN VÀ TRUYỀN THÔNG"
SUBTITLE = "(Monthly ICT-sector report — doanh nghiệp, cơ quan gửi Sở Khoa học và Công nghệ)"
# The labels of the submission columns are the registry's (the reader knows them).
FORM = form_labels_vi("submission_values")
HEADER_FIELDS = (  # label, input prompt, number format of the input cell
    ("Đơn vị báo cáo:", "Tên đầy đủ của doanh nghiệp / cơ quan.", "@"),
    (f"{FORM['unit_code']}:", "Mã đơn vị do Sở cấp, ví dụ BC01.", "@"),
    (f"{FORM['period']}:", "Tháng báo cáo: Tháng 06/2023, 06/2023 hoặc 2023-06.", "@"),
    (f"{FORM['submitted_at']}:", "Ngày gửi báo cáo, ví dụ 5/7/2023 (ngày trước, tháng sau).", "@"),
)
COLUMNS = (  # header, width, horizontal alignment of the data cells
    ("STT", 6, "center"),
    (FORM["indicator_code"], 24, "left"),
    ("Tên chỉ tiêu", 46, "left"),
    ("Đơn vị tính", 12, "center"),
    (FORM["value"], 16, "right"),
    (FORM["status"], 13, "center"),
    (FORM["as_of"], 15, "center"),
    (FORM["note"], 26, "left"),
)
DATA_ROWS = 20
NOTES = (
    "Hướng dẫn ghi số liệu:",
    "• Cột (5) Thực hiện: số liệu của riêng tháng báo cáo (chỉ tiêu luỹ kế/tồn: số tại cuối "
    "tháng hoặc tại ngày ở cột (7)). Ghi 1.500,5 hoặc 1500,5 hoặc 1500.5; dấu chấm đứng trước "
    "đúng ba chữ số là dấu phân cách hàng nghìn (1.500 = một nghìn năm trăm); dấu phẩy là dấu "
    "thập phân. Không ghi đơn vị, dấu % hay chữ trong ô số.",
    "• Cột (6) Tình trạng: Thực hiện (số chính thức) hoặc Ước (số ước tính); để trống là "
    "Thực hiện. Cột (7): ngày chốt số liệu nếu chưa hết tháng, ví dụ 6/6/2023.",
    "• Bảng số liệu kết thúc ở dòng trống đầu tiên: cần thêm dòng thì chèn dòng (Insert), "
    "không để dòng trống giữa bảng. Không sửa chữ ở các ô tiêu đề.",
)
SIGNATURE_LEFT = ("Người lập biểu", "(Ký, ghi rõ họ tên)")
SIGNATURE_RIGHT = ("Thủ trưởng đơn vị", "(Ký tên, đóng dấu)")
PLACE_AND_DATE = "............, ngày ...... tháng ...... năm ........"

FIXED_DATE = datetime(2024, 1, 1)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
FONT = "Times New Roman"


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    last = get_column_letter(len(COLUMNS))
    base = Font(name=FONT, size=12)

    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 24
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = SUBTITLE
    sheet["A2"].font = Font(name=FONT, size=11, italic=True)
    sheet["A2"].alignment = Alignment(horizontal="center")

    row = 4
    for label, prompt, number_format in HEADER_FIELDS:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.cell(row, 1, label).font = Font(name=FONT, size=12, bold=True)
        # The input cell spans C:E; nothing is written to its right.
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
        cell = sheet.cell(row, 3)
        cell.number_format = number_format
        cell.font = base
        for column in range(3, 6):
            sheet.cell(row, column).fill = INPUT_FILL
            sheet.cell(row, column).border = BOX
        hint = DataValidation(allow_blank=True, showInputMessage=True)
        hint.promptTitle = label.rstrip(":")
        hint.prompt = prompt
        hint.add(cell.coordinate)
        sheet.add_data_validation(hint)
        row += 1

    header_row = row + 1
    numbers_row = header_row + 1
    first_data = numbers_row + 1
    last_data = first_data + DATA_ROWS - 1
    for index, (title, width, align) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        head = sheet.cell(header_row, index, title)
        head.font = Font(name=FONT, size=12, bold=True)
        head.fill = HEADER_FILL
        head.border = BOX
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        number = sheet.cell(numbers_row, index, f"({index})")
        number.font = Font(name=FONT, size=10, italic=True)
        number.border = BOX
        number.alignment = Alignment(horizontal="center")
        for data_row in range(first_data, last_data + 1):
            cell = sheet.cell(data_row, index)
            cell.border = BOX
            cell.font = base
            cell.number_format = "@"
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=index == 3)
    sheet.row_dimensions[header_row].height = 32

    status = DataValidation(
        type="list",
        formula1='"Thực hiện,Ước"',
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=False,
    )
    status.promptTitle = "Tình trạng"
    status.prompt = "Thực hiện (số chính thức) hoặc Ước (số ước tính)."
    status.add(f"F{first_data}:F{last_data}")
    sheet.add_data_validation(status)

    row = last_data + 2  # one empty row ends the table
    for text in NOTES:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        cell = sheet.cell(row, 1, text)
        cell.font = Font(name=FONT, size=11, italic=text != NOTES[0], bold=text == NOTES[0])
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 15 if text == NOTES[0] else 32
        row += 1

    row += 1
    sheet.merge_cells(start_row=row, start_column=6, end_row=row, end_column=8)
    sheet.cell(row, 6, PLACE_AND_DATE).font = Font(name=FONT, size=12, italic=True)
    sheet.cell(row, 6).alignment = Alignment(horizontal="center")
    row += 1
    for (title, how), start, end in ((SIGNATURE_LEFT, 2, 3), (SIGNATURE_RIGHT, 6, 8)):
        sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
        sheet.merge_cells(start_row=row + 1, start_column=start, end_row=row + 1, end_column=end)
        sheet.cell(row, start, title).font = Font(name=FONT, size=12, bold=True)
        sheet.cell(row + 1, start, how).font = Font(name=FONT, size=11, italic=True)
        for offset in (0, 1):
            sheet.cell(row + offset, start).alignment = Alignment(horizontal="center")

    sheet.freeze_panes = sheet.cell(first_data, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{numbers_row}"

    book.properties.title = TITLE
    book.properties.creator = "ict-reporting"
    book.properties.language = "vi-VN"
    book.properties.created = FIXED_DATE
    return book


def render(book: Workbook) -> bytes:
    """The workbook's bytes, with fixed timestamps so that re-runs are byte-identical."""
    buffer = io.BytesIO()
    book.save(buffer)
    fixed = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rf"\g<1>{fixed}\g<2>",
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(render(build()))
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
