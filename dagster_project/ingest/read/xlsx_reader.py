"""Read a filled-in Excel form (SPEC "Submission files", Excel template) as text.

The result is the same canonical string frame the CSV reader returns (`row_number` plus
`csv_reader.SUBMISSION_COLUMNS`), so one set of contracts checks both formats.

**Labels, not addresses.** A label is a cell whose text, with anything in parentheses
dropped, has the same `text.header_key` as a column name or alias of
`SUBMISSION_COLUMNS` (case, diacritics, NFC/NFD, spaces and punctuation ignored:
`MÃ ĐƠN VỊ:`, `Ma  don vi`, `Thực hiện (5)` all match). So extra rows above, merged
cells, moved columns and renamed sheets do not matter.

* **Sheet**: the first sheet (visible ones before hidden ones) with a table header; a
  sheet whose `Mã chỉ tiêu` row has no value column is passed over.
* **Table header**: the first row with a `Mã chỉ tiêu` cell. It must have a `Thực hiện`
  or `Giá trị` column, in that row or (for a two-level header, with `Mã chỉ tiêu`
  merged down) in the row just under it. Columns are mapped by their labels; unknown
  ones (`STT`, `Tên chỉ tiêu`, `Đơn vị tính`) are ignored; two columns meaning the same
  thing reject the file.
* **Column numbers**: up to two rows under the header that hold nothing but column
  markers (`(1)`, `(2)`, `A`, `B`, `1`, `2`...) are skipped.
* **Table rows**: every row after that, to the first row that is empty across the
  header's columns, or to a signature row (`Người lập biểu`, `Thủ trưởng đơn vị`,
  `..., ngày ... tháng ... năm ...`, where the code and value cells are empty), or to
  the end of the sheet. Rows whose mapped cells are all empty (a numbered empty row, a
  section heading in the name column) are dropped, as the CSV reader drops `,,,`.
  `row_number` is the spreadsheet row a person sees.
* **Header block**, above the table: `Mã đơn vị`, `Kỳ báo cáo` and optional
  `Ngày báo cáo`, each with its value in the next non-empty cell to the right on the
  same row (or after a colon in the label's own cell: `Mã đơn vị: BC01`). The unit
  code and period fill every row; `Ngày báo cáo` fills `submitted_at`. A table column
  with the same meaning (a `Kỳ báo cáo` column for a multi-month form) wins where its
  cell is filled.

**Cells to text.** Text is NFC, as typed. Numbers become machine-form text the
parsers read exactly: Excel keeps 15 significant digits, so a float is rounded to 15
(`0.1 + 0.2` → `0.3`, `1500.5` → `1500.5`, `95.0` → `95`, `1e20` → `100000000000000000000`)
and one with exactly three decimals gets a fourth zero (`1.234` → `1.2340`), since
`1.234` would read as one thousand two hundred thirty-four by the SPEC's rule. Excel
dates become ISO text (`2023-06` in a period, `2023-06-06` elsewhere, with the time
in `submitted_at` if there is one); a date typed in words (`ngày 5 tháng 7 năm 2023`,
`Tháng 6 năm 2023`) is rewritten to the numeric form. Booleans and error cells
(`#DIV/0!`) come through as text and fail the number check as a rejected row. A formula
is never run: it reads as the result Excel saved beside it; a table cell whose formula
has no saved result (a file written by a program, not saved by Excel) sets its row
aside as a rejected row (`xlsx_formula_without_value`), never as an empty value.

**Rejected as a whole file** (`UnreadableFile`, English and Vietnamese), with the
missing label named: no sheet with `Mã chỉ tiêu` (an empty workbook included); a
`Mã chỉ tiêu` row without a value column; no `Mã đơn vị` or `Kỳ báo cáo` label, or
nothing to its right. Also everything `xlsx_guard` refuses before the workbook is
opened (not a zip, zip bombs, macros, encryption), any error the library raises (its
message is kept), and a workbook that needs more than `MAX_ROWS` rows read (all
sheets together) to find its table and the table's end. Only the first `MAX_COLUMNS`
columns are read.

**Library**: openpyxl in read-only mode, which streams each sheet's XML row by row and
lets rows and columns be capped. python-calamine (faster) was tried and set aside: it
builds a dense grid over a sheet's used range, so a 5 KB file with cells at `A1` and
`XFD1048576` makes it allocate 512 GB and abort the whole process, which no `except`
can catch. A form is a few dozen rows; openpyxl reads one in milliseconds.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from math import isfinite
from typing import Any

import openpyxl
import polars as pl

from dagster_project.catalog.tables import form_labels_vi, labels_vi
from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.read.csv_reader import (
    ROW_NUMBER,
    SUBMISSION_COLUMNS,
    MalformedLine,
    TextTable,
)
from dagster_project.ingest.read.text import fold, header_key, nfc
from dagster_project.ingest.read.xlsx_guard import check_xlsx_archive

ENCODING = "xlsx"  # what `raw.file_manifest.encoding` records for a form
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_MARKER_ROWS = 2
FORMULA_WITHOUT_VALUE = "xlsx_formula_without_value"

CODE = "indicator_code"
VALUE = "value"
UNIT = "unit_code"
PERIOD = "period"
SUBMITTED = "submitted_at"
HEADER_FIELDS = (UNIT, PERIOD, SUBMITTED)  # may come from the header block
REQUIRED_FIELDS = (UNIT, PERIOD)

# The labels as the form prints them (the registry's), for messages.
_FORM = form_labels_vi("submission_values")
_VALUE_LABELS = (_FORM[VALUE], labels_vi("submission_values")[VALUE])  # Thực hiện, Giá trị
LABELS = {
    **{field: _FORM[field] for field in (UNIT, PERIOD, SUBMITTED, CODE)},
    VALUE: "' or '".join(_VALUE_LABELS),
}
LABELS_VI = {**LABELS, VALUE: "' hoặc '".join(_VALUE_LABELS)}

_NAMES = tuple(spec.name for spec in SUBMISSION_COLUMNS)
_KEYS: dict[str, str] = {
    header_key(label): spec.name
    for spec in SUBMISSION_COLUMNS
    for label in (spec.name, *spec.aliases)
}
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MARKER = re.compile(r"^[(\[]?\s*(?:[0-9]{1,3}|[A-Za-z])\s*[)\]]?$")
_SIGNATURE_KEYS = ("nguoilap", "thutruong", "ketoantruong")
_PLACE_AND_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_DATE_IN_WORDS = re.compile(
    r"^(?:ngay\s*)?([0-9]{1,2})\s*(?:thang|/|-)\s*([0-9]{1,2})\s*(?:nam|/|-)\s*([0-9]{4})$"
)
_MONTH_IN_WORDS = re.compile(r"^(?:thang\s*)?([0-9]{1,2})\s*(?:nam|/|-)\s*([0-9]{4})$")


def read_xlsx_submission(data: bytes) -> TextTable:
    """A filled-in monthly form (`.xlsx`) as the canonical text frame; see the module doc."""
    check_xlsx_archive(data)
    with warnings.catch_warnings():
        # openpyxl warns about extensions it drops (data validation lists...): not ours.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception as exc:  # the library's own errors, whatever their type
            raise _library_error(exc) from exc
        try:
            form = _find_form(book)
        finally:
            book.close()
        if form.records and _has_formulas(data):
            _set_aside_formulas_without_value(data, form)
    return TextTable(frame=form.frame(), encoding=ENCODING, malformed=form.set_aside())


# --- formulas -----------------------------------------------------------------------

# A formula element in a worksheet's XML: `<f>`, `<f t="shared" .../>`.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula (most forms hold none: no second read)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _FORMULA_TAG.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _set_aside_formulas_without_value(data: bytes, form: _Form) -> None:
    """Table cells that read as empty because they hold a formula and no saved result
    (a file written by a program, not saved by Excel): their rows are set aside with
    `FORMULA_WITHOUT_VALUE`, not read as an empty value. Reads the workbook a second
    time, formulas instead of values, over the table's rows only."""
    empty = {
        number: [name for name in form.columns if record.get(name) is None]
        for number, record in form.records
    }
    empty = {number: names for number, names in empty.items() if names}
    if not empty:
        return
    first, last = min(empty), max(empty)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        try:
            rows = book[form.sheet].iter_rows(
                min_row=first, max_row=last, max_col=MAX_COLUMNS, values_only=True
            )
            for number, cells in enumerate(rows, start=first):
                for name in empty.get(number, ()):
                    cell = _at(tuple(cells), form.columns[name])
                    if isinstance(cell, str) and cell.startswith("="):
                        form.formulas[number] = (name, cell)
                        break
        finally:
            book.close()
    except Exception as exc:  # the library's own errors, whatever their type
        raise _library_error(exc) from exc


