"""Dagster's SQLite storage without an fsync per event (`PRAGMA synchronous = OFF`).

A run writes about a thousand events to $DAGSTER_HOME (every model built, every dbt test
as an asset check, planned and evaluated), each in its own SQLite transaction, and
SQLite's default waits for the disk at every commit. Measured here (docs/DESIGN.md,
"Performance"): 200 asset checks take 33 s with the default and 10 s without the wait;
on the sample, the event writes were 44% of a warm `make run`.

What it risks: only a power cut or an operating-system crash in the middle of a write
(not a killed process) can leave Dagster's run history damaged; the warehouse is not
in it (it is published atomically, and rebuilt from raw/), so the remedy is a new
$DAGSTER_HOME. `ICT_DAGSTER_SYNCHRONOUS=full` restores SQLite's default.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy

from dagster_project.common.settings import dagster_sqlite_synchronous


@sqlalchemy.event.listens_for(sqlalchemy.engine.Engine, "connect")
def _synchronous(dbapi_connection, _record) -> None:
    # Every SQLite connection in this process is Dagster's (DuckDB is not SQLite).
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"pragma synchronous = {dagster_sqlite_synchronous()}")
