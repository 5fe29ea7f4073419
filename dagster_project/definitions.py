"""Assembles the code location: assets, resources, jobs. Nothing else lives here."""

from __future__ import annotations

import dagster as dg

from dagster_project.assets import ingest, publish, transform
from dagster_project.resources import PipelinePaths

# Every asset of the pipeline, file to report. One process: Dagster's multiprocess
# executor costs ~3 s per step here and the steps share one DuckDB file anyway.
full_pipeline = dg.define_asset_job("full_pipeline", selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=[
        ingest.reference_files,
        ingest.submission_files,
        ingest.reference_tables,
        ingest.submission_tables,
        transform.warehouse_models,
        publish.published_warehouse,
        publish.halfyear_reports,
    ],
    jobs=[full_pipeline],
    resources={
        "paths": PipelinePaths.from_env(),
        "dbt": transform.dbt_resource(),
    },
    executor=dg.in_process_executor,
)
