"""The DuckDB files: the build file runs write, and the published file analysts read.

Write, audit, publish: every run writes `<warehouse>.building.duckdb`; only after dbt's
tests have passed is it copied beside the warehouse and renamed over it. A rename is
atomic, and a reader that already has the old file open keeps reading the old inode,
so analysts never see a half-written state and never block a run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dagster_project.atomic import replaced_atomically
from dagster_project.fault_points import hold_at


@contextmanager
def connect(
    path: Path, read_only: bool = False, also_readable: tuple[Path, ...] = ()
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed on every path out, errors included.

    DuckDB never reads input files (Python does, under its own path rules), so no query
    on it may read, write or attach any file but this one and `also_readable`.
    """
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if also_readable:  # a database file comes with its write-ahead log
            files = [str(f) for p in also_readable for f in (p, p.with_name(f"{p.name}.wal"))]
            con.execute("set allowed_paths = ?", [files])
        con.execute("set enable_external_access = false")  # cannot be turned back on
        yield con
    finally:
        con.close()


def publish(build_db: Path, warehouse: Path) -> int:
    """Copy the audited build file over the published warehouse atomically; return its size."""
    with connect(build_db) as con:
        # Fold the write-ahead log into the file so the copy is complete on its own.
        con.execute("checkpoint")
    # Replacements a killed run left half-written (runs hold the writer lock here).
    for stale in warehouse.parent.glob(f".{warehouse.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    with replaced_atomically(warehouse) as copy:
        shutil.copyfile(build_db, copy)
        hold_at("publishing")
    return warehouse.stat().st_size


def table_row_counts(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> dict[str, int]:
    """Row counts of every table in the given schemas, keyed `schema.table`."""
    tables = con.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_schema in (select unnest($schemas)) and table_type = 'BASE TABLE'
        order by 1, 2
        """,
        {"schemas": list(schemas)},
    ).fetchall()
    counts = {}
    for schema, table in tables:
        # Names come from the catalogue of this very database, quoted, never from input.
        (n,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
        counts[f"{schema}.{table}"] = n
    return counts
