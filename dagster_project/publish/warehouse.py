"""The DuckDB files: the build file runs write, and the published file analysts read.

Write, audit, publish: every run writes `<warehouse>.building.duckdb`; only after dbt's
tests have passed is it copied beside the warehouse and renamed over it. A rename is
atomic, and a reader that already has the old file open keeps reading the old inode,
so analysts never see a half-written state and never block a run.

Every file is written in DuckDB's v1.4.0 storage format, not the engine's newest: analysts
open the published file with whatever DuckDB they have (the newest `duckdb-cli` on PyPI,
DuckDB 1.4 LTS), and none of those reads the 2.0 format. A file keeps the storage version
it was created with, so the build file is created in it and publishing stays a byte copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dagster_project.common.fault_points import hold_at
from dagster_project.common.sql import quote_identifier, sql_string
from dagster_project.publish.atomic import replaced_atomically

# The oldest DuckDB that must read our files: 1.4 LTS. dbt's profile (dbt/profiles.yml,
# `config_options`) says the same for a build file dbt would create on its own.
STORAGE_VERSION = "v1.4.0"


@contextmanager
def connect(
    path: Path, read_only: bool = False, also_readable: tuple[Path, ...] = ()
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed on every path out, errors included.

    DuckDB never reads input files (Python does, under its own path rules), so no query
    on it may read, write or attach any file but this one and `also_readable`.
    """
    if read_only:
        con = duckdb.connect(str(path), read_only=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Only takes effect when the file is created; an existing file keeps its version.
        con = duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        if also_readable:  # a database file comes with its write-ahead log
            files = [str(f) for p in also_readable for f in (p, p.with_name(f"{p.name}.wal"))]
            con.execute("set allowed_paths = ?", [files])
        con.execute("set enable_external_access = false")  # cannot be turned back on
        yield con
    finally:
        con.close()


def storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format the connection's database file is written in, e.g. `v1.4.0+`."""
    (tags,) = con.execute(
        "select tags from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return tags["storage_version"]


def publish(build_db: Path, warehouse: Path) -> int:
    """Copy the audited build file over the published warehouse atomically; return its size."""
    with connect(build_db) as con:
        # Fold the write-ahead log into the file so the copy is complete on its own.
        con.execute("checkpoint")
        current = storage_version(con)
    if not current.startswith(STORAGE_VERSION):
        # A build file made before the format was pinned: rewritten once, then copied as is.
        _rewrite_in_storage_version(build_db)
    # Replacements a killed run left half-written (runs hold the writer lock here).
    for stale in warehouse.parent.glob(f".{warehouse.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    with replaced_atomically(warehouse) as copy:
        shutil.copyfile(build_db, copy)
        hold_at("publishing")
    return warehouse.stat().st_size


def _rewrite_in_storage_version(path: Path) -> None:
    """Replace `path` by a copy of every schema, table, view and comment in STORAGE_VERSION."""
    with replaced_atomically(path) as rewritten:
        rewritten.unlink()  # DuckDB creates the file itself; an empty one is not a database
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"attach {sql_string(path)} as old (read_only)")
            version = f"storage_version '{STORAGE_VERSION}'"
            con.execute(f"attach {sql_string(rewritten)} as new ({version})")
            con.execute("copy from database old to new")
        finally:
            con.close()


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
        (n,) = con.execute(f"select count(*) from {quote_identifier(schema, table)}").fetchone()
        counts[f"{schema}.{table}"] = n
    return counts
