"""Read one CSV file into a frame of strings with canonical column names.

Row numbers are what a person sees: the physical line on which a record starts, with
the file's first line as line 1 (the header, normally). Blank lines are not rows but
they are counted, as every text editor and Excel count them; a quoted value that spans
lines pushes the next record's number down accordingly. Records whose known columns
are all blank (`,,,` or a numbered but empty template row) are dropped: they are
neither received nor rejected.

The separator is whichever of `,`, `;` and tab occurs most in the header line (Excel
writes `;` where the decimal mark is a comma, and tabs for "Unicode text"). Headers
match English names and Vietnamese aliases ignoring case, diacritics, spaces and
underscores (`Mã đơn vị` = `ma_don_vi`). Columns that match nothing (`STT`, an
indicator's name) are ignored.

A line that is not a record (its double quotes do not pair up, or it has more values
than the header) does not make the file unreadable: when polars refuses the file, it is
read again record by record with Python's `csv` module, each such line is set aside as
a `MalformedLine` (a rejected row for the loader) and reading goes on at the next line.
Only a header that is not valid CSV rejects the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from dagster_project.catalog.tables import raw_table
from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.read.text import decode_bytes, header_key

ROW_NUMBER = "row_number"
FILE_PATH = "file_path"
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class ColumnSpec:
    """A canonical column, the header aliases that mean it, and whether it must exist."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


TOO_MANY_FIELDS = "csv_line_too_many_fields"
BAD_QUOTES = "csv_line_bad_quotes"


@dataclass(frozen=True)
class MalformedLine:
    """A line (row) a reader set aside: not a CSV record of the file, or an Excel row it
    cannot read a value from. The other lines are still read."""

    row_number: int
    text: str  # the line as sent (its first line, for a record that spans lines)
    check: str  # TOO_MANY_FIELDS, BAD_QUOTES... (contracts.CHECKS has their messages)
    unit_code: str | None  # the unit code the line seems to carry (who must fix it)
    column: str = "*"  # where it broke; `*` for the whole line


@dataclass(frozen=True)
class TextTable:
    """A file read as text: `row_number` (Int32) and one String column per spec, and the
    lines that could not be read as records (each a rejected row for the loader)."""

    frame: pl.DataFrame
    encoding: str | None
    malformed: tuple[MalformedLine, ...] = ()


def file_columns(table: str) -> tuple[ColumnSpec, ...]:
    """The columns a file of `table` may carry, with their aliases (the registry's): all
    but the ones the loader adds (`file_path`, `row_number`)."""
    return tuple(
        ColumnSpec(column.name, column.aliases, column.required)
        for column in raw_table(table).columns
        if column.name not in (FILE_PATH, ROW_NUMBER)
    )


SUBMISSION_COLUMNS = file_columns("submission_values")


def read_csv_submission(data: bytes) -> TextTable:
    """A long-format submission CSV (SPEC "Submission files")."""
    return read_csv_table(data, SUBMISSION_COLUMNS)


def read_csv_table(data: bytes, columns: Sequence[ColumnSpec]) -> TextTable:
    """Decode, parse and rename; raises `UnreadableFile` with a reason a person can act on."""
    text, encoding = decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header_line, header_start = _find_header(text)
    body = text[header_start:]
    separator = _sniff_separator(body[: body.find("\n") if "\n" in body else len(body)])
    try:
        raw = _parse(body, separator)
        bad: list[_BadLine] = []
        numbers: pl.Expr | None = None
    except pl.exceptions.PolarsError:
        raw, record_lines, bad = _parse_record_by_record(body, separator, header_line)
        numbers = pl.lit(pl.Series(ROW_NUMBER, record_lines, dtype=pl.Int32))

    header = [cell if cell is not None else "" for cell in raw.row(0)]
    mapping = _map_header(header, raw.columns, columns)
    first_data_line = header_line + 1 + sum(cell.count("\n") for cell in header)
    if numbers is None:
        numbers = _row_numbers(body, raw, first_data_line)
    # Eager on purpose: these frames are small and a lazy query's planning costs more.
    rows = raw.slice(1).with_columns(numbers.alias(ROW_NUMBER))
    known = [mapping[spec.name] for spec in columns if spec.name in mapping]
    frame = rows.filter(
        pl.concat_str(known, separator="", ignore_nulls=True).str.contains(r"\S")
    ).select(
        pl.col(ROW_NUMBER),
        *(
            (pl.col(mapping[spec.name]) if spec.name in mapping else pl.lit(None, pl.String)).alias(
                spec.name
            )
            for spec in columns
        ),
    )
    unit_at = raw.columns.index(mapping["unit_code"]) if "unit_code" in mapping else None
    malformed = tuple(line.placed(unit_at, separator) for line in bad)
    return TextTable(frame=frame, encoding=encoding, malformed=malformed)


def _row_numbers(body: str, raw: pl.DataFrame, first_data_line: int) -> pl.Expr:
    """Line on which each record (after the header) starts.

    polars makes every physical line a record, blank ones included, except the lines
    that continue a quoted value; so when the counts agree, record i is on line i.
    """
    lines = body.count("\n") + (0 if body.endswith("\n") else 1)
    position = pl.int_range(pl.len(), dtype=pl.Int64) + first_data_line
    if lines == raw.height:
        return position.cast(pl.Int32)
    extra = pl.sum_horizontal(
        pl.col(name).str.count_matches("\n", literal=True).fill_null(0) for name in raw.columns
    )
    embedded = raw.select(extra.sum()).item()
    if lines != raw.height + embedded:
        raise UnreadableFile(
            "the line numbers of this file's rows cannot be determined",
            "không xác định được số dòng của các dòng trong tệp",
        )
    return (position + extra.cum_sum().shift(1, fill_value=0)).cast(pl.Int32)


