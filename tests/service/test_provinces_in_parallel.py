"""Provinces in parallel under the service's daemon, and what a killed run leaves.

A small national shape from the bench generator (3 provinces × 4 units × 2 months,
seeded) is run two ways: `make run`'s single embedded run of everything, and through
the daemon as one run per province (the sensor's initial load of province 01, then one
queued run each for 02 and 03 when their files arrive, two at a time). Every mart table
of the two published warehouses is the same (`EXCEPT ALL` both ways: 0 rows).

Then a late file arrives in two provinces; one province's run is killed with SIGKILL
while it holds the warehouse (its rows read, nothing published by it), and the other
province's run goes on and publishes. The dead run is marked failed by the `dead_runs`
sensor, its re-run succeeds, and a second run of the same province queued beside it
waits for it to end (the `ict/province` limit), as the run records say.
"""

from __future__ import annotations

import os
import shutil
import signal

import dagster as dg
import pytest

from bench.generate import national
from dagster_project.orchestration.run_workers import WORKER_TAG
from dagster_project.publish.warehouse import connect
from dagster_project.report.editions import CHANGES_TABLE
from tests.service.daemon import (
    embedded_run,
    event_types,
    finished_runs,
    launch,
    running_service,
    wait_until,
)

pytestmark = pytest.mark.slow

PROVINCE_TAG = "ict/province"
SENSOR_TAG = "dagster/sensor_name"
# A March figure (the generated folders hold January and February), within the
# generated range (0.5-3.5), so that it adds exactly its value to the half-year.
LATE = (
    "unit_code,period,indicator_code,value,status,submitted_at\n"
    "{unit},2023-03,REVENUE_002,{value},actual,2023-04-05 09:00\n"
)
LATE_VALUES = {"02": 2.25, "03": 3.25}


@pytest.fixture(scope="module")
def national_raw(tmp_path_factory):
    return national(tmp_path_factory.mktemp("national") / "raw", provinces=3, units=4, months=2)


@pytest.fixture(scope="module")
def embedded_warehouse(national_raw, tmp_path_factory):
    return embedded_run(national_raw, tmp_path_factory.mktemp("embedded"))


@pytest.fixture(scope="module")
def service(postgres_server, national_raw, tmp_path_factory):
    """The daemon on a raw folder holding province 01 only; reference data for all."""
    out = tmp_path_factory.mktemp("provinces")
    raw = out / "raw"
    shutil.copytree(national_raw / "reference", raw / "reference")
    shutil.copytree(national_raw / "submissions/01", raw / "submissions/01")
    with running_service(postgres_server, out, raw, "dagster_provinces") as service:
        yield service


def mart_tables(warehouse) -> list[str]:
    """The marts of the figures. Not the edition history (`report/editions.py`): it says
    how often reports were published (every province run publishes), not what they say."""
    with connect(warehouse, read_only=True) as con:
        return [
            name for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_name <> ? order by 1",
                [CHANGES_TABLE[1]],
            ).fetchall()
        ]


def differing_rows(ours, theirs) -> dict[str, int]:
    """Per mart table: rows of one warehouse missing from the other, both ways."""
    with connect(ours, read_only=True, also_readable=(theirs,)) as con:
        con.execute(f"attach '{theirs}' as theirs (read_only)")
        return {
            table: con.execute(
                f"""
                select (select count(*) from (from marts.{table} except all
                                              from theirs.marts.{table}))
                     + (select count(*) from (from theirs.marts.{table} except all
                                              from marts.{table}))
                """
            ).fetchone()[0]
            for table in mart_tables(ours)
        }


def province_total(warehouse, province: str) -> float:
    with connect(warehouse, read_only=True) as con:
        return con.execute(
            """
            select sum(actual_value)::double from marts.halfyear_vs_plan
            where province_code = ? and year = 2023 and period = 'H1'
              and indicator_code = 'REVENUE_002'
            """,
            [province],
        ).fetchone()[0]


@pytest.fixture(scope="module")
def province_runs(service, national_raw):
    """The initial load (province 01), then 02 and 03 arriving together."""
    (initial,) = finished_runs(service, 1, tags={SENSOR_TAG: "new_submission_files"})
    raw = service.env["ICT_RAW_DIR"]
    for province in ("02", "03"):
        # Whole folders at once (a hidden one renamed), so no tick sees half a province.
        hidden = f"{raw}/submissions/.{province}"
        shutil.copytree(national_raw / f"submissions/{province}", hidden)
        os.rename(hidden, f"{raw}/submissions/{province}")
    runs = finished_runs(service, 3, tags={SENSOR_TAG: "new_submission_files"})
    return initial, runs[1:]