# --- reading rows -----------------------------------------------------------------


class _OutOfRows(Exception):
    """The workbook needed more than `MAX_ROWS` rows read."""


@dataclass
class _Budget:
    left: int

    def spend(self) -> None:
        if self.left <= 0:
            raise _OutOfRows
        self.left -= 1


Row = tuple[int, tuple[Any, ...]]


def _rows(sheet: Any, budget: _Budget) -> Iterator[Row]:
    """(spreadsheet row number, the first `MAX_COLUMNS` values) for rows 1..`MAX_ROWS`."""
    values = sheet.iter_rows(
        min_row=1, max_row=MAX_ROWS, min_col=1, max_col=MAX_COLUMNS, values_only=True
    )
    number = 0
    while True:
        try:
            cells = next(values)
        except StopIteration:
            return
        except Exception as exc:  # the library's own errors, whatever their type
            raise _library_error(exc) from exc
        budget.spend()
        number += 1
        yield number, tuple(cells)


def _library_error(exc: Exception) -> UnreadableFile:
    message = str(exc).strip() or type(exc).__name__
    return UnreadableFile(
        f"the Excel file cannot be read ({type(exc).__name__}: {message})",
        f"không đọc được tệp Excel ({type(exc).__name__}: {message})",
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label_key(value: Any) -> str | None:
    """The `header_key` of a text cell, without parenthesised parts; None for other cells."""
    if not isinstance(value, str):
        return None
    return header_key(_PARENTHESES.sub(" ", value))


def _label(value: Any) -> str | None:
    """The canonical column a cell's text names, if any."""
    key = _label_key(value)
    return _KEYS.get(key) if key else None


# --- the form ---------------------------------------------------------------------


@dataclass
class _Field:
    """A header-block label, where it is, and the raw value to its right (None: empty)."""

    text: str
    row: int
    value: Any


@dataclass
class _Form:
    sheet: str
    header_row: int
    columns: dict[str, int]  # canonical name → 0-based column
    fields: dict[str, _Field] = field(default_factory=dict)
    records: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)
    # row → (column, formula) of a cell that holds a formula without a saved result
    formulas: dict[int, tuple[str, str]] = field(default_factory=dict)

    def _defaults(self) -> dict[str, str | None]:
        return {name: _cell_text(f.value, name) for name, f in self.fields.items()}

    def frame(self) -> pl.DataFrame:
        defaults = self._defaults()
        data: dict[str, list[Any]] = {ROW_NUMBER: [], **{name: [] for name in _NAMES}}
        for number, record in self.records:
            if number in self.formulas:
                continue
            data[ROW_NUMBER].append(number)
            for name in _NAMES:
                value = record.get(name)
                data[name].append(value if value is not None else defaults.get(name))
        schema = {ROW_NUMBER: pl.Int32, **dict.fromkeys(_NAMES, pl.String)}
        return pl.DataFrame(data, schema=schema)

    def set_aside(self) -> tuple[MalformedLine, ...]:
        """The rows left out of `frame`, as rejected rows for the loader."""
        unit = self._defaults().get(UNIT)
        by_row = dict(self.records)
        return tuple(
            MalformedLine(
                row_number=number,
                text=formula,
                check=FORMULA_WITHOUT_VALUE,
                unit_code=(by_row[number].get(UNIT) or unit or "").strip().upper() or None,
                column=column,
            )
            for number, (column, formula) in sorted(self.formulas.items())
        )


