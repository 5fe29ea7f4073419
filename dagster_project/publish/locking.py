"""One writer at a time: an exclusive lock file beside the warehouse.

DuckDB allows one writing process per file. Dagster's run queue limits concurrent runs
under the daemon (`dagster_home.yaml`), but runs also start from `make run`, tests
and `dagster job execute`; this lock serializes all of them, whole runs at a time,
and the operating system releases it if a process dies.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(RuntimeError):
    pass


@contextmanager
def exclusive_lock(
    path: Path, timeout_seconds: float, log: Callable[[str], object] = print
) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    log(f"another run is writing the warehouse; waiting for {path}")
                    told = True
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"{path} still locked by another run after {timeout_seconds:.0f} s"
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
