"""Run a contract lazily and split its rows into accepted and rejected.

Pandera collects every failure (`lazy=True`); each failure case carries the row's
position (`index`) in the validated frame, which maps back to `file_path` and
`row_number`. A row with any failure is rejected and each of its failures becomes one
`raw.rejected_rows` row with the text exactly as sent (`drop_invalid_rows` would throw
that evidence away), the row's unit code when the contract has one (who must fix it),
and its indicator code when the table has one (what the row was about: the unit's
feedback names the indicator even when the value is what failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from dagster_project.ingest.check.contracts import (
    CHECKS,
    FILE_PATH,
    ROW_NUMBER,
    TableContract,
    typed,
)
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.read.csv_reader import MalformedLine
from dagster_project.ingest.tables import conform, empty_frame, polars_schema

_INDEX = "__row_index"
INDICATOR_COLUMN = "indicator_code"
_REJECTED = "__rejected"


@dataclass(frozen=True)
class Checked:
    """A contract's verdict on a frame."""

    accepted: pl.DataFrame  # prepared rows (text and typed columns) that passed every rule
    rejected_rows: pl.DataFrame  # raw.rejected_rows, sorted by file, row, rule order
    counts: pl.DataFrame  # per file_path: received_rows, accepted_rows, rejected_rows


def check(contract: TableContract, frame: pl.DataFrame) -> Checked:
    """Type, validate and split `frame` (needs `file_path` and `row_number` columns)."""
    prepared = contract.prepare(frame).with_row_index(_INDEX)
    failures = failure_cases(contract, prepared)
    flagged = prepared.with_columns(
        pl.col(_INDEX).is_in(failures.get_column("index").unique().implode()).alias(_REJECTED)
    )
    counts = (
        flagged.group_by(FILE_PATH)
        .agg(
            pl.len().cast(pl.Int32).alias("received_rows"),
            pl.col(_REJECTED).sum().cast(pl.Int32).alias("rejected_rows"),
        )
        .select(
            FILE_PATH,
            "received_rows",
            (pl.col("received_rows") - pl.col("rejected_rows")).alias("accepted_rows"),
            "rejected_rows",
        )
        .sort(FILE_PATH)
    )
    return Checked(
        accepted=flagged.filter(~pl.col(_REJECTED)).drop(_INDEX, _REJECTED),
        rejected_rows=_rejected_rows(contract, prepared, failures),
        counts=counts,
    )


def malformed_rows(lines: Sequence[tuple[str, MalformedLine]]) -> pl.DataFrame:
    """`raw.rejected_rows` for (file_path, line) pairs: lines that were not records."""
    rows = [
        {
            FILE_PATH: path,
            ROW_NUMBER: line.row_number,
            "column_name": line.column,
            "value": line.text,
            "check_name": line.check,
            "message": CHECKS[line.check].en,
            "message_vi": CHECKS[line.check].vi,
            "unit_code": line.unit_code,
            "indicator_code": None,  # a line that is not a record has no cells to trust
        }
        for path, line in lines
    ]
    return conform("rejected_rows", pl.DataFrame(rows, schema=polars_schema("rejected_rows")))


def with_malformed(checked: Checked, malformed: pl.DataFrame) -> Checked:
    """`checked` with the malformed lines as rejected rows: received and rejected by the
    file they are in, so received = accepted + rejected still holds per file."""
    if malformed.height == 0:
        return checked
    extra = malformed.group_by(FILE_PATH).agg(pl.len().cast(pl.Int32).alias("__extra"))
    counts = (
        checked.counts.join(extra, on=FILE_PATH, how="full", coalesce=True)
        .with_columns(
            pl.col("received_rows", "accepted_rows", "rejected_rows").fill_null(0),
            pl.col("__extra").fill_null(0),
        )
        .select(
            FILE_PATH,
            (pl.col("received_rows") + pl.col("__extra")).alias("received_rows"),
            "accepted_rows",
            (pl.col("rejected_rows") + pl.col("__extra")).alias("rejected_rows"),
        )
        .sort(FILE_PATH)
    )
    rejected = pl.concat([checked.rejected_rows, malformed]).sort(
        FILE_PATH, ROW_NUMBER, maintain_order=True
    )
    return Checked(accepted=checked.accepted, rejected_rows=rejected, counts=counts)


def failure_cases(contract: TableContract, prepared: pl.DataFrame) -> pl.DataFrame:
    """`index` (UInt32 row position), `column`, `check` of every failed check."""
    empty = pl.DataFrame(schema={"index": pl.UInt32, "column": pl.String, "check": pl.String})
    # Validation must run whatever PANDERA_VALIDATION_* says: it decides what is loaded.
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        try:
            contract.schema().validate(prepared, lazy=True)
        except SchemaErrors as errors:
            cases = errors.failure_cases
        else:
            return empty
    unplaced = cases.filter(pl.col("index").is_null())
    if unplaced.height:
        # A missing column or a wrong dtype: a bug in this package, not in the input.
        raise IngestError(
            f"contract {contract.name} failed as a whole: "
            f"{unplaced.select('column', 'check', 'failure_case').rows()}"
        )
    return cases.select(pl.col("index").cast(pl.UInt32), "column", "check")


def _rejected_rows(
    contract: TableContract, prepared: pl.DataFrame, failures: pl.DataFrame
) -> pl.DataFrame:
    order = {rule.check: position for position, rule in enumerate(contract.rules)}
    unit = (
        pl.col(typed(contract.unit_column))
        if contract.unit_column is not None
        else pl.lit(None, pl.String)
    )
    # The code as sent, cleaned (upper-cased): text even when the row's value is what failed.
    indicator = (
        pl.col(typed(INDICATOR_COLUMN))
        if typed(INDICATOR_COLUMN) in prepared.columns
        else pl.lit(None, pl.String)
    )
    parts = []
    for column in failures.get_column("column").unique().sort():
        these = failures.filter(pl.col("column") == column)
        rows = prepared.select(
            FILE_PATH,
            ROW_NUMBER,
            pl.col(column).alias("value"),
            unit.alias("unit_code"),
            indicator.alias(INDICATOR_COLUMN),
        )[these.get_column("index")]
        parts.append(
            rows.with_columns(
                pl.lit(column).alias("column_name"),
                these.get_column("check").alias("check_name"),
            )
        )
    if not parts:
        return empty_frame("rejected_rows")
    messages = pl.DataFrame(
        {
            "check_name": list(CHECKS),
            "message": [m.en for m in CHECKS.values()],
            "message_vi": [m.vi for m in CHECKS.values()],
            "_order": [order.get(name, len(order)) for name in CHECKS],
        }
    )
    listed = pl.concat(parts).join(messages, on="check_name", how="left")
    return conform("rejected_rows", listed.sort(FILE_PATH, ROW_NUMBER, "_order"))
