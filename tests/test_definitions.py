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
