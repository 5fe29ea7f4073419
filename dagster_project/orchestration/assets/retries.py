"""Retry what may pass by itself, and nothing else.

A DuckDB I/O error (a lock held by a process outside Dagster's control, a full or busy
disk) is worth another try; a contract failure or a dbt test failure is not, and a
blanket RetryPolicy would only repeat them.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

MAX_RETRIES = 3
SECONDS_BETWEEN = 10


@contextmanager
def retry_transient_errors() -> Iterator[None]:
    try:
        yield
    except duckdb.IOException as exc:
        raise dg.RetryRequested(max_retries=MAX_RETRIES, seconds_to_wait=SECONDS_BETWEEN) from exc
