"""Service mode end to end: Dagster's instance in a real PostgreSQL, the real daemon as a
process of its own, and runs that go through the queued run coordinator.

The daemon's `new_submission_files` sensor sees the sample folder with nothing loaded and
queues one run of the whole graph; the daemon launches it. Then two runs tagged with the
same province are queued at once: the per-province limit (dagster_service.yaml) lets the
second start only after the first has ended, as the run records in PostgreSQL show.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import psycopg2
import pytest

from dagster_project.common.settings import ServiceSettings
from dagster_project.publish.warehouse import connect
from dagster_project.service import control, postgres, processes
from tests.conftest import SAMPLE_RAW

pytestmark = pytest.mark.slow

RUN_WAIT_SECONDS = 1800  # a guard only: a run of the sample takes 1-5 minutes here
PROVINCE_TAG = "ict/province"


@pytest.fixture(scope="module")
def service(postgres_server, tmp_path_factory, monkeypatch_module):
    """The daemon on a service-mode instance; the environment its runs see."""
    out = tmp_path_factory.mktemp("service")
    settings = ServiceSettings(
        service_dir=out / "service",
        pg_host=postgres_server.host,
        pg_port=postgres_server.port,
        pg_user=postgres_server.user,
        dagster_db="dagster",
        web_port=postgres.free_port(),
    )
    postgres.create_database(postgres_server, settings.dagster_db)
    control.write_instance_config(settings.dagster_home)
    env = {
        **settings.environment(),
        "ICT_RAW_DIR": str(SAMPLE_RAW),
        "ICT_WAREHOUSE": str(out / "data" / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
    }
    for name, value in env.items():
        monkeypatch_module.setenv(name, value)
    daemon = settings.run_dir / "daemon.pid"
    processes.start_detached(
        "daemon", control.dagster_commands(settings)["daemon"], settings.run_dir,
        control.process_environment(settings), cwd=control.ROOT,
    )
    try:
        with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
            yield settings, instance, Path(env["ICT_WAREHOUSE"])
    finally:
        processes.stop(daemon)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def wait_for_runs(instance: dg.DagsterInstance, count: int, **filters) -> list[dg.DagsterRun]:
    """The first `count` runs matching `filters`, once all of them have ended."""
    deadline = time.monotonic() + RUN_WAIT_SECONDS
    while True:
        runs = instance.get_runs(filters=dg.RunsFilter(**filters))
        if len(runs) >= count and all(run.is_finished for run in runs):
            return runs
        if time.monotonic() > deadline:
            states = [(run.run_id, run.status.value) for run in runs]
            pytest.fail(f"runs not finished after {RUN_WAIT_SECONDS} s: {states}")
        time.sleep(1)


def recorded_in_postgres(settings: ServiceSettings, run_ids: list[str]) -> dict[str, str]:
    """Status of each run as Dagster's `runs` table in PostgreSQL holds it."""
    url = f"postgresql://{settings.pg_user}@{settings.pg_host}:{settings.pg_port}/{settings.dagster_db}"
    with psycopg2.connect(url) as con, con.cursor() as cur:
        cur.execute("select run_id, status from runs where run_id = any(%s)", [run_ids])
        return dict(cur.fetchall())


def launch(settings: ServiceSettings, job: str, tags: dict[str, str]) -> None:
    """Submit a run the way an operator does (`dagster job launch`): into the queue."""
    subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "job", "launch",
         "-w", str(control.WORKSPACE), "-j", job, "--tags", json.dumps(tags)],
        cwd=control.ROOT, env=control.process_environment(settings), check=True,
        capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def initial_load(service):
    _, instance, _ = service
    (run,) = wait_for_runs(instance, 1, tags={"dagster/sensor_name": "new_submission_files"})
    return run


def test_the_sensor_run_went_through_the_daemon_into_postgres(service, initial_load):
    settings, instance, _ = service
    assert initial_load.job_name == "full_pipeline"
    assert initial_load.status == dg.DagsterRunStatus.SUCCESS
    assert recorded_in_postgres(settings, [initial_load.run_id]) == {
        initial_load.run_id: "SUCCESS"
    }
    # It was queued by the coordinator and launched by the daemon, not run in process.
    events = {
        record.event_log_entry.dagster_event.event_type_value
        for record in instance.get_records_for_run(initial_load.run_id).records
        if record.event_log_entry.dagster_event is not None
    }
    assert {"PIPELINE_ENQUEUED", "PIPELINE_STARTING", "PIPELINE_SUCCESS"} <= events


def test_the_marts_have_the_sample_figures(service, initial_load):
    _, _, warehouse = service
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            """
            select indicator_code, actual_value::double, plan_value::double,
                   round(pct_of_plan, 1)
            from marts.halfyear_vs_plan
            where province_code = '26' and year = 2023 and period = 'H1'
              and indicator_code in ('BCVT_REVENUE', 'IT_REVENUE', 'PRINTING_REVENUE')
            order by 1
            """
        ).fetchall()
    assert rows == [
        ("BCVT_REVENUE", 1500.0, 2900.0, 51.7),
        ("IT_REVENUE", 94.6, 210.0, 45.0),
        ("PRINTING_REVENUE", 375.3, 750.0, 50.0),
    ]


def test_one_run_per_province_at_a_time(service, initial_load):
    settings, instance, _ = service
    for _ in range(2):
        launch(settings, "refresh_marts", {PROVINCE_TAG: "26"})
    first, second = sorted(
        wait_for_runs(instance, 2, tags={PROVINCE_TAG: "26"}), key=lambda run: run.run_id
    )
    records = {
        record.dagster_run.run_id: record
        for record in instance.get_run_records(dg.RunsFilter(tags={PROVINCE_TAG: "26"}))
    }
    assert [records[r.run_id].dagster_run.status for r in (first, second)] == [
        dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.SUCCESS
    ]
    earlier, later = sorted(records.values(), key=lambda record: record.start_time)
    assert later.start_time >= earlier.end_time
