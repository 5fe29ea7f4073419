"""The Dagster instance of `make run`: $DAGSTER_HOME, opened by one process at a time.

On a fresh $DAGSTER_HOME the first process to open the instance creates its SQLite
storage; two processes doing it at once race ("table runs already exists") and one
crashes. Opening it under a lock file in $DAGSTER_HOME makes the second wait for the
first to finish creating it; the runs themselves are then serialized by the writer lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from dagster_project.publish.locking import exclusive_lock

OPEN_LOCK = ".instance-open.lock"
OPEN_WAIT_SECONDS = 600


@contextmanager
def opened_instance() -> Iterator[dg.DagsterInstance]:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError("DAGSTER_HOME is not set: run through make, or set it to a folder")
    with exclusive_lock(Path(home) / OPEN_LOCK, OPEN_WAIT_SECONDS, log=lambda _: None):
        instance = dg.DagsterInstance.get()
        # Touch every storage so that its tables exist before the lock is released.
        instance.get_runs(limit=1)
        instance.get_dynamic_partitions("submission_folders")
        instance.all_instigator_state()
    try:
        yield instance
    finally:
        instance.dispose()
