"""Dagster's SQLite storage, cheaper per event: no fsync, and one engine per database file.

A run writes about a thousand events to $DAGSTER_HOME (every model built, every dbt test
as an asset check, planned and evaluated), each in its own SQLite transaction.

* **No fsync** (`PRAGMA synchronous = OFF`): SQLite's default waits for the disk at every
  commit. Measured here (docs/DESIGN.md, "Performance"): 200 asset checks take 33 s with
  the default and 10 s without the wait; on the sample, the event writes were 44% of a
  warm `make run`. What it risks: only a power cut or an operating-system crash in the
  middle of a write (not a killed process) can leave Dagster's run history damaged; the
  warehouse is not in it (it is published atomically, and rebuilt from raw/), so the
  remedy is a new $DAGSTER_HOME. `ICT_DAGSTER_SYNCHRONOUS=full` restores SQLite's default.
* **One engine per database file**: Dagster's SQLite storages call
  `create_engine(url, poolclass=NullPool)` for every statement they run, and a new
  engine initializes its dialect on its first connection and compiles every statement
  again (its statement cache is per engine): 40% of the CPU of an event here. The
  engine of each file is kept (`_kept_engine`). It is still a `NullPool`: every
  statement opens and closes its own SQLite connection as before, so nothing is held
  open between Dagster's transactions and other processes see the same file behaviour.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

import sqlalchemy
from dagster._core.storage.event_log.sqlite import sqlite_event_log
from dagster._core.storage.runs.sqlite import sqlite_run_storage
from dagster._core.storage.schedules.sqlite import sqlite_schedule_storage
from sqlalchemy.pool import NullPool

from dagster_project.common.settings import dagster_sqlite_synchronous

# A run has one event file of its own; a long-lived process (the code server) meets many.
KEPT_ENGINES = 64

_engines: OrderedDict[tuple, sqlalchemy.Engine] = OrderedDict()
_engines_lock = threading.Lock()
_create_engine = sqlalchemy.create_engine


@sqlalchemy.event.listens_for(sqlalchemy.engine.Engine, "connect")
def _synchronous(dbapi_connection, _record) -> None:
    # Every SQLite connection in this process is Dagster's (DuckDB is not SQLite).
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"pragma synchronous = {dagster_sqlite_synchronous()}")


def _kept_engine(url, **kwargs) -> sqlalchemy.Engine:
    """`create_engine` as Dagster's SQLite storages call it, the same engine for the same
    arguments (the last KEPT_ENGINES of them); any other call is passed on as it is."""
    if kwargs.get("poolclass") is not NullPool:
        return _create_engine(url, **kwargs)
    key = (str(url), repr(sorted(kwargs.items(), key=lambda item: item[0])))
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _create_engine(url, **kwargs)
            if len(_engines) > KEPT_ENGINES:
                _engines.popitem(last=False)
        else:
            _engines.move_to_end(key)
        return engine


for _storage in (sqlite_event_log, sqlite_run_storage, sqlite_schedule_storage):
    _storage.create_engine = _kept_engine
