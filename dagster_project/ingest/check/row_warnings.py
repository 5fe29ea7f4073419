"""Row warnings found in Python (`raw.row_warnings`): they flag a row, never reject it.

Text typed with a legacy Vietnamese font decodes fine but reads as mojibake
(`Th«ng tin` for TCVN3/ABC, `Thoâng tin` for VNI). Every text cell of every received
row (accepted or rejected) is looked at; the message names the encoding and, where the
tables agree, how the text probably reads. Only cells with a Latin-1 letter can be
legacy text, so the costly per-word test (`vietnamese.legacy_guess`) runs on the
distinct values of those cells alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dagster_project.ingest.check.contracts import (
    FILE_PATH,
    READING_EN,
    READING_VI,
    ROW_NUMBER,
    WARNINGS,
)
from dagster_project.ingest.read.vietnamese import TCVN3, VNI, legacy_guess
from dagster_project.ingest.tables import conform, empty_frame

_CHECK_BY_ENCODINGS = {
    (TCVN3,): "text_in_tcvn3",
    (VNI,): "text_in_vni",
    (TCVN3, VNI): "text_in_tcvn3_or_vni",
}
_LATIN_1_LETTER = r"[\x{00A1}-\x{00FF}]"
_VALUE = "value"
_COLUMN = "column_name"


def legacy_text_warnings(text: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """`raw.row_warnings` rows for cells of `columns` that look like TCVN3 or VNI text.

    `text` has `file_path`, `row_number` and the String `columns` (the text as sent).
    """
    cells = pl.concat(
        [
            text.select(
                FILE_PATH,
                ROW_NUMBER,
                pl.lit(column, pl.String).alias(_COLUMN),
                pl.col(column).cast(pl.String).alias(_VALUE),
            ).filter(pl.col(_VALUE).str.contains(_LATIN_1_LETTER))
            for column in columns
        ],
        how="vertical",
    )
    if cells.height == 0:
        return empty_frame("row_warnings")
    verdicts = [_verdict(value) for value in cells.get_column(_VALUE).unique().sort()]
    found = pl.DataFrame(
        [v for v in verdicts if v is not None],
        schema={_VALUE: pl.String, "check_name": pl.String, "message": pl.String,
                "message_vi": pl.String},
        orient="row",
    )  # fmt: skip
    warnings = cells.join(found, on=_VALUE, how="inner")
    return conform("row_warnings", warnings.sort(FILE_PATH, ROW_NUMBER, _COLUMN))


def _verdict(value: str) -> tuple[str, str, str, str] | None:
    guess = legacy_guess(value)
    if guess is None:
        return None
    check = _CHECK_BY_ENCODINGS[guess.encodings]
    message = WARNINGS[check]
    reading_en = READING_EN.format(guess.reading) if guess.reading else ""
    reading_vi = READING_VI.format(guess.reading) if guess.reading else ""
    return (
        value,
        check,
        message.en.format(reading=reading_en),
        message.vi.format(reading=reading_vi),
    )
