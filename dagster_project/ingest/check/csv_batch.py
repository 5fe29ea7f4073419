"""Plain CSV submissions read together: one polars parse for many files.

A national run reads tens of thousands of small files that are all alike, and the
per-file reader (`csv_reader.read_csv_table`) spends most of its ~3 ms per file on the
fixed cost of building small frames. A file is *plain* when that reader could do nothing
with it but what this batch does:

- ASCII (so it decodes as UTF-8 and is already NFC), no double quote, no carriage
  return, no NUL, ending with a newline;
- a first line of canonical column names only (`unit_code,period,...`: no alias, no
  other column, none twice, every required one);
- then at least one line, each with the header's number of commas and something in it
  besides commas and blanks (so no line is blank, too long, too short or dropped).

For such a file the per-file reader gives one row per line after the header, its
`row_number` the line number, each cell as polars reads it; so does the batch (the test
`tests/unit/test_csv_batch.py` compares both on every file of `raw/` and of the bad-file
fixtures). Any other file, and every Excel file, goes to the per-file reader, which
decides what is wrong with it and where.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import polars as pl

from dagster_project.ingest.check.contracts import FILE_PATH, ROW_NUMBER
from dagster_project.ingest.read.csv_reader import SUBMISSION_COLUMNS

_NAMES = {spec.name.encode("ascii") for spec in SUBMISSION_COLUMNS}
_REQUIRED = {spec.name for spec in SUBMISSION_COLUMNS if spec.required}
FIRST_DATA_LINE = 2  # the header is line 1

PlainFile = tuple[str, bytes, tuple[str, ...]]  # path, bytes, header


def plain_header(data: bytes) -> tuple[str, ...] | None:
    """The column names of a plain file; None when the file is not plain."""
    if not data.isascii() or not data.endswith(b"\n"):
        return None
    if b'"' in data or b"\r" in data or b"\x00" in data:
        return None
    lines = data.split(b"\n")[:-1]
    if len(lines) < FIRST_DATA_LINE:
        return None
    names = lines[0].split(b",")
    if len(set(names)) != len(names) or not set(names) <= _NAMES:
        return None
    header = tuple(name.decode("ascii") for name in names)
    if not set(header) >= _REQUIRED:
        return None
    commas = len(names) - 1
    for line in lines[1:]:
        if line.count(b",") != commas or not line.replace(b",", b"").strip():
            return None
    return header


def read_plain(files: Sequence[PlainFile], text_schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of plain files as one frame of `text_schema` (file_path, row_number and
    the submission columns, as strings), in the order of `files`."""
    by_header: dict[tuple[str, ...], list[tuple[str, bytes]]] = {}
    for path, data, header in files:
        by_header.setdefault(header, []).append((path, data))
    parts = [_read_alike(group, header, text_schema) for header, group in by_header.items()]
    if not parts:
        return pl.DataFrame(schema=text_schema)
    order = {path: index for index, (path, _, _) in enumerate(files)}
    frame = pl.concat(parts, how="vertical")
    if len(parts) > 1:  # headers differ: back to the files' order
        frame = frame.sort(
            pl.col(FILE_PATH).replace_strict(order, return_dtype=pl.Int64), ROW_NUMBER
        )
    return frame


def _read_alike(
    group: list[tuple[str, bytes]], header: tuple[str, ...], text_schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    """Files with the same header: their data lines parsed in one call."""
    bodies = [data[data.index(b"\n") + 1 :] for _, data in group]
    counts = [body.count(b"\n") for body in bodies]
    rows = pl.read_csv(
        io.BytesIO(b"".join(bodies)),
        has_header=False,
        infer_schema=False,
        separator=",",
        quote_char='"',
        new_columns=list(header),
    )
    paths = pl.Series(FILE_PATH, [path for path, _ in group], pl.String)
    numbers = [n for count in counts for n in range(FIRST_DATA_LINE, FIRST_DATA_LINE + count)]
    rows = rows.with_columns(
        paths.gather(pl.Series([i for i, count in enumerate(counts) for _ in range(count)])),
        pl.Series(ROW_NUMBER, numbers, pl.Int32),
    )
    return rows.select(
        (pl.col(name) if name in rows.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in text_schema.items()
    )
