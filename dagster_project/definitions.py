"""Assembles the code location: assets, checks, resources, jobs, schedules, sensors."""

import dagster as dg

from dagster_project import (
    checks,
    instance_sqlite,  # noqa: F401  (no fsync per Dagster event)
    jobs,
    schedules,
    sensors,
)
from dagster_project.assets import ingest, publish, transform
from dagster_project.resources import PipelinePaths, QualityThresholds, WarehouseWriter


def build_definitions(
    paths: PipelinePaths, thresholds: QualityThresholds | None = None
) -> dg.Definitions:
    """The whole code location on the given folders (tests build it on tmp_path)."""
    return dg.Definitions(
        assets=[
            ingest.reference_files,
            ingest.submission_files,
            ingest.reference_tables,
            ingest.submission_tables,
            transform.warehouse_models,
            publish.published_warehouse,
            publish.halfyear_reports,
            publish.submitter_feedback,
        ],
        asset_checks=[*checks.ASSET_CHECKS, *checks.marts_freshness],
        jobs=[jobs.full_pipeline, jobs.process_submission_files, jobs.refresh_marts],
        schedules=[schedules.halfyear_report, schedules.monthly_refresh],
        sensors=[
            sensors.new_submission_files,
            sensors.report_run_failures,
            sensors.dead_runs,
            sensors.marts_freshness_sensor,
        ],
        resources={
            "paths": paths,
            "writer": WarehouseWriter(paths=paths),
            "thresholds": thresholds or QualityThresholds.from_env(),
            "dbt": transform.dbt_resource(),
        },
        # One process: Dagster's multiprocess executor costs ~3 s per step here, and
        # the steps share one DuckDB file anyway.
        executor=dg.in_process_executor,
    )


defs = build_definitions(PipelinePaths.from_env())
