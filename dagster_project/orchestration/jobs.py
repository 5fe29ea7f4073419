"""Jobs: the whole graph, what a new file feeds, and a refresh of the marts."""

import dagster as dg

from dagster_project.orchestration.assets import ingest

# Everything, file to report: `make run`, the half-year schedule, backfills.
full_pipeline = dg.define_asset_job("full_pipeline", selection=dg.AssetSelection.all())

# What a new or changed submission file feeds: its folder (run config), then all downstream.
process_submission_files = dg.define_asset_job(
    "process_submission_files",
    selection=dg.AssetSelection.assets(ingest.submission_tables).downstream(),
)

# The marts, the published warehouse and the reports, from what is already loaded
# (the monthly run: completeness and deadlines move with the calendar).
refresh_marts = dg.define_asset_job(
    "refresh_marts",
    selection=dg.AssetSelection.assets(ingest.submission_tables).downstream()
    - dg.AssetSelection.assets(ingest.submission_tables),
)
