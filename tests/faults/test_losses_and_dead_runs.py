"""What collapses against the published state (losses.py), on hand-made DuckDB files, and
runs whose process is gone (run_workers.py), on a real Dagster instance. Fast."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from dagster_project.orchestration.run_workers import WORKER_TAG, fail_dead_runs, this_worker
from dagster_project.publish.losses import describe, find_losses

MART_ROWS = [  # province, year, period, indicator, actual, pct_of_plan
    ("26", 2023, "H1", "BCVT_REVENUE", 1500.0, 51.7),
    ("26", 2023, "H1", "IT_REVENUE", 95.0, 45.2),
    ("17", 2023, "H1", "IT_REVENUE", 10.0, None),
]


def _warehouse(path, *, units=270, accepted=5343, rejected=0, marts=MART_ROWS, rejections=()):
    con = duckdb.connect(str(path))
    con.execute("create schema raw; create schema marts; create schema quality")
    for table, n in (("indicators", 21), ("reporting_units", units), ("plans", 7)):
        con.execute(f"create table raw.{table} as select range as id from range({n})")
    con.execute(
        "create table raw.file_manifest as select ? as received_rows, ? as accepted_rows",
        [accepted + rejected, accepted],
    )
    con.execute("create table quality.file_manifest as from raw.file_manifest")
    con.execute("create table raw.rejected_rows (file_path varchar, check_name varchar)")
    if rejections:
        con.executemany("insert into raw.rejected_rows values (?, ?)", list(rejections))
    con.execute(
        "create table marts.halfyear_vs_plan (province_code varchar, year int, period varchar,"
        " indicator_code varchar, actual_value decimal(38, 6), pct_of_plan double)"
    )
    if marts:
        con.executemany("insert into marts.halfyear_vs_plan values (?, ?, ?, ?, ?, ?)", marts)
    con.close()


def _losses(tmp_path, build_kwargs, max_drop_pct=50.0, published=True):
    _warehouse(tmp_path / "published.duckdb")
    _warehouse(tmp_path / "build.duckdb", **build_kwargs)
    with duckdb.connect(str(tmp_path / "build.duckdb"), read_only=True) as con:
        target = tmp_path / "published.duckdb" if published else None
        return find_losses(con, target, max_drop_pct)


def test_the_same_state_loses_nothing(tmp_path):
    assert _losses(tmp_path, {}) == []


def test_a_registry_with_its_header_only_is_a_loss_with_its_reason(tmp_path):
    rejections = [("submissions/a.csv", "unit_code_known")] * 5343
    losses = _losses(
        tmp_path,
        {"units": 0, "accepted": 0, "rejected": 5343, "rejections": rejections, "marts": []},
    )
    by_what = {loss.what: loss for loss in losses}
    assert by_what["accepted submission rows"].published == "5343"
    assert by_what["accepted submission rows"].now == "0"
    assert "unit_code_known ×5343" in by_what["accepted submission rows"].why
    registry = by_what["raw.reporting_units rows"]
    assert (registry.published, registry.now) == ("270", "0")
    assert {"province 26", "province 17"} <= set(by_what)
    assert "reporting_units rows: published 270, now 0" in describe(losses)


def test_all_rows_rejected_is_a_loss_even_with_nothing_published(tmp_path):
    losses = _losses(tmp_path, {"accepted": 0, "rejected": 10}, published=False)
    assert [loss.what for loss in losses] == ["accepted submission rows"]


@pytest.mark.parametrize(("units", "lost"), [(100, ["raw.reporting_units rows"]), (200, [])])
def test_a_drop_beyond_the_threshold_is_a_loss_and_within_it_is_not(tmp_path, units, lost):
    # 270 published: 100 is a drop of 63% (beyond 50%), 200 one of 26%.
    assert [loss.what for loss in _losses(tmp_path, {"units": units})] == lost


def test_a_figure_or_percent_of_plan_that_vanished_is_a_loss(tmp_path):
    marts = [
        ("26", 2023, "H1", "BCVT_REVENUE", 1500.0, None),  # its plan row was rejected
        ("17", 2023, "H1", "IT_REVENUE", 10.0, None),
    ]
    losses = _losses(tmp_path, {"marts": marts})
    assert [(loss.what, loss.published, loss.now) for loss in losses] == [
        ("26 2023 H1 BCVT_REVENUE % of plan", "51.7%", "none"),
        ("26 2023 H1 IT_REVENUE", "95", "none"),
    ]


def test_an_unreadable_published_file_holds_nothing_to_lose(tmp_path):
    _warehouse(tmp_path / "build.duckdb")
    (tmp_path / "published.duckdb").write_bytes(b"\xff" * 8192)
    with duckdb.connect(str(tmp_path / "build.duckdb"), read_only=True) as con:
        assert find_losses(con, tmp_path / "published.duckdb", 50.0) == []


@dg.op
def _noop():
    return None


@dg.job
def _a_job():
    _noop()


def _started_run(instance: dg.DagsterInstance, worker: str) -> str:
    run = instance.create_run_for_job(_a_job, tags={WORKER_TAG: worker})
    instance.handle_new_event(
        dg.EventLogEntry(
            error_info=None,
            level="DEBUG",
            user_message="",
            run_id=run.run_id,
            timestamp=0.0,
            dagster_event=dg.DagsterEvent(
                event_type_value=dg.DagsterEventType.RUN_START.value, job_name=_a_job.name
            ),
        )
    )
    return run.run_id


def _ended_worker() -> str:
    """The identity of a process that has ended by the time it is checked."""
    code = "from dagster_project.orchestration.run_workers import this_worker; print(this_worker())"
    ended = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ended.stdout.strip()


@pytest.mark.parametrize("alive", [True, False])
def test_a_run_whose_process_is_gone_is_marked_failed_and_a_live_one_is_not(alive):
    worker = this_worker() if alive else _ended_worker()
    with dg.instance_for_test() as instance:
        run_id = _started_run(instance, worker)
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED
        assert fail_dead_runs(instance, log=lambda _: None) == ([] if alive else [run_id])
        expected = dg.DagsterRunStatus.STARTED if alive else dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(run_id).status == expected


def test_the_daemon_sensor_marks_dead_runs_failed():
    from dagster_project.orchestration.sensors import dead_runs

    with dg.instance_for_test() as instance:
        run_id = _started_run(instance, _ended_worker())
        skip = dead_runs(dg.build_sensor_context(instance=instance))
        assert skip.skip_message == "1 dead runs marked failed"
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
