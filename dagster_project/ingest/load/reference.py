"""Reference files: read, check and type `reference/*.csv` (pure; no database here).

Checks that refer to other codes of the same file (a ratio's parts, a parent, a
successor province) are run until they settle: a row whose code is rejected is no
longer a valid target, so every accepted row refers only to accepted rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dagster_project.catalog.tables import RAW_TABLES
from dagster_project.ingest.check.contracts import (
    CHECKS,
    FILE_PATH,
    ROW_NUMBER,
    Catalogue,
    ParentFacts,
    TableContract,
    codes_in_parent_cycles,
    indicators_contract,
    plans_contract,
    provinces_contract,
    reporting_calendar_contract,
    reporting_units_contract,
    reviews_contract,
    typed,
    validation_rules_contract,
)
from dagster_project.ingest.check.quarantine import Checked, check
from dagster_project.ingest.errors import IngestError, UnreadableFile
from dagster_project.ingest.files.discovery import read_raw_file
from dagster_project.ingest.read.csv_reader import ColumnSpec, file_columns, read_csv_table
from dagster_project.ingest.tables import columns, conform

REFERENCE_DIR = "reference"


@dataclass(frozen=True)
class ReferenceFile:
    """A reference CSV: the raw table it fills (same column names; which of them a file
    must have, and whether the file may be absent, is the registry's)."""

    table: str

    @property
    def optional_file(self) -> bool:
        return RAW_TABLES[self.table].reference_file == "optional"

    @property
    def path(self) -> str:
        return f"{REFERENCE_DIR}/{self.table}.csv"

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        # The reader adds file_path and row_number (the file's line: raw.reviews orders
        # decisions of a day by it).
        return file_columns(self.table)


INDICATORS = ReferenceFile("indicators")
REPORTING_UNITS = ReferenceFile("reporting_units")
PLANS = ReferenceFile("plans")
PROVINCES = ReferenceFile("provinces")
REPORTING_CALENDAR = ReferenceFile("reporting_calendar")
VALIDATION_RULES = ReferenceFile("validation_rules")
REVIEWS = ReferenceFile("reviews")


@dataclass(frozen=True)
class CheckedTable:
    """A reference table after its contract: rows to write and rows rejected."""

    table: str
    rows: pl.DataFrame  # the raw table's columns and types
    checked: Checked


def read_reference(raw_dir: Path, spec: ReferenceFile, max_bytes: int) -> pl.DataFrame | None:
    """Text frame with `file_path`; None for an absent optional file; else `IngestError`."""
    try:
        data = read_raw_file(raw_dir, spec.path, max_bytes)
        table = read_csv_table(data, spec.columns)
    except FileNotFoundError as exc:
        if spec.optional_file:
            return None
        raise IngestError(
            f"{raw_dir / spec.path} is missing: submissions cannot be checked without it"
        ) from exc
    except UnreadableFile as exc:
        raise IngestError(f"{raw_dir / spec.path} cannot be read: {exc.reason_en}") from exc
    if table.malformed:
        # Reference data is all or nothing: a lost line would silently drop a unit,
        # an indicator or a plan.
        first = table.malformed[0]
        raise IngestError(
            f"{raw_dir / spec.path} cannot be read: line {first.row_number} is not valid CSV "
            f"({CHECKS[first.check].en}): {first.text!r}"
        )
    return table.frame.with_columns(pl.lit(spec.path).alias(FILE_PATH))


def check_indicators(frame: pl.DataFrame) -> CheckedTable:
    facts = parent_facts(indicators_contract(frozenset()).prepare(frame))
    return _typed(
        "indicators",
        *_check_closed(frame, lambda known: indicators_contract(known, facts), "indicator_code"),
    )


def parent_facts(prepared: pl.DataFrame) -> ParentFacts:
    """Kind, unit and cycles of every code in a prepared indicators frame (first row wins
    for a duplicated code: all its rows are rejected anyway)."""
    rows = prepared.select(
        pl.col(typed("indicator_code")).alias("code"),
        pl.col(typed("parent_code")).alias("parent"),
        pl.col(typed("kind")).alias("kind"),
        pl.col(typed("unit")).str.to_lowercase().fill_null("").alias("unit"),
    ).filter(pl.col("code").is_not_null())
    first = rows.unique("code", keep="first", maintain_order=True)
    return ParentFacts(
        kinds={code: kind for code, kind in first.select("code", "kind").iter_rows() if kind},
        units=dict(first.select("code", "unit").iter_rows()),
        in_cycle=codes_in_parent_cycles(rows.select("code", "parent").iter_rows()),
    )


def check_reporting_units(frame: pl.DataFrame) -> CheckedTable:
    contract = reporting_units_contract()
    return _typed("reporting_units", contract, check(contract, frame))


def check_plans(frame: pl.DataFrame, indicator_codes: Iterable[str]) -> CheckedTable:
    contract = plans_contract(indicator_codes)
    return _typed("plans", contract, check(contract, frame))


def check_provinces(frame: pl.DataFrame | None) -> CheckedTable:
    if frame is None:
        frame = pl.DataFrame(
            schema={FILE_PATH: pl.String, ROW_NUMBER: pl.Int32}
            | {spec.name: pl.String for spec in PROVINCES.columns}
        )
    return _typed("provinces", *_check_closed(frame, provinces_contract, "province_code"))


def check_reporting_calendar(frame: pl.DataFrame | None) -> CheckedTable:
    """An absent calendar is an empty table: every activity then has the default
    (monthly, due on the 10th of the following month; dbt's `reporting_rules.sql`)."""
    contract = reporting_calendar_contract()
    frame = _or_empty(frame, REPORTING_CALENDAR)
    return _typed("reporting_calendar", contract, check(contract, frame))


def check_validation_rules(
    frame: pl.DataFrame | None, indicator_codes: Iterable[str]
) -> CheckedTable:
    """An absent file is no rules (an empty table)."""
    contract = validation_rules_contract(indicator_codes)
    return _typed("validation_rules", contract, check(contract, _or_empty(frame, VALIDATION_RULES)))


def check_reviews(frame: pl.DataFrame | None, catalogue: Catalogue) -> CheckedTable:
    """An absent file is no decisions; the file's row number is kept (a later row of the
    same value and day is the later decision)."""
    contract = reviews_contract(catalogue)
    checked = check(contract, _or_empty(frame, REVIEWS))
    typed_rows = checked.accepted.sort(ROW_NUMBER).select(
        pl.col(ROW_NUMBER),
        *contract.typed_columns([c for c in columns("reviews") if c != ROW_NUMBER]),
    )
    return CheckedTable("reviews", conform("reviews", typed_rows), checked)


def _or_empty(frame: pl.DataFrame | None, spec: ReferenceFile) -> pl.DataFrame:
    if frame is not None:
        return frame
    return pl.DataFrame(
        schema={FILE_PATH: pl.String, ROW_NUMBER: pl.Int32}
        | {column.name: pl.String for column in spec.columns}
    )


def accepted_codes(table: CheckedTable, column: str) -> frozenset[str]:
    return frozenset(table.rows.get_column(column).drop_nulls().to_list())


def _typed(table: str, contract: TableContract, checked: Checked) -> CheckedTable:
    rows = checked.accepted.sort(ROW_NUMBER).select(contract.typed_columns(columns(table)))
    return CheckedTable(table, conform(table, rows), checked)


def _check_closed(
    frame: pl.DataFrame,
    contract_for: Callable[[frozenset[str]], TableContract],
    code_column: str,
) -> tuple[TableContract, Checked]:
    """Re-check with the accepted codes as valid targets until nothing changes."""
    prepared = contract_for(frozenset()).prepare(frame)
    known = frozenset(prepared.get_column(typed(code_column)).drop_nulls())
    while True:
        contract = contract_for(known)
        checked = check(contract, frame)
        accepted = frozenset(checked.accepted.get_column(typed(code_column)).drop_nulls())
        if accepted == known:
            return contract, checked
        known = accepted