def _find_header(text: str) -> tuple[int, int]:
    """(line number, offset) of the first line with any content; blank lines above count."""
    offset, line = 0, 1
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        if text[offset:end].strip(" \t,;\"'\ufeff"):
            return line, offset
        offset, line = end + 1, line + 1
    raise UnreadableFile("the file is empty", "tệp rỗng")


def _sniff_separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])  # ties: the earlier in the list
    return best if counts[best] else ","


def _parse(body: str, separator: str) -> pl.DataFrame:
    return pl.read_csv(
        io.BytesIO(body.encode("utf-8")),
        has_header=False,
        infer_schema=False,
        separator=separator,
        quote_char='"',
    )


@dataclass(frozen=True)
class _BadLine:
    row_number: int
    text: str
    check: str

    def placed(self, unit_at: int | None, separator: str) -> MalformedLine:
        """With the unit code read leniently from the line's `unit_at`-th field."""
        unit = None
        if unit_at is not None:
            fields = next(csv.reader([self.text], delimiter=separator), [])
            if unit_at < len(fields):
                unit = fields[unit_at].strip().upper() or None
        return MalformedLine(self.row_number, self.text, self.check, unit)


def _parse_record_by_record(
    body: str, separator: str, header_line: int
) -> tuple[pl.DataFrame, list[int], list[_BadLine]]:
    """The slow path, when polars rejects the file: Python's csv module one record at a
    time, so that each line that is not a record (a quote that does not pair up, more
    fields than the header) is set aside and the parse goes on at the next line.

    Returns the records (header first) as polars would name them, the line of each
    record after the header, and the lines set aside.
    """
    lines = body.split("\n")
    if body.endswith("\n"):
        lines.pop()
    records: list[list[str | None]] = []
    record_lines: list[int] = []
    bad: list[_BadLine] = []
    for index, record in _records(lines, separator):
        line_number = header_line + index
        width = len(records[0]) if records else None
        if record is None or (width is not None and len(record) > width):
            if width is None:
                raise _bad_header(line_number)
            check = BAD_QUOTES if record is None else TOO_MANY_FIELDS
            bad.append(_BadLine(line_number, lines[index], check))
        elif record:  # a blank line is not a record (it still counts as a line)
            cells = [cell if cell != "" else None for cell in record]
            if width is None:
                records.append(cells)
            else:
                records.append(cells + [None] * (width - len(cells)))
                record_lines.append(line_number)
    if not records:
        raise _bad_header(header_line)
    names = [f"column_{k}" for k in range(1, len(records[0]) + 1)]
    frame = pl.DataFrame(records, schema=dict.fromkeys(names, pl.String), orient="row")
    return frame, record_lines, bad


def _records(lines: list[str], separator: str) -> Iterator[tuple[int, list[str] | None]]:
    """(index of its first line, record) for each record; None for a line whose quotes
    are not valid CSV, after which reading starts again on the next line (so a quote
    that does not close cannot swallow the lines after it)."""
    index = 0
    while index < len(lines):
        base = index
        following = (lines[k] + "\n" for k in range(base, len(lines)))
        reader = csv.reader(following, delimiter=separator, strict=True)
        while True:
            start = base + reader.line_num
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield start, None
                index = start + 1
                break
            yield start, record


def _bad_header(line: int) -> UnreadableFile:
    return UnreadableFile(
        f"line {line}, the header, is not valid CSV: check its quotes",
        f"dòng {line} (dòng tiêu đề) không đúng định dạng CSV: kiểm tra dấu ngoặc kép",
    )


@lru_cache(maxsize=16)
def _alias_keys(columns: tuple[ColumnSpec, ...]) -> dict[str, str]:
    """Header key (`header_key`) → canonical name, for every name and alias."""
    return {
        header_key(label): spec.name for spec in columns for label in (spec.name, *spec.aliases)
    }


def _map_header(
    header: Sequence[str], names: Sequence[str], columns: Sequence[ColumnSpec]
) -> dict[str, str]:
    """Canonical name → polars column name; `UnreadableFile` on clashes or missing columns."""
    by_key = _alias_keys(tuple(columns))
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for cell, name in zip(header, names, strict=True):
        canonical = by_key.get(header_key(cell))
        if canonical is None:
            continue
        if canonical in mapping:
            raise UnreadableFile(
                f"columns '{seen[canonical]}' and '{cell.strip()}' both mean '{canonical}'",
                f"cột '{seen[canonical]}' và cột '{cell.strip()}' cùng là '{canonical}'",
            )
        mapping[canonical] = name
        seen[canonical] = cell.strip()
    missing = [spec.name for spec in columns if spec.required and spec.name not in mapping]
    if missing:
        found = ", ".join(cell.strip() for cell in header if cell.strip()) or "none"
        raise UnreadableFile(
            f"required columns missing: {', '.join(missing)} (found: {found})",
            f"thiếu cột bắt buộc: {', '.join(missing)} (có: {found})",
        )
    return mapping
