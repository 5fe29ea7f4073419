"""Which process runs a Dagster run, and marking runs whose process is gone as failed.

A run killed with `kill -9` never records its end: it stays STARTED in the instance, the
run queue counts it as in progress, and with one run at a time nothing is launched
again. Dagster's run monitoring cannot tell for the default run launcher (it has no
worker health check) nor for runs executed in process (`make run`), so every run
records the process that works on it (`WORKER_TAG`: boot id, pid and the process's
start time, so a recycled pid is not mistaken for it) and `fail_dead_runs` marks a run
failed once that process no longer exists. The CLI calls it before each run and the
`dead_runs` sensor calls it under the daemon.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import dagster as dg

WORKER_TAG = "ict/worker"
IN_PROGRESS = [
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def _boot_id() -> str:
    return Path("/proc/sys/kernel/random/boot_id").read_text().strip()


def _start_ticks(pid: int) -> str | None:
    """The process's start time since boot (field 22 of /proc/<pid>/stat); None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its end.
    return stat[stat.rindex(")") + 2 :].split()[19]


def this_worker() -> str:
    """The identity of the current process, as recorded in `WORKER_TAG`."""
    pid = os.getpid()
    return f"{_boot_id()}:{pid}:{_start_ticks(pid)}"


def worker_is_alive(worker: str) -> bool:
    """Whether the process recorded in `WORKER_TAG` still exists."""
    boot_id, pid, ticks = worker.split(":")
    # The embedded instance (SQLite in DAGSTER_HOME) lives on one host: a process of an
    # earlier boot is gone.
    return boot_id == _boot_id() and _start_ticks(int(pid)) == ticks


def record_worker(instance: dg.DagsterInstance, run_id: str) -> None:
    instance.add_run_tags(run_id, {WORKER_TAG: this_worker()})


def fail_dead_runs(
    instance: dg.DagsterInstance, log: Callable[[str], object] = print
) -> list[str]:
    """Mark in-progress runs whose worker process is gone as failed; return their ids."""
    failed = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS)):
        worker = run.tags.get(WORKER_TAG)
        if worker is None or worker_is_alive(worker):
            continue
        message = (
            f"The process of this run ({worker.split(':')[1]}) ended without recording it "
            "(killed?): marked failed so that the queue moves on. Its work was never "
            "published; run it again."
        )
        instance.report_run_failed(run, message)
        log(f"run {run.run_id} ({run.job_name}): {message}")
        failed.append(run.run_id)
    return failed
