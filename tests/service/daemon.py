"""A service-mode Dagster (instance in PostgreSQL, the real daemon as its own process)
on folders of a test's own, and waiting on what its run records say.

Waiting is on observable states only (a run's status, an event in its log), polled
once a second up to a guard far above any run here: nothing passes by timing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.common.settings import ServiceSettings
from dagster_project.service import control, postgres, processes

ROOT = Path(__file__).resolve().parents[2]
GUARD_SECONDS = 2400  # a guard only: a run of a small folder takes 1-5 minutes here


@dataclass(frozen=True)
class Service:
    settings: ServiceSettings
    instance: dg.DagsterInstance
    env: dict[str, str]  # what the daemon and its runs see

    @property
    def warehouse(self) -> Path:
        return Path(self.env["ICT_WAREHOUSE"])


@contextmanager
def running_service(
    server: postgres.Server, out: Path, raw: Path, database: str
) -> Iterator[Service]:
    """The daemon on a new Dagster database of `server`, reading `raw`, writing `out`."""
    settings = ServiceSettings(
        service_dir=out / "service", pg_host=server.host, pg_port=server.port,
        pg_user=server.user, dagster_db=database, web_port=postgres.free_port(),
    )
    postgres.create_database(server, database)
    control.write_instance_config(settings.dagster_home)
    env = {
        **control.process_environment(settings),
        "ICT_RAW_DIR": str(raw),
        "ICT_WAREHOUSE": str(out / "data" / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
    }
    processes.start_detached(
        "daemon", control.dagster_commands(settings)["daemon"], settings.run_dir, env,
        cwd=control.ROOT,
    )
    try:
        # The instance config reads where the server is from the environment (ICT_PG_*).
        with pytest.MonkeyPatch.context() as patch:
            for name, value in settings.environment().items():
                patch.setenv(name, value)
            with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
                yield Service(settings, instance, env)
    finally:
        processes.stop(settings.run_dir / "daemon.pid")


def wait_until(what: str, ready: Callable[[], object]) -> object:
    """`ready()` once it is truthy (polled every second, failing after the guard)."""
    deadline = time.monotonic() + GUARD_SECONDS
    while not (value := ready()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {GUARD_SECONDS} s")
        time.sleep(1)
    return value


def finished_runs(service: Service, count: int, **filters) -> list[dg.DagsterRun]:
    """The runs matching `filters` once there are `count` and all have ended (oldest first)."""

    def ended():
        runs = service.instance.get_runs(filters=dg.RunsFilter(**filters))
        return len(runs) >= count and all(r.is_finished for r in runs) and runs

    return list(reversed(wait_until(f"{count} runs {filters} ended", ended)))


def event_types(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [
        record.event_log_entry.dagster_event.event_type_value
        for record in instance.get_records_for_run(run_id, limit=100_000).records
        if record.event_log_entry.dagster_event is not None
    ]


def launch(service: Service, job: str, tags: dict[str, str], run_config: dict | None = None):
    """Submit a run the way an operator does (`dagster job launch`): into the queue."""
    args = [
        str(Path(sys.executable).parent / "dagster"), "job", "launch",
        "-w", str(control.WORKSPACE), "-j", job, "--tags", json.dumps(tags),
    ]
    if run_config:
        config = service.settings.run_dir / f"config-{time.monotonic_ns()}.json"
        config.write_text(json.dumps(run_config), encoding="utf-8")  # YAML reads JSON
        args += ["-c", str(config)]
    subprocess.run(
        args, cwd=control.ROOT, env=service.env, check=True, capture_output=True, text=True
    )


def embedded_run(raw: Path, out: Path) -> Path:
    """`make run`'s command on `raw` with an embedded instance of its own; the warehouse."""
    home = out / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster_home.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "ICT_MODE": "embedded",
        "ICT_RAW_DIR": str(raw),
        "ICT_WAREHOUSE": str(out / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
        "DAGSTER_HOME": str(home),
    }
    done = subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", "run"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out / "warehouse.duckdb"
