"""The `raw` tables (docs/DESIGN.md): columns, types, and the only code that writes them.

Identifiers in SQL come from `RAW_TABLES` alone; values reach DuckDB only through Arrow
(a registered view) or bound parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import duckdb
import polars as pl

from dagster_project.ingest.parsing import VALUE_DTYPE

SCHEMA = "raw"
_VALUE_SQL = "DECIMAL(38, 6)"

# table → column → (DuckDB type, Polars type)
RAW_TABLES: dict[str, dict[str, tuple[str, pl.DataType]]] = {
    "indicators": {
        "indicator_code": ("VARCHAR NOT NULL", pl.String()),
        "name_vi": ("VARCHAR", pl.String()),
        "name_en": ("VARCHAR", pl.String()),
        "sector_code": ("VARCHAR", pl.String()),
        "unit": ("VARCHAR", pl.String()),
        "kind": ("VARCHAR NOT NULL", pl.String()),
        "numerator_code": ("VARCHAR", pl.String()),
        "denominator_code": ("VARCHAR", pl.String()),
        "parent_code": ("VARCHAR", pl.String()),
        "higher_is_better": ("BOOLEAN NOT NULL", pl.Boolean()),
        "activity": ("VARCHAR", pl.String()),
    },
    "reporting_units": {
        "unit_code": ("VARCHAR NOT NULL", pl.String()),
        "name": ("VARCHAR", pl.String()),
        "unit_type": ("VARCHAR NOT NULL", pl.String()),
        "province_code": ("VARCHAR NOT NULL", pl.String()),
        "activities": ("VARCHAR NOT NULL", pl.String()),
        "tax_code": ("VARCHAR", pl.String()),
        "active_from": ("DATE NOT NULL", pl.Date()),
        "active_to": ("DATE", pl.Date()),
    },
    "plans": {
        "year": ("INTEGER NOT NULL", pl.Int32()),
        "province_code": ("VARCHAR NOT NULL", pl.String()),
        "indicator_code": ("VARCHAR NOT NULL", pl.String()),
        "plan_value": (f"{_VALUE_SQL} NOT NULL", VALUE_DTYPE),
        "source": ("VARCHAR", pl.String()),
        "plan_source": ("VARCHAR", pl.String()),
        "revised_on": ("DATE", pl.Date()),
    },
    "provinces": {
        "province_code": ("VARCHAR NOT NULL", pl.String()),
        "name": ("VARCHAR", pl.String()),
        "valid_from": ("DATE", pl.Date()),
        "valid_to": ("DATE", pl.Date()),
        "successor_code": ("VARCHAR", pl.String()),
    },
    "reporting_calendar": {
        "activity": ("VARCHAR NOT NULL", pl.String()),
        "frequency": ("VARCHAR NOT NULL", pl.String()),
        "deadline_day": ("INTEGER NOT NULL", pl.Int32()),
        "deadline_months_after": ("INTEGER NOT NULL", pl.Int32()),
    },
    "validation_rules": {
        "rule_code": ("VARCHAR NOT NULL", pl.String()),
        "description_vi": ("VARCHAR", pl.String()),
        "description_en": ("VARCHAR", pl.String()),
        # `+`-joined indicator codes, upper-case, no spaces (checked against the catalogue).
        "left": ("VARCHAR NOT NULL", pl.String()),
        "operator": ("VARCHAR NOT NULL", pl.String()),
        "right": ("VARCHAR NOT NULL", pl.String()),
        "importance": ("VARCHAR NOT NULL", pl.String()),
        "tolerance_pct": (f"{_VALUE_SQL} NOT NULL", VALUE_DTYPE),
    },
    "reviews": {
        "row_number": ("INTEGER NOT NULL", pl.Int32()),
        "unit_code": ("VARCHAR NOT NULL", pl.String()),
        "indicator_code": ("VARCHAR NOT NULL", pl.String()),
        "period": ("DATE NOT NULL", pl.Date()),
        "decision": ("VARCHAR NOT NULL", pl.String()),
        "reviewer": ("VARCHAR NOT NULL", pl.String()),
        "reviewed_on": ("DATE NOT NULL", pl.Date()),
        "note": ("VARCHAR", pl.String()),
    },
    "submission_values": {
        "file_path": ("VARCHAR NOT NULL", pl.String()),
        "row_number": ("INTEGER NOT NULL", pl.Int32()),
        "unit_code": ("VARCHAR NOT NULL", pl.String()),
        "period": ("DATE NOT NULL", pl.Date()),
        "indicator_code": ("VARCHAR NOT NULL", pl.String()),
        "value": (f"{_VALUE_SQL} NOT NULL", VALUE_DTYPE),
        "status": ("VARCHAR NOT NULL", pl.String()),
        "as_of": ("DATE", pl.Date()),
        "submitted_at": ("TIMESTAMP", pl.Datetime("us")),
        "note": ("VARCHAR", pl.String()),
    },
    "file_manifest": {
        "file_path": ("VARCHAR NOT NULL", pl.String()),
        "size_bytes": ("BIGINT", pl.Int64()),
        "sha256": ("VARCHAR", pl.String()),
        "first_seen_at": ("TIMESTAMP", pl.Datetime("us")),
        "file_format": ("VARCHAR", pl.String()),
        "encoding": ("VARCHAR", pl.String()),
        "outcome": ("VARCHAR NOT NULL", pl.String()),
        "duplicate_of": ("VARCHAR", pl.String()),
        "received_rows": ("INTEGER NOT NULL", pl.Int32()),
        "accepted_rows": ("INTEGER NOT NULL", pl.Int32()),
        "rejected_rows": ("INTEGER NOT NULL", pl.Int32()),
    },
    "rejected_rows": {
        "file_path": ("VARCHAR NOT NULL", pl.String()),
        "row_number": ("INTEGER NOT NULL", pl.Int32()),
        "column_name": ("VARCHAR NOT NULL", pl.String()),
        "value": ("VARCHAR", pl.String()),
        "check_name": ("VARCHAR NOT NULL", pl.String()),
        "message": ("VARCHAR NOT NULL", pl.String()),
        "message_vi": ("VARCHAR NOT NULL", pl.String()),
        # The row's unit code as sent (upper-cased; NULL when blank or not a submission).
        "unit_code": ("VARCHAR", pl.String()),
    },
    # Findings that flag a row without rejecting it (legacy encodings, for now).
    "row_warnings": {
        "file_path": ("VARCHAR NOT NULL", pl.String()),
        "row_number": ("INTEGER NOT NULL", pl.Int32()),
        "column_name": ("VARCHAR NOT NULL", pl.String()),
        "value": ("VARCHAR", pl.String()),
        "check_name": ("VARCHAR NOT NULL", pl.String()),
        "message": ("VARCHAR NOT NULL", pl.String()),
        "message_vi": ("VARCHAR NOT NULL", pl.String()),
    },
    "rejected_files": {
        "file_path": ("VARCHAR NOT NULL", pl.String()),
        "sha256": ("VARCHAR", pl.String()),
        "size_bytes": ("BIGINT", pl.Int64()),
        "reason": ("VARCHAR NOT NULL", pl.String()),
        "reason_vi": ("VARCHAR NOT NULL", pl.String()),
    },
}


def columns(table: str) -> list[str]:
    return list(RAW_TABLES[table])


def polars_schema(table: str) -> dict[str, pl.DataType]:
    return {name: dtype for name, (_, dtype) in RAW_TABLES[table].items()}


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The table's columns, in order, with its types (a bug shows here, not in DuckDB)."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in polars_schema(table).items())


def quote(identifier: str) -> str:
    """Quote an identifier from `RAW_TABLES` (never from input)."""
    return '"' + identifier.replace('"', '""') + '"'


def qualified(table: str) -> str:
    if table not in RAW_TABLES:
        raise KeyError(f"{table!r} is not a raw table")
    return f"{quote(SCHEMA)}.{quote(table)}"


def _ddl(table: str, *, replace: bool) -> str:
    body = ", ".join(f"{quote(name)} {sql}" for name, (sql, _) in RAW_TABLES[table].items())
    verb = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    return f"{verb} {qualified(table)} ({body})"


def _ensure_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Create a kept table if missing, and add the columns a newer version defines (a
    build file written before them would otherwise refuse the insert)."""
    con.execute(_ddl(table, replace=False))
    existing = {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ?",
            [SCHEMA, table],
        ).fetchall()
    }
    for name, (sql, _) in RAW_TABLES[table].items():
        if name not in existing:
            nullable = sql.replace(" NOT NULL", "")  # existing rows have no value for it
            con.execute(f"ALTER TABLE {qualified(table)} ADD COLUMN {quote(name)} {nullable}")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    view = f"__ingest_{table}"
    names = ", ".join(quote(name) for name in columns(table))
    con.register(view, conform(table, frame).to_arrow())
    try:
        con.execute(f"INSERT INTO {qualified(table)} ({names}) SELECT {names} FROM {quote(view)}")
    finally:
        con.unregister(view)


