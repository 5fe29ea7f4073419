"""Asset metadata read back from DuckDB: row counts, column schema, a preview."""

from __future__ import annotations

import dagster as dg
import duckdb

from dagster_project.common.markdown_text import md_escape
from dagster_project.common.sql import quote_identifier
from dagster_project.report.markdown import markdown_table as report_markdown_table

PREVIEW_ROWS = 5


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """Query results as a Markdown table (cells on one line, `|` escaped)."""

    def cell(value) -> str:
        return "" if value is None else md_escape(value)

    return report_markdown_table(
        columns, [[cell(v) for v in row] for row in rows], ["left"] * len(columns)
    )


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
    relation = quote_identifier(schema, table)
    (row_count,) = con.execute(f"select count(*) from {relation}").fetchone()
    preview = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}").fetchall()
    return {
        "dagster/row_count": dg.MetadataValue.int(row_count),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name, dtype) for name, dtype in columns]
        ),
        "preview": dg.MetadataValue.md(markdown_table([c for c, _ in columns], preview)),
    }
