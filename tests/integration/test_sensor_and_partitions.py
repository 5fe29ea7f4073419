"""The sensor on raw/submissions and runs of some folders, on a real Dagster instance."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from dagster_project.orchestration.partitions import folders_run_config
from dagster_project.orchestration.resources import PipelinePaths
from dagster_project.orchestration.sensors import new_submission_files
from dagster_project.publish.warehouse import connect
from tests.integration.pipeline import definitions_for, run_pipeline, settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow


def _evaluate(settings, instance, cursor=None) -> tuple[dg.SensorResult, str]:
    """One sensor tick: what it asks for, and the cursor it leaves."""
    context = dg.build_sensor_context(
        instance=instance,
        cursor=cursor,
        sensor_name="new_submission_files",
        resources={"paths": PipelinePaths.from_settings(settings)},
    )
    return new_submission_files(context), context.cursor


def _folders(request: dg.RunRequest) -> list[str]:
    """The folders a run request re-reads (the run config of `submission_tables`)."""
    return request.run_config["ops"]["submission_tables"]["config"]["folders"]


def test_sensor_runs_what_new_files_feed_and_nothing_for_a_duplicate(tmp_path):
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    settings = settings_for(raw, tmp_path / "out")
    with dg.instance_for_test() as instance:
        # Nothing loaded yet, not even the reference data: one run of the whole graph.
        first, cursor = _evaluate(settings, instance)
        assert first.job_name == "full_pipeline"
        assert first.run_config == {}  # every folder: one run, no partitions
        assert first.tags == {"ict/raw_dir": str(raw)}
        assert instance.get_dynamic_partitions("submission_folders") == []

        assert _evaluate(settings, instance, cursor)[0].run_requests == []  # nothing new

        shutil.copy(raw / "submissions/2031/s1.csv", raw / "submissions/2031/s1_again.csv")
        (raw / "submissions/2031/02").mkdir()
        (raw / "submissions/2031/02/late.csv").write_text(
            "unit_code,period,indicator_code,value\nS2,2031-02,SERVICE_FEES,41\n",
            encoding="utf-8",
        )
        third, cursor = _evaluate(settings, instance, cursor)
        (late,) = third.run_requests  # the byte-identical copy launches nothing
        assert late.job_name == "process_submission_files"
        assert _folders(late) == ["submissions/2031/02"]
        assert late.tags["ict/folders"] == "submissions/2031/02"
        assert late.partition_key is None

        (raw / "submissions/2031/02/late.csv").write_text(
            "unit_code,period,indicator_code,value\nS2,2031-02,SERVICE_FEES,42\n",
            encoding="utf-8",
        )
        fourth, _ = _evaluate(settings, instance, cursor)
        (changed,) = fourth.run_requests
        assert _folders(changed) == ["submissions/2031/02"]
        assert changed.run_key != late.run_key  # a new version of the file, a new run

        (raw / "submissions/2031/02/late.csv").unlink()
        fifth, cursor = _evaluate(settings, instance, cursor)
        (removed,) = fifth.run_requests  # its folder is re-read, so its rows go
        assert _folders(removed) == ["submissions/2031/02"]
        assert removed.run_key == "submissions/2031/02/late.csv@gone"

        # Files changed in two folders in one tick: one run re-reading both.
        for folder, figure in (("2030", "7"), ("2031/01", "8")):
            (raw / f"submissions/{folder}/tick.csv").write_text(
                f"unit_code,period,indicator_code,value\nS2,2031-02,SERVICE_FEES,{figure}\n",
                encoding="utf-8",
            )
        sixth, _ = _evaluate(settings, instance, cursor)
        (both,) = sixth.run_requests
        assert _folders(both) == ["submissions/2030", "submissions/2031/01"]


def _rows_by_file(settings) -> dict[str, list[tuple]]:
    with connect(settings.build_db, read_only=True) as con:
        rows = con.execute(
            """
            select file_path, row_number, unit_code, indicator_code, value::double
            from raw.submission_values order by all
            """
        ).fetchall()
    by_file: dict[str, list[tuple]] = {}
    for path, *rest in rows:
        by_file.setdefault(path, []).append(tuple(rest))
    return by_file


def test_a_run_of_one_folder_changes_only_that_folder(tmp_path):
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    settings = settings_for(raw, tmp_path / "out")
    with dg.instance_for_test() as instance:
        assert run_pipeline(settings, instance).success
        before = _rows_by_file(settings)

        changed = "submissions/2031/others.csv"
        folder = "submissions/2031"
        path = raw / changed
        path.write_text(
            path.read_text().replace("S2,2031-01,SERVICE_FEES,40", "S2,2031-01,SERVICE_FEES,60")
        )
        job = definitions_for(settings).resolve_job_def("process_submission_files")
        result = job.execute_in_process(instance=instance, run_config=folders_run_config([folder]))
        assert result.success

        after = _rows_by_file(settings)
        assert {p: r for p, r in after.items() if p != changed} == {
            p: r for p, r in before.items() if p != changed
        }  # the other file of the folder was re-read to the same rows
        assert ("S2", "SERVICE_FEES", 60.0) in [r[1:] for r in after[changed]]
        (manifest,) = [
            e.step_materialization_data.materialization
            for e in result.all_events
            if e.is_step_materialization and e.asset_key == dg.AssetKey(["raw", "file_manifest"])
        ]
        assert manifest.partition is None  # one materialization, not one per folder
        with connect(settings.warehouse, read_only=True) as con:
            (total,) = con.execute(
                """
                select actual_value::double from marts.halfyear_vs_plan
                where province_code = 'HN' and year = 2031 and period = 'H1'
                  and indicator_code = 'TOTAL_SALES'
                """
            ).fetchone()
        assert total == pytest.approx(200 + 210.5 + 60)  # published with the new figure

        # A sensor starting on this warehouse (no cursor yet) finds nothing to do.
        ticked, _ = _evaluate(settings, instance)
        assert ticked.run_requests == []
