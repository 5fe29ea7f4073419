"""`make bench`'s service-mode cases: what one province costs, and the nation run as one
run per province under the real daemon (PostgreSQL instance, queued, two at a time).

- `province`: one province of the national shape (60 units × 24 months, 1,440 files)
  run alone with `make run`'s command, then one late file into it as the sensor runs it:
  the per-province cost docs/DEPLOYING.md's arithmetic starts from.
- `service_national`: the national folder (at `--scale`) under `make service`'s daemon,
  fed the way provinces report: province 01 first (the sensor's initial load), then
  every other province's folder at once (one queued run each, tagged `ict/province`).
  The wall time from the first file to the last run's end; the marts are compared with
  the embedded single run of the same folder (`national` case, run first if absent):
  the note says how many rows differ (`EXCEPT ALL` both ways, every mart table).
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import dagster as dg
import duckdb

from bench.generate import national
from dagster_project.common.settings import ServiceSettings
from dagster_project.report.editions import CHANGES_TABLE
from dagster_project.service import control, postgres, processes

RUN_GUARD_SECONDS = 6 * 3600  # a guard against a stuck queue, far above any run


def province_rows(data: Path, scale: float, ours, new_file, row) -> list:
    """The `province` case: rows for the full run of one province and a late file."""
    units = max(1, round(60 * scale))
    raw = national(_fresh(data / "province"), 1, units, 24)
    out = _fresh(data / "out" / "province")
    note = f"1x{units}x24 files"
    rows = [row("province", ours(raw, out), None, note)]
    rows.append(row("province_new", new_file(raw, out), None, "sensor run, 1 province, 2 years"))
    return rows


def service_national_row(data: Path, raw: Path, embedded: Path, row, timing) -> object:
    """The `service_national` case on `raw` (the national folder); `embedded`: the
    published warehouse of the embedded single run of it."""
    out = _fresh(data / "out" / "service")
    fed = out / "raw"
    shutil.copytree(raw / "reference", fed / "reference")
    provinces = sorted(p.name for p in (raw / "submissions").iterdir())
    _reachable(out)
    server = postgres.start(out / "postgres", postgres.free_port())
    settings = ServiceSettings(
        service_dir=out / "service", pg_host=server.host, pg_port=server.port,
        pg_user=server.user, dagster_db="dagster", web_port=postgres.free_port(),
    )
    warehouse = out / "warehouse.duckdb"
    env = {
        **control.process_environment(settings),
        "ICT_RAW_DIR": str(fed),
        "ICT_WAREHOUSE": str(warehouse),
        "ICT_REPORTS_DIR": str(out / "reports"),
    }
    saved = {name: os.environ.get(name) for name in settings.environment()}
    os.environ.update(settings.environment())  # the instance config reads ICT_PG_*
    try:
        postgres.create_database(server, settings.dagster_db)
        control.write_instance_config(settings.dagster_home)
        started = time.perf_counter()
        _arrive(raw, fed, provinces[:1])
        processes.start_detached(
            "daemon", control.dagster_commands(settings)["daemon"], settings.run_dir, env,
            cwd=control.ROOT,
        )
        with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
            _wait_for_runs(instance, 1)
            _arrive(raw, fed, provinces[1:])
            runs = _wait_for_runs(instance, len(provinces))
        seconds = time.perf_counter() - started
    finally:
        processes.stop(settings.run_dir / "daemon.pid")
        postgres.stop(server.pid)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    failed = [r.run_id for r in runs if r.status != dg.DagsterRunStatus.SUCCESS]
    if failed:
        raise RuntimeError(f"service runs failed: {failed} (logs under {settings.run_dir})")
    differing = _differing_mart_rows(warehouse, embedded)
    note = f"{len(provinces)} province runs, 2 at a time; {differing} mart rows differ; no peak"
    return row("service_national", timing(seconds, 0.0), None, note)


def _arrive(raw: Path, fed: Path, provinces: list[str]) -> None:
    """Provinces' folders arriving whole (copied hidden, then renamed in)."""
    for province in provinces:
        hidden = fed / "submissions" / f".{province}"
        shutil.copytree(raw / "submissions" / province, hidden)
        hidden.rename(fed / "submissions" / province)


def _wait_for_runs(instance: dg.DagsterInstance, count: int) -> list[dg.DagsterRun]:
    """The sensor's first `count` runs once all have ended (polled every 2 s)."""
    deadline = time.monotonic() + RUN_GUARD_SECONDS
    sensor = dg.RunsFilter(tags={"dagster/sensor_name": "new_submission_files"})
    while True:
        runs = instance.get_runs(filters=sensor)
        if len(runs) >= count and all(run.is_finished for run in runs):
            return runs
        if time.monotonic() > deadline:
            raise RuntimeError(f"{count} runs not finished after {RUN_GUARD_SECONDS} s")
        time.sleep(2)


def _differing_mart_rows(ours: Path, theirs: Path) -> int:
    with duckdb.connect(str(ours), read_only=True) as con:
        con.execute(f"attach '{theirs}' as theirs (read_only)")
        tables = [
            name for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = current_database() and table_schema = 'marts'"
                # The edition history says how often reports were published, not
                # what they say: each province run publishes one.
                " and table_name <> ?",
                [CHANGES_TABLE[1]],
            ).fetchall()
        ]
        total = 0
        for t in tables:
            for a, b in ((f"marts.{t}", f"theirs.marts.{t}"), (f"theirs.marts.{t}", f"marts.{t}")):
                total += con.execute(
                    f"select count(*) from (from {a} except all from {b})"
                ).fetchone()[0]
        return total


def _reachable(folder: Path) -> None:
    """Let PostgreSQL's account (`ictpg`, when we are root) reach `folder`: the search
    bit for others on it and each parent lacking it, nothing made readable."""
    folder.mkdir(parents=True, exist_ok=True)
    for parent in [folder, *folder.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path
