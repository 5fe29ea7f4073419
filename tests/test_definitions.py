"""The code location loads, and its lineage runs from the raw files to the report."""

from __future__ import annotations

import dagster as dg

from dagster_project.definitions import defs


def _upstream_closure(graph, key: dg.AssetKey) -> set[dg.AssetKey]:
    seen, todo = set(), [key]
    while todo:
        for parent in graph.get(todo.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_lineage_from_raw_files_to_report():
    graph = defs.resolve_asset_graph()
    upstream = _upstream_closure(graph, dg.AssetKey("halfyear_reports"))
    for key in (
        ["raw_files", "reference"],
        ["raw_files", "submissions"],
        ["raw", "submission_values"],
        ["staging", "stg_submission_values"],
        ["marts", "halfyear_vs_plan"],
        ["marts", "active_units"],
        ["published_warehouse"],
    ):
        assert dg.AssetKey(key) in upstream, key


def test_dbt_tests_are_asset_checks():
    graph = defs.resolve_asset_graph()
    checked = {check.asset_key for check in graph.asset_check_keys}
    assert dg.AssetKey(["marts", "halfyear_vs_plan"]) in checked
    assert dg.AssetKey(["quality", "file_manifest"]) in checked


def test_whole_graph_job_runs_in_one_process():
    job = defs.resolve_job_def("full_pipeline")
    assert job.executor_def.name == "in_process"


def test_schedules_launch_each_period_once(tmp_path):
    from datetime import datetime

    from dagster_project.common.settings import Settings
    from dagster_project.orchestration.resources import PipelinePaths
    from dagster_project.orchestration.schedules import build_schedules
    from tests.conftest import SAMPLE_RAW

    settings = Settings.from_paths(SAMPLE_RAW, tmp_path / "w.duckdb", tmp_path / "reports")
    halfyear_report, monthly_refresh = build_schedules(settings)
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2023, 7, 15, 6),
            resources={"paths": PipelinePaths.from_settings(settings)},
        )
        request = halfyear_report(context)
        assert request.run_key == "halfyear-2023-H1"
        # One run of every folder: no partitions to keep, no partition range in the tags.
        assert instance.get_dynamic_partitions("submission_folders") == []
        assert request.tags == {"ict/raw_dir": str(SAMPLE_RAW)}

        january = dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2024, 1, 15, 6),
            resources={"paths": PipelinePaths.from_settings(settings)},
        )
        assert halfyear_report(january).run_key == "halfyear-2023-H2"
        monthly = monthly_refresh(
            dg.build_schedule_context(
                instance=instance,
                scheduled_execution_time=datetime(2023, 8, 12, 6),
                resources={"paths": PipelinePaths.from_settings(settings)},
            )
        )
        assert monthly.run_key == "monthly-2023-08"
        assert monthly.tags == {"ict/raw_dir": str(SAMPLE_RAW)}


def test_sensors_and_schedules_are_registered():
    assert {s.name for s in defs.sensors} >= {
        "new_submission_files",
        "report_run_failures",
        "marts_freshness",
        "dead_runs",
    }
    assert {s.name for s in defs.schedules} == {"halfyear_report", "monthly_refresh"}