def _find_form(book: Any) -> _Form:
    sheets = list(book.worksheets)
    ordered = [s for s in sheets if s.sheet_state == "visible"] + [
        s for s in sheets if s.sheet_state != "visible"
    ]
    budget = _Budget(MAX_ROWS)
    problems: list[UnreadableFile] = []
    seen_anything = False
    for sheet in ordered:
        try:
            form, seen = _scan_sheet(sheet, budget)
        except _OutOfRows:
            raise UnreadableFile(
                f"no table found in the first {MAX_ROWS} rows of the workbook: the form's "
                f"table starts at the row with '{LABELS[CODE]}'",
                f"không tìm thấy bảng số liệu trong {MAX_ROWS} dòng đầu của bảng tính: bảng "
                f"bắt đầu ở dòng có nhãn '{LABELS_VI[CODE]}'",
            ) from None
        seen_anything = seen_anything or seen
        if isinstance(form, UnreadableFile):
            problems.append(form)
        elif form is not None:
            _check_fields(form)
            return form
    if problems:
        raise problems[0]
    if not seen_anything:
        raise UnreadableFile(
            f"the workbook is empty: no sheet has the '{LABELS[CODE]}' label that starts the table",
            f"bảng tính trống: không trang tính nào có nhãn '{LABELS_VI[CODE]}' ở đầu bảng số liệu",
        )
    raise UnreadableFile(
        f"not the monthly form: no sheet has the '{LABELS[CODE]}' label that starts the "
        f"table (sheets: {', '.join(repr(s.title) for s in ordered)})",
        f"không phải biểu mẫu báo cáo tháng: không trang tính nào có nhãn "
        f"'{LABELS_VI[CODE]}' ở đầu bảng số liệu (các trang: "
        f"{', '.join(repr(s.title) for s in ordered)})",
    )


