"""Reading the tables dbt builds: they are the project's own, so they are read as they
are (no probing for a table or a column); one missing means dbt has not run."""

from __future__ import annotations

import duckdb


def query_built(con: duckdb.DuckDBPyConnection, table: str, sql: str) -> duckdb.DuckDBPyConnection:
    """Run ``sql``, a query of ``table`` (``schema.name``, which dbt builds); a
    LookupError naming the table when it is missing."""
    try:
        return con.execute(sql)
    except duckdb.CatalogException as missing:
        raise LookupError(f"{table} is missing: run the dbt models first") from missing
