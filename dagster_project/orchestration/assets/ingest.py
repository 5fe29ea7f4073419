"""Ingest: reference files and submissions into the `raw` schema of the build file.

The assets are thin: reading, Pandera contracts and quarantine live in
`dagster_project.ingest`, which tests call directly.
"""

import dagster as dg

from dagster_project.ingest.load.loader import load_reference, load_submissions
from dagster_project.ingest.tables import table_exists
from dagster_project.orchestration import progress
from dagster_project.orchestration.assets.retries import retry_transient_errors
from dagster_project.orchestration.metadata import table_metadata
from dagster_project.orchestration.partitions import SubmissionSelection
from dagster_project.orchestration.resources import PipelinePaths, WarehouseWriter
from dagster_project.publish.warehouse import connect

# The optional ones (provinces, the calendar, rules, reviews) are empty tables when absent.
REFERENCE_TABLES = (
    "indicators",
    "reporting_units",
    "plans",
    "provinces",
    "reporting_calendar",
    "validation_rules",
    "reviews",
)
SUBMISSION_TABLES = (
    "file_manifest",
    "submission_values",
    "rejected_rows",
    "rejected_files",
    "row_warnings",
)

# The input folders themselves, so that lineage runs from the files to the report.
reference_files = dg.AssetSpec(
    key=["raw_files", "reference"],
    group_name="sources",
    description="CSV files under `raw/reference/`: indicator catalogue, registry, plans.",
)
submission_files = dg.AssetSpec(
    key=["raw_files", "submissions"],
    group_name="sources",
    description="Submission files (.csv, .xlsx) anywhere under `raw/submissions/`.",
)


def _table_outputs(con, tables) -> list[dg.MaterializeResult]:
    return [
        dg.MaterializeResult(asset_key=["raw", t], metadata=table_metadata(con, "raw", t))
        for t in tables
    ]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", t], deps=[reference_files], group_name="ingest")
        for t in REFERENCE_TABLES
    ],
    description="Reads and checks the reference files (Pandera contracts); bad rows quarantined.",
)
def reference_tables(
    context: dg.AssetExecutionContext, paths: PipelinePaths, writer: WarehouseWriter
):
    settings = paths.settings
    with retry_transient_errors(), connect(settings.build_db) as con:
        result = load_reference(settings.raw_dir, con, log=context.log.info)
        context.log.info(f"reference data: {result}")
        yield from _table_outputs(con, REFERENCE_TABLES)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", t],
            deps=[submission_files, *(dg.AssetKey(["raw", r]) for r in REFERENCE_TABLES)],
            group_name="ingest",
        )
        for t in SUBMISSION_TABLES
    ],
    description=(
        "Reads the submission files of every folder (or of the folders named in the run "
        "config: the sensor's runs), records their SHA-256, "
        "checks every row with the Pandera contracts and loads the accepted rows; rejected "
        "rows and unreadable files are quarantined with their reasons. Rows of other "
        "folders are left as they are."
    ),
)
def submission_tables(
    context: dg.AssetExecutionContext,
    config: SubmissionSelection,
    paths: PipelinePaths,
    writer: WarehouseWriter,
):
    settings = paths.settings
    folders = config.folders
    with retry_transient_errors(), connect(settings.build_db) as con:
        if not table_exists(con, "file_manifest"):
            # A new build file (the first run, or an unreadable one set aside): a run of
            # some folders must still end in the state of all of raw/.
            folders = None
            if not table_exists(con, "indicators"):
                load_reference(settings.raw_dir, con, log=context.log.info)
        result = load_submissions(
            settings.raw_dir, con, log=context.log.info, folders=folders, count=progress.count
        )
        context.log.info(f"submissions: {result}")
        yield from _table_outputs(con, SUBMISSION_TABLES)