def _scan_sheet(sheet: Any, budget: _Budget) -> tuple[_Form | UnreadableFile | None, bool]:
    """(the form on this sheet, or why its table header is unusable, or None; any cell seen)."""
    rows = _rows(sheet, budget)
    fields: dict[str, _Field] = {}
    seen = False
    for number, cells in rows:
        if cells.count(None) == len(cells):  # the common empty row, at C speed
            continue
        seen = seen or not all(_blank(c) for c in cells)
        if not any(_label(c) == CODE for c in cells):
            _collect_fields(cells, number, fields)
            continue
        form = _read_table(sheet.title, number, cells, rows)
        if isinstance(form, _Form):
            form.fields = fields
        return form, True
    return None, seen


def _collect_fields(cells: tuple[Any, ...], number: int, fields: dict[str, _Field]) -> None:
    """Header-block labels on this row (the first of each wins) and their values."""
    for index, cell in enumerate(cells):
        if not isinstance(cell, str):
            continue
        name, inline = _label(cell), None
        if name is None and ":" in cell:
            before, after = cell.split(":", 1)
            name, inline = _label(before), (after.strip() or None)
        if name not in HEADER_FIELDS or name in fields:
            continue
        value = inline if inline is not None else _value_right_of(cells, index)
        fields[name] = _Field(text=cell.strip(), row=number, value=value)


def _value_right_of(cells: tuple[Any, ...], index: int) -> Any:
    """The next non-empty cell to the right, unless it is another label."""
    for cell in cells[index + 1 :]:
        if _blank(cell):
            continue
        return None if _label(cell) is not None else cell
    return None


def _read_table(
    sheet: str, number: int, cells: tuple[Any, ...], rows: Iterator[Row]
) -> _Form | UnreadableFile:
    """The table whose header is `cells` (row `number`), read from `rows` to its end."""
    texts: dict[str, str] = {}
    columns = _map_columns(cells, {}, texts, sheet, number)
    header_rows = [cells]
    try:
        after = next(rows, None)
        if after is not None and _continues_header(after[1], columns):
            columns = _map_columns(after[1], columns, texts, sheet, after[0])
            header_rows.append(after[1])
            after = next(rows, None)
        if VALUE not in columns:
            return UnreadableFile(
                f"the table header (sheet '{sheet}', row {number}) has '{LABELS[CODE]}' but "
                f"no '{LABELS[VALUE]}' column",
                f"dòng tiêu đề của bảng (trang '{sheet}', dòng {number}) có "
                f"'{LABELS_VI[CODE]}' nhưng không có cột '{LABELS_VI[VALUE]}'",
            )
        for _ in range(MAX_MARKER_ROWS):
            if after is not None and _is_marker_row(after[1]):
                after = next(rows, None)
        span = [i for row in header_rows for i, c in enumerate(row) if not _blank(c)]
        first, last = min(span), max(span)
        form = _Form(sheet=sheet, header_row=number, columns=columns)
        while after is not None:
            row_number, values = after
            if all(_blank(c) for c in values[first : last + 1]) or _is_signature(values, columns):
                break
            record = {name: _cell_text(_at(values, i), name) for name, i in columns.items()}
            if any(v is not None for v in record.values()):
                form.records.append((row_number, record))
            if row_number >= MAX_ROWS:
                raise _OutOfRows
            after = next(rows, None)
    except _OutOfRows:
        raise UnreadableFile(
            f"the table (sheet '{sheet}', from row {number}) does not end within "
            f"{MAX_ROWS} rows read: a form holds far fewer; the table ends at its first "
            "empty row",
            f"bảng số liệu (trang '{sheet}', từ dòng {number}) không kết thúc trong "
            f"{MAX_ROWS} dòng: biểu mẫu có ít dòng hơn nhiều; bảng kết thúc ở dòng trống "
            "đầu tiên",
        ) from None
    return form