def write_raw(
    con: duckdb.DuckDBPyConnection,
    replace: Mapping[str, pl.DataFrame],
    rejected_rows: pl.DataFrame,
    rejected_prefix: str,
) -> None:
    """In one transaction: replace whole tables, and this loader's share of rejected_rows.

    `rejected_rows` keeps the rows of other loaders: its rows whose `file_path` starts
    with `rejected_prefix` (`reference/` or `submissions/`) are replaced.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(SCHEMA)}")
        for table, frame in replace.items():
            con.execute(_ddl(table, replace=True))
            _insert(con, table, frame)
        _ensure_table(con, "rejected_rows")
        con.execute(
            f"DELETE FROM {qualified('rejected_rows')} WHERE starts_with(file_path, ?)",
            [rejected_prefix],
        )
        _insert(con, "rejected_rows", rejected_rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def write_raw_files(
    con: duckdb.DuckDBPyConnection,
    tables: Mapping[str, pl.DataFrame],
    rejected_rows: pl.DataFrame,
    paths: Collection[str],
) -> None:
    """In one transaction: replace the rows of the given files only, in every table.

    The incremental counterpart of `write_raw`, for a run that processed some files
    (Dagster partitions): rows of other files stay as they are.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(SCHEMA)}")
        for table, frame in {**tables, "rejected_rows": rejected_rows}.items():
            _ensure_table(con, table)
            con.execute(
                f"DELETE FROM {qualified(table)} WHERE file_path IN (SELECT unnest(?))",
                [sorted(paths)],
            )
            _insert(con, table, frame)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [SCHEMA, table],
    ).fetchall()
    return found[0][0] > 0


def read_table(con: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> pl.DataFrame:
    """Selected columns of a raw table (names from `RAW_TABLES`)."""
    unknown = set(names) - set(RAW_TABLES[table])
    if unknown:
        raise KeyError(f"{sorted(unknown)} are not columns of raw.{table}")
    listed = ", ".join(quote(name) for name in names)
    return con.sql(f"SELECT {listed} FROM {qualified(table)}").pl()
