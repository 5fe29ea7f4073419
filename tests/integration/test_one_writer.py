"""One writer, readers never blocked, and a failing blocking check publishes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from dagster_project.orchestration.failures import failure_lines
from dagster_project.orchestration.resources import PipelinePaths, QualityThresholds
from dagster_project.orchestration.sensors import FAILURE_LOG, report_run_failures
from dagster_project.publish.locking import exclusive_lock
from dagster_project.publish.warehouse import connect
from tests.integration.pipeline import run_pipeline, settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
WAITING = "another run is writing the warehouse"


def _env(settings, dagster_home: Path) -> dict[str, str]:
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text((ROOT / "dagster_home.yaml").read_text())
    return {
        **os.environ,
        "ICT_RAW_DIR": str(settings.raw_dir),
        "ICT_WAREHOUSE": str(settings.warehouse),
        "ICT_REPORTS_DIR": str(settings.reports_dir),
        "DAGSTER_HOME": str(dagster_home),
    }


def _total_sales(warehouse: Path) -> float:
    with connect(warehouse, read_only=True) as con:
        (value,) = con.execute(
            """
            select actual_value::double from marts.halfyear_vs_plan
            where province_code = 'HN' and year = 2031 and period = 'H1'
              and indicator_code = 'TOTAL_SALES'
            """
        ).fetchone()
    return value


def _add_march_sales(raw: Path) -> None:
    (raw / "submissions/2031/03/s1.csv").parent.mkdir(parents=True, exist_ok=True)
    (raw / "submissions/2031/03/s1.csv").write_text(
        "unit_code,period,indicator_code,value,submitted_at\nS1,2031-03,SALES,100,2031-04-02\n",
        encoding="utf-8",
    )


def _read_lines(process: subprocess.Popen, lines: list[str], waiting: threading.Event) -> None:
    for line in process.stdout:
        lines.append(line)
        if WAITING in line:
            waiting.set()


def test_two_runs_started_at_once_on_a_fresh_instance_wait_and_both_succeed(tmp_path):
    """Two `make run`s on a new DAGSTER_HOME: neither crashes creating the instance, and
    the second writer waits for the first. The test holds the writer lock itself until
    both runs say they are waiting, so the outcome does not depend on timing."""
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    settings = settings_for(raw, tmp_path / "out")
    env = _env(settings, tmp_path / "dagster_home")
    command = [sys.executable, "-m", "dagster_project.cli", "run"]
    lock = settings.warehouse.with_name(f"{settings.warehouse.name}.lock")
    with exclusive_lock(lock, timeout_seconds=0):
        runs = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
            for _ in range(2)
        ]  # fmt: skip
        outputs: list[list[str]] = [[], []]
        waiting = [threading.Event(), threading.Event()]
        readers = [
            threading.Thread(target=_read_lines, args=(run, out, flag), daemon=True)
            for run, out, flag in zip(runs, outputs, waiting, strict=True)
        ]
        for reader in readers:
            reader.start()
        for flag, run, out in zip(waiting, runs, outputs, strict=True):
            # Until the run says it waits, or ends: no deadline (pytest's timeout guards
            # a hang), since a loaded machine may take minutes to get there.
            while not flag.wait(timeout=1) and run.poll() is None:
                pass
            assert flag.is_set() and run.poll() is None, "".join(out)[-3000:]
    codes = [run.wait() for run in runs]
    for reader in readers:
        reader.join()  # the whole output, to the end
    assert codes == [0, 0], "".join(outputs[0])[-3000:] + "".join(outputs[1])[-3000:]
    # Serialized: every step of one run ended before any step of the other began.
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
        spans = sorted(
            (min(s.start_time for s in stats), max(s.end_time for s in stats))
            for stats in (instance.get_run_step_stats(r.run_id) for r in instance.get_runs())
        )
    assert len(spans) == 2 and spans[0][1] <= spans[1][0], spans
    assert _total_sales(settings.warehouse) == pytest.approx(450.5)


READER = textwrap.dedent(
    """
    import json, sys, time, duckdb
    warehouse, go, out = sys.argv[1:4]
    query = '''select actual_value::double from marts.halfyear_vs_plan
               where province_code = 'HN' and year = 2031 and period = 'H1'
                 and indicator_code = 'TOTAL_SALES' '''
    con = duckdb.connect(warehouse, read_only=True)
    seen = [con.execute(query).fetchone()[0]]
    print("ready", flush=True)
    while True:  # keep reading through the whole run, on the same connection
        seen.append(con.execute(query).fetchone()[0])
        try:
            open(go).close()
            break
        except FileNotFoundError:
            time.sleep(0.2)
    con.close()
    fresh = duckdb.connect(warehouse, read_only=True)
    after = fresh.execute(query).fetchone()[0]
    json.dump({"during": sorted(set(seen)), "after": after}, open(out, "w"))
    """
)


def test_an_analyst_reading_through_a_run_sees_the_old_state_then_the_new(
    published_once, tmp_path, dagster_instance
):
    settings = _copy_of(published_once, tmp_path)
    raw = settings.raw_dir
    go, out = tmp_path / "go", tmp_path / "reader.json"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.warehouse), str(go), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "ready"
        _add_march_sales(raw)
        assert run_pipeline(settings, dagster_instance).success  # not blocked by the reader
        go.touch()
        assert reader.wait() == 0
    finally:
        reader.kill()
    seen = json.loads(out.read_text())
    assert seen == {"during": [450.5], "after": 550.5}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published_once(tmp_path_factory, dagster_instance) -> Path:
    """A folder with `raw/` and what one successful run of it wrote in `out/`."""
    folder = tmp_path_factory.mktemp("published_once")
    build_raw_folder(folder / "raw")
    assert run_pipeline(settings_for(folder / "raw", folder / "out"), dagster_instance).success
    return folder


def _copy_of(published_once: Path, tmp_path: Path):
    """The settings of a copy of `published_once` of a test's own (its runs change it),
    instead of that same first run once more in each test."""
    shutil.copytree(published_once / "raw", tmp_path / "raw")
    shutil.copytree(published_once / "out", tmp_path / "out")
    return settings_for(tmp_path / "raw", tmp_path / "out")


def test_a_failing_blocking_check_keeps_the_published_warehouse(
    published_once, tmp_path, dagster_instance
):
    settings = _copy_of(published_once, tmp_path)
    raw = settings.raw_dir
    published = _digest(settings.warehouse)
    report = settings.reports_dir / "HN_2031_H1.md"
    report_text = report.read_text(encoding="utf-8")

    _add_march_sales(raw)
    # 550.5 of a plan of 1000 is 55%: above a 50% bound, so the check must stop the run.
    strict = QualityThresholds(max_pct_of_plan=50)
    result = run_pipeline(settings, dagster_instance, thresholds=strict)

    assert not result.success
    failed_checks = [
        e.event_specific_data.check_name
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    assert "pct_of_plan_plausible" in failed_checks
    # What a person reads: the figure, and the submitted value most likely to be the slip.
    said = "\n".join(failure_lines(result.all_events))
    assert "BLOCKED by check pct_of_plan_plausible" in said
    assert "TOTAL_SALES HN 2031 H1: 550.5 is 55" in said
    assert "largest value 210.5 in submissions/2031/s1.csv row 3" in said
    assert _digest(settings.warehouse) == published
    assert _total_sales(settings.warehouse) == pytest.approx(450.5)
    assert report.read_text(encoding="utf-8") == report_text

    # The run-failure sensor writes what failed where an operator looks.
    run = dagster_instance.get_run_by_id(result.run_id)
    (failure,) = [
        entry.dagster_event
        for entry in dagster_instance.all_logs(
            result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE
        )
    ]
    context = dg.build_run_status_sensor_context(
        sensor_name="report_run_failures",
        dagster_instance=dagster_instance,
        dagster_run=run,
        dagster_event=failure,
        resources={"paths": PipelinePaths.from_settings(settings)},
    ).for_run_failure()
    report_run_failures(context)
    (line,) = (settings.reports_dir / FAILURE_LOG).read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["run_id"] == result.run_id
    assert record["failed_steps"], record
