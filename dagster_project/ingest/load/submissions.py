"""Submission rows of all files, checked at once (pure; no database here).

Each file is read to a frame of strings (plain CSV files together, `csv_batch.py`; the
others on their own); the frames are concatenated and typed and validated once, so the
cost per row is a few vectorised expressions however many files there are. `file_path`
and `row_number` identify every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dagster_project.ingest.check.contracts import (
    FILE_PATH,
    ROW_NUMBER,
    Catalogue,
    submission_contract,
)
from dagster_project.ingest.check.quarantine import Checked, check, malformed_rows, with_malformed
from dagster_project.ingest.check.row_warnings import legacy_text_warnings
from dagster_project.ingest.read.csv_reader import SUBMISSION_COLUMNS, MalformedLine
from dagster_project.ingest.tables import columns, conform

TEXT_SCHEMA: dict[str, pl.DataType] = {
    FILE_PATH: pl.String(),
    ROW_NUMBER: pl.Int32(),
    **{spec.name: pl.String() for spec in SUBMISSION_COLUMNS},
}


@dataclass(frozen=True)
class CheckedSubmissions:
    values: pl.DataFrame  # raw.submission_values
    checked: Checked
    warnings: pl.DataFrame  # raw.row_warnings (of accepted and rejected rows alike)


def combine(frames: Sequence[tuple[str, pl.DataFrame]]) -> pl.DataFrame:
    """One text frame from (file_path, reader frame) pairs, in the given order."""
    parts = [
        frame.with_columns(pl.lit(path, pl.String).alias(FILE_PATH)).select(
            pl.col(name).cast(dtype) for name, dtype in TEXT_SCHEMA.items()
        )
        for path, frame in frames
    ]
    return pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=TEXT_SCHEMA)


def check_submissions(
    text: pl.DataFrame,
    catalogue: Catalogue,
    malformed: Sequence[tuple[str, MalformedLine]] = (),
) -> CheckedSubmissions:
    """Validate the combined text frame; accepted rows typed as `raw.submission_values`,
    and the warnings that do not reject a row. `malformed` are the (file_path, line)
    lines the readers set aside: rejected rows of their files."""
    contract = submission_contract(catalogue)
    checked = with_malformed(check(contract, text), malformed_rows(malformed))
    table_columns = columns("submission_values")
    values = checked.accepted.sort(FILE_PATH, ROW_NUMBER).select(
        pl.col(FILE_PATH),
        pl.col(ROW_NUMBER),
        *contract.typed_columns([c for c in table_columns if c not in (FILE_PATH, ROW_NUMBER)]),
    )
    warnings = legacy_text_warnings(text, [spec.name for spec in SUBMISSION_COLUMNS])
    return CheckedSubmissions(
        values=conform("submission_values", values), checked=checked, warnings=warnings
    )
