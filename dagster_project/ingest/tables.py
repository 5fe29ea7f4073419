"""The `raw` tables (docs/DESIGN.md): the only code that writes them.

Their columns and types are the registry's (`dagster_project.catalog.tables`).

Identifiers in SQL come from `RAW_TABLES` alone; values reach DuckDB only through Arrow
(a registered view) or bound parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import duckdb
import polars as pl

from dagster_project.catalog.tables import RAW_TABLES as CATALOG_TABLES
from dagster_project.catalog.tables import SCHEMA
from dagster_project.common.sql import quote_identifier as quote

# table → column → (DuckDB type, Polars type), from the registry (catalog/tables.py).
RAW_TABLES: dict[str, dict[str, tuple[str, pl.DataType]]] = {
    table.name: {column.name: (column.sql, column.dtype) for column in table.columns}
    for table in CATALOG_TABLES.values()
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


def qualified(table: str) -> str:
    if table not in RAW_TABLES:
        raise KeyError(f"{table!r} is not a raw table")
    return f"{quote(SCHEMA)}.{quote(table)}"


def _ddl(table: str, *, replace: bool) -> str:
    body = ", ".join(f"{quote(name)} {sql}" for name, (sql, _) in RAW_TABLES[table].items())
    verb = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    return f"{verb} {qualified(table)} ({body})"


def raw_schema_ddl() -> str:
    """Every raw table, empty: the whole `raw` contract as SQL (the dbt fixture's DDL)."""
    statements = [f"CREATE SCHEMA IF NOT EXISTS {quote(SCHEMA)}"]
    statements += [_ddl(table, replace=True) for table in RAW_TABLES]
    return ";\n".join(statements) + ";\n"


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
