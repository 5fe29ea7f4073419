"""Asset metadata read back from DuckDB: row counts, column schema, a preview."""

from __future__ import annotations

import dagster as dg
import duckdb

PREVIEW_ROWS = 5


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    def cell(value) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict:
    """Row count, column schema and a Markdown preview of `schema.table`."""
    columns = con.execute(
        """
        select column_name, data_type from information_schema.columns
        where table_schema = ? and table_name = ? order by ordinal_position
        """,
        [schema, table],
    ).fetchall()
    # Identifiers come from information_schema of this database, never from input.
    relation = f'"{schema}"."{table}"'
    (row_count,) = con.execute(f"select count(*) from {relation}").fetchone()
    preview = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}").fetchall()
    return {
        "dagster/row_count": dg.MetadataValue.int(row_count),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name, dtype) for name, dtype in columns]
        ),
        "preview": dg.MetadataValue.md(markdown_table([c for c, _ in columns], preview)),
    }
