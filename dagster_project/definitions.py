"""Assembles the code location: assets, checks, resources, jobs, schedules, sensors."""

import dagster as dg

from dagster_project.common.settings import Settings
from dagster_project.orchestration import (
    checks,
    instance_sqlite,  # noqa: F401  (no fsync per Dagster event)
    jobs,
    schedules,
    sensors,
)
from dagster_project.orchestration.assets import ingest, publish, transform
from dagster_project.orchestration.resources import (
    PipelinePaths,
    QualityThresholds,
    WarehouseWriter,
)


def build_definitions(
    paths: PipelinePaths,
    thresholds: QualityThresholds | None = None,
    settings: Settings | None = None,
) -> dg.Definitions:
    """The whole code location on the given folders (tests build it on tmp_path); the
    crons, time zone and ICT_ACCEPT_LOSSES from `settings` (default: their defaults)."""
    settings = settings or paths.settings
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
        schedules=schedules.build_schedules(settings),
        sensors=[
            sensors.new_submission_files,
            sensors.report_run_failures,
            sensors.dead_runs,
            sensors.marts_freshness_sensor,
        ],
        resources={
            "paths": paths,
            "writer": WarehouseWriter(paths=paths),
            "thresholds": thresholds or QualityThresholds.from_settings(settings),
            "dbt": transform.dbt_resource(),
        },
        # One process: Dagster's multiprocess executor costs ~3 s per step here, and
        # the steps share one DuckDB file anyway.
        executor=dg.in_process_executor,
    )


# Read once, checked: a bad setting stops the code location from loading, naming it.
SETTINGS = Settings.from_env()
defs = build_definitions(PipelinePaths.from_settings(SETTINGS), settings=SETTINGS)