def _at(cells: tuple[Any, ...], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _map_columns(
    cells: tuple[Any, ...], mapped: dict[str, int], texts: dict[str, str], sheet: str, number: int
) -> dict[str, int]:
    """Canonical name → column: `mapped` plus this header row's labels (texts kept in `texts`)."""
    columns = dict(mapped)
    for index, cell in enumerate(cells):
        name = _label(cell)
        if name is None or index in mapped.values():
            continue
        text = " ".join(str(cell).split())
        if name in columns:
            raise UnreadableFile(
                f"columns '{texts[name]}' and '{text}' (sheet '{sheet}', row {number}) both "
                f"mean '{name}'",
                f"cột '{texts[name]}' và cột '{text}' (trang '{sheet}', dòng {number}) cùng "
                f"là '{name}'",
            )
        columns[name] = index
        texts[name] = text
    return columns


def _continues_header(cells: tuple[Any, ...], columns: dict[str, int]) -> bool:
    """A second header row: empty under `Mã chỉ tiêu`, with a label for a column not mapped yet."""
    if not _blank(_at(cells, columns[CODE])):
        return False
    taken = set(columns.values())
    return any(
        (name := _label(cell)) is not None and name not in columns and index not in taken
        for index, cell in enumerate(cells)
    )


def _is_marker(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer() and 0 <= value < 1000
    return isinstance(value, str) and bool(_MARKER.match(value.strip()))


def _is_marker_row(cells: tuple[Any, ...]) -> bool:
    """Only column markers, at least two, all different: `(1) (2) (3)`, `A B C 1 2 3`."""
    filled = [c for c in cells if not _blank(c)]
    if len(filled) < 2 or not all(_is_marker(c) for c in filled):
        return False
    keys = [str(c).strip("()[] ").upper() if isinstance(c, str) else str(int(c)) for c in filled]
    return len(set(keys)) == len(keys)


def _is_signature(cells: tuple[Any, ...], columns: dict[str, int]) -> bool:
    """A signature-block row: no code, no value, and a signature or place-and-date line."""
    if not (_blank(_at(cells, columns[CODE])) and _blank(_at(cells, columns[VALUE]))):
        return False
    for cell in cells:
        if not isinstance(cell, str):
            continue
        if header_key(cell).startswith(_SIGNATURE_KEYS):
            return True
        if _PLACE_AND_DATE.search(fold(cell)):
            return True
    return False


def _check_fields(form: _Form) -> None:
    """The unit code and period must come from the header block or from table columns."""
    for name in REQUIRED_FIELDS:
        if name in form.columns:
            continue
        found = form.fields.get(name)
        label = LABELS[name]
        if found is None:
            raise UnreadableFile(
                f"the form has no '{label}' label above the table (sheet '{form.sheet}'): "
                f"write '{label}' and the value in the cell to its right",
                f"biểu mẫu không có nhãn '{label}' phía trên bảng số liệu (trang "
                f"'{form.sheet}'): hãy ghi '{label}' và giá trị ở ô bên phải",
            )
        if _blank(found.value):
            raise UnreadableFile(
                f"'{label}' is empty: nothing in the cells to the right of '{found.text}' "
                f"(sheet '{form.sheet}', row {found.row})",
                f"chưa ghi '{label}': không có giá trị ở ô bên phải '{found.text}' "
                f"(trang '{form.sheet}', dòng {found.row})",
            )


# --- cell values to text ------------------------------------------------------------


def number_text(value: int | float) -> str:
    """A cell's number as machine-form text that `parsing.parse_number` reads exactly."""
    if isinstance(value, int):
        return str(value)
    if not isfinite(value):
        return str(value)
    exact = Decimal(format(value, ".15g"))  # Excel's own precision: 15 significant digits
    if exact == 0:
        return "0"
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if "." in text and len(text.rsplit(".", 1)[1]) == 3:
        text += "0"  # `1.234` would be a thousands separator; `1.2340` is a decimal
    return text


def _date_text(value: date, name: str) -> str:
    if name == PERIOD:
        return f"{value.year:04d}-{value.month:02d}"
    day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if name == SUBMITTED and isinstance(value, datetime) and value.time() != time():
        return f"{day} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return day


def _words_text(text: str, name: str) -> str:
    """`ngày 5 tháng 7 năm 2023` → `2023-07-05`, `Tháng 6 năm 2023` → `6/2023`; else as is."""
    if name in ("as_of", SUBMITTED):
        found = _DATE_IN_WORDS.match(fold(text).strip())
        if found and not re.fullmatch(r"[0-9/\-\s]+", text.strip()):
            day, month, year = found.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    if name == PERIOD:
        found = _MONTH_IN_WORDS.match(fold(text).strip())
        if found and "nam" in fold(text):
            return f"{found.group(1)}/{found.group(2)}"
    return text


def _cell_text(value: Any, name: str) -> str | None:
    """A cell as the text the parsers read (see the module doc); None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = nfc(value)
        return _words_text(text, name) if text.strip() else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, date):  # datetime included
        return _date_text(value, name)
    if isinstance(value, time):
        return value.isoformat()
    return nfc(str(value))
