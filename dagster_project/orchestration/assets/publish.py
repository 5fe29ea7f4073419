"""Publish the audited build file to ICT_WAREHOUSE, then write the reports from it.

Just before the copy, `marts.report_edition_changes` (which dbt builds empty) is filled
in the build file: what the reports about to be written will say changed since their
previous editions, over the history the kept archive holds (`report/editions.py`). The
report step then writes those very editions from the published copy (the same figures,
the same archive).
"""

from __future__ import annotations

import dagster as dg

from dagster_project.orchestration.assets.retries import retry_transient_errors
from dagster_project.orchestration.metadata import table_metadata
from dagster_project.orchestration.resources import PipelinePaths, WarehouseWriter
from dagster_project.publish.warehouse import connect, publish, table_row_counts
from dagster_project.report.editions import edition_history, write_edition_changes
from dagster_project.report.feedback import write_feedback
from dagster_project.report.phrases import phrases_for
from dagster_project.report.writer import report_editions, write_reports

MART_KEYS = [
    dg.AssetKey(["marts", name])
    for name in (
        "halfyear_vs_plan",
        "submission_status",
        "revisions",
        "active_units",
        "report_edition_changes",
    )
]
QUALITY_KEYS = [
    dg.AssetKey(["quality", name])
    for name in ("rejected_rows", "rejected_files", "file_manifest", "warnings")
]


@dg.asset(
    deps=[*MART_KEYS, *QUALITY_KEYS],
    group_name="publish",
    description=(
        "The DuckDB file analysts query (ICT_WAREHOUSE): the build file, its "
        "`marts.report_edition_changes` filled (what each report edition changed, against "
        "the kept archive), copied and swapped in atomically once every blocking check has "
        "passed."
    ),
)
def published_warehouse(paths: PipelinePaths, writer: WarehouseWriter) -> dg.MaterializeResult:
    settings = paths.settings
    # A province's own phrase book that cannot be used stops the run before anything is
    # published, naming its file, row and column (the reports would fail after it).
    phrases_for(settings.raw_dir)
    with retry_transient_errors():
        with connect(settings.build_db) as con:
            upcoming = report_editions(con, settings.reports_dir)
            write_edition_changes(con, edition_history(settings.reports_dir, upcoming))
        size = publish(settings.build_db, settings.warehouse)
    with connect(settings.warehouse, read_only=True) as con:
        counts = table_row_counts(con, ("marts", "quality"))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.warehouse)),
            "size_bytes": size,
            **{f"rows {name}": n for name, n in counts.items()},
        }
    )


@dg.asset(
    deps=[published_warehouse],
    group_name="publish",
    description=(
        "Vietnamese reports per province × year × period (Markdown, HTML, Word, .xlsx, "
        "chart) from the published marts, named `<province>_<year>_<period>`."
    ),
)
def halfyear_reports(paths: PipelinePaths) -> dg.MaterializeResult:
    settings = paths.settings
    with connect(settings.warehouse, read_only=True) as con:
        written = write_reports(
            con, settings.reports_dir, phrases=phrases_for(settings.raw_dir)
        )
        preview = table_metadata(con, "marts", "halfyear_vs_plan")["preview"]
    return dg.MaterializeResult(
        metadata={
            "reports_dir": dg.MetadataValue.path(str(settings.reports_dir)),
            "files": dg.MetadataValue.md("\n".join(f"- `{p.name}`" for p in written)),
            "n_files": len(written),
            "halfyear_vs_plan preview": preview,
        }
    )


@dg.asset(
    deps=[published_warehouse],
    group_name="publish",
    description=(
        "What the Department sends back: for each unit with rejected rows or warnings, a "
        "Vietnamese list of what to fix (file, row, column, value sent, what was expected), "
        "in `<reports>/feedback/`."
    ),
)
def submitter_feedback(paths: PipelinePaths) -> dg.MaterializeResult:
    settings = paths.settings
    with connect(settings.warehouse, read_only=True) as con:
        written = write_feedback(con, settings.reports_dir)
    return dg.MaterializeResult(
        metadata={
            "feedback_dir": dg.MetadataValue.path(str(settings.reports_dir / "feedback")),
            "units": dg.MetadataValue.md("\n".join(f"- `{p.name}`" for p in written) or "none"),
            "n_files": len(written),
        }
    )
