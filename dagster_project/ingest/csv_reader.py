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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.text import decode_bytes, header_key

ROW_NUMBER = "row_number"
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class ColumnSpec:
    """A canonical column, the header aliases that mean it, and whether it must exist."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class TextTable:
    """A file read as text: `row_number` (Int32) and one String column per spec."""

    frame: pl.DataFrame
    encoding: str | None


SUBMISSION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("unit_code", ("ma_don_vi",), required=True),
    ColumnSpec("period", ("ky_bao_cao",), required=True),
    ColumnSpec("indicator_code", ("ma_chi_tieu",), required=True),
    ColumnSpec("value", ("gia_tri", "thuc_hien"), required=True),
    ColumnSpec("status", ("trang_thai", "tinh_trang")),
    ColumnSpec("as_of", ("tinh_den_ngay",)),
    ColumnSpec("submitted_at", ("ngay_gui", "ngay_bao_cao")),
    ColumnSpec("note", ("ghi_chu",)),
)


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
    raw = _parse(body, separator, header_line)

    header = [cell if cell is not None else "" for cell in raw.row(0)]
    mapping = _map_header(header, raw.columns, columns)
    first_data_line = header_line + 1 + sum(cell.count("\n") for cell in header)
    # Eager on purpose: these frames are small and a lazy query's planning costs more.
    rows = raw.slice(1).with_columns(_row_numbers(body, raw, first_data_line).alias(ROW_NUMBER))
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
    return TextTable(frame=frame, encoding=encoding)


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


def _parse(body: str, separator: str, header_line: int) -> pl.DataFrame:
    try:
        return pl.read_csv(
            io.BytesIO(body.encode("utf-8")),
            has_header=False,
            infer_schema=False,
            separator=separator,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise _parse_error(body, separator, header_line) from exc


def _parse_error(body: str, separator: str, header_line: int) -> UnreadableFile:
    """Find the first offending line with Python's csv module (only on this error path)."""
    reader = csv.reader(io.StringIO(body), delimiter=separator, strict=True)
    width, start = None, 1
    try:
        for record in reader:
            if width is None:
                width = len(record)
            elif len(record) > width:
                line = header_line + start - 1
                return UnreadableFile(
                    f"line {line} has {len(record)} fields but the header has {width}",
                    f"dòng {line} có {len(record)} cột nhưng dòng tiêu đề có {width} cột",
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        line = header_line + start - 1
        return UnreadableFile(
            f"line {line} is not valid CSV ({exc}): check its quotes",
            f"dòng {line} không đúng định dạng CSV ({exc}): kiểm tra dấu ngoặc kép",
        )
    return UnreadableFile(
        "the file is not valid CSV: check its quotes and separators",
        "tệp không đúng định dạng CSV: kiểm tra dấu ngoặc kép và dấu phân cách",
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