def test_one_run_per_province_through_the_queue(service, province_runs):
    initial, later = province_runs
    assert (initial.job_name, initial.tags[PROVINCE_TAG]) == ("full_pipeline", "01")
    assert sorted(run.tags[PROVINCE_TAG] for run in later) == ["02", "03"]
    assert {run.job_name for run in later} == {"process_submission_files"}
    assert sorted(run.tags["ict/folders"] for run in later) == [
        "submissions/02/2023/01 submissions/02/2023/02",
        "submissions/03/2023/01 submissions/03/2023/02",
    ]
    for run in (initial, *later):
        assert run.status == dg.DagsterRunStatus.SUCCESS
        assert "PIPELINE_ENQUEUED" in event_types(service.instance, run.run_id)


def test_the_marts_are_those_of_the_single_embedded_run(
    service, province_runs, embedded_warehouse
):
    tables = mart_tables(embedded_warehouse)
    assert tables == ["active_units", "halfyear_vs_plan", "revisions", "submission_status"]
    assert mart_tables(service.warehouse) == tables
    assert differing_rows(service.warehouse, embedded_warehouse) == dict.fromkeys(tables, 0)
    with connect(service.warehouse, read_only=True) as con:
        rows = con.execute("select count(*) from marts.halfyear_vs_plan").fetchone()[0]
        provinces = con.execute(
            "select count(distinct province_code) from marts.halfyear_vs_plan"
        ).fetchone()[0]
    assert (provinces, rows) == (3, 27)  # 3 indicators × H1, H2, FY per province


def _holding_the_warehouse(service, runs: list[dg.DagsterRun]):
    """The run among `runs` that has loaded its rows (so it holds the warehouse's lock)
    and not yet ended, once there is one."""
    for run in runs:
        current = service.instance.get_run_by_id(run.run_id)
        if current.is_finished:
            continue
        if "ASSET_MATERIALIZATION" in event_types(service.instance, run.run_id):
            return current
    return None


@pytest.fixture(scope="module")
def killed_round(service, province_runs):
    """Late files in 02 and 03; the run that first holds the warehouse is killed."""
    before = {p: province_total(service.warehouse, p) for p in LATE_VALUES}
    raw = service.env["ICT_RAW_DIR"]
    for province, value in LATE_VALUES.items():
        unit = f"P{province}U001"
        folder = f"{raw}/submissions/{province}/2023/03"
        os.makedirs(folder)
        with open(f"{folder}/.late", "w", encoding="utf-8") as late:
            late.write(LATE.format(unit=unit, value=value))
        os.rename(f"{folder}/.late", f"{folder}/{unit}_2023-03_late.csv")
    sensor = {SENSOR_TAG: "new_submission_files"}

    def two_new_runs():
        runs = service.instance.get_runs(filters=dg.RunsFilter(tags=sensor))
        return len(runs) >= 5 and runs[:2]

    new = wait_until("two runs for the late files", two_new_runs)
    victim = wait_until("a run holding the warehouse", lambda: _holding_the_warehouse(service, new))
    worker_pid = int(victim.tags[WORKER_TAG].split(":")[1])
    os.kill(worker_pid, signal.SIGKILL)
    survivor = next(run for run in new if run.run_id != victim.run_id)
    finished_runs(service, 5, tags=sensor)
    return before, victim, survivor


def test_the_other_province_finishes_and_the_killed_run_is_marked_failed(service, killed_round):
    before, victim, survivor = killed_round
    statuses = {
        run.tags[PROVINCE_TAG]: service.instance.get_run_by_id(run.run_id).status
        for run in (victim, survivor)
    }
    assert statuses == {
        victim.tags[PROVINCE_TAG]: dg.DagsterRunStatus.FAILURE,
        survivor.tags[PROVINCE_TAG]: dg.DagsterRunStatus.SUCCESS,
    }
    # The survivor published its province's late figure.
    province = survivor.tags[PROVINCE_TAG]
    after = province_total(service.warehouse, province)
    assert after == pytest.approx(before[province] + LATE_VALUES[province])


def test_the_killed_province_re_runs_clean_and_a_second_run_of_it_waits(
    service, killed_round
):
    before, victim, _ = killed_round
    province = victim.tags[PROVINCE_TAG]
    tags = {PROVINCE_TAG: province, "ict/rerun_of": victim.run_id}
    for _ in range(2):  # the re-run, and a second run of the same province beside it
        launch(service, victim.job_name, tags, victim.run_config)
    reruns = finished_runs(service, 2, tags={"ict/rerun_of": victim.run_id})
    records = sorted(
        service.instance.get_run_records(dg.RunsFilter(tags={"ict/rerun_of": victim.run_id})),
        key=lambda record: record.start_time,
    )
    assert [r.status for r in reruns] == [dg.DagsterRunStatus.SUCCESS] * 2
    earlier, later = records
    assert later.start_time >= earlier.end_time  # the second waited for the first
    after = province_total(service.warehouse, province)
    assert after == pytest.approx(before[province] + LATE_VALUES[province])
    with connect(service.warehouse, read_only=True) as con:
        late_files = con.execute(
            "select count(*) from quality.file_manifest where file_path like '%_late.csv'"
        ).fetchone()[0]
    assert late_files == 2
