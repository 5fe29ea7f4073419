"""Asset checks beyond dbt's tests: accounting, contracts, losses, freshness, reviews.

They read the build file, before it is published: a failing blocking check keeps the
last published warehouse in place and the report unwritten. The checks of the marts'
figures (roll-ups, plausibility, completeness) are dbt tests (dbt/tests/generic/), with
their limits and severities in dbt_project.yml.
"""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from dagster_project.catalog import thresholds
from dagster_project.catalog.tables import (
    RECEIVED_ROWS,
    RECEIVED_ROWS_PARTS,
    rows_accounted_for_sql,
    rows_accounted_for_text,
)
from dagster_project.orchestration.metadata import markdown_table
from dagster_project.orchestration.resources import PipelinePaths, QualityThresholds
from dagster_project.publish.losses import describe, find_losses
from dagster_project.publish.warehouse import connect

HALFYEAR = dg.AssetKey(["marts", "halfyear_vs_plan"])
MARTS = [
    HALFYEAR,
    dg.AssetKey(["marts", "submission_status"]),
    dg.AssetKey(["marts", "revisions"]),
    dg.AssetKey(["marts", "active_units"]),
]


def _query(paths: PipelinePaths, sql: str, params=None) -> tuple[list[str], list[tuple]]:
    with connect(paths.settings.build_db, read_only=True) as con:
        result = con.execute(sql, params or [])
        names = [d[0] for d in result.description]
        return names, result.fetchall()


def _result(
    passed: bool, names, rows, severity=dg.AssetCheckSeverity.ERROR, **metadata
) -> dg.AssetCheckResult:
    shown = {"failures": dg.MetadataValue.md(markdown_table(names, rows[:20]))} if rows else {}
    return dg.AssetCheckResult(
        passed=passed,
        severity=severity,
        metadata={"n_failures": len(rows), **shown, **metadata},
    )


@dg.asset_check(
    asset=dg.AssetKey(["raw", "file_manifest"]),
    blocking=True,
    description=f"Every file's rows are accounted for: {rows_accounted_for_text()}.",
)
def rows_accounted_for(paths: PipelinePaths) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        f"""
        select file_path, {RECEIVED_ROWS}, {", ".join(RECEIVED_ROWS_PARTS)}
        from raw.file_manifest
        where not ({rows_accounted_for_sql()})
        """,
    )
    return _result(not rows, names, rows)


@dg.asset_check(
    asset=dg.AssetKey(["raw", "submission_values"]),
    description=(
        "The Pandera contracts of the submissions: rows that failed them are quarantined in "
        "quality.rejected_rows (not loaded). Warns while any are there."
    ),
)
def submission_contracts(paths: PipelinePaths) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        """
        select check_name, count(*) as failures, count(distinct file_path) as files,
               any_value(message) as example
        from raw.rejected_rows
        where starts_with(file_path, 'submissions/')
        group by check_name
        order by failures desc
        """,
    )
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected_rows": sum(r[1] for r in rows),
            "by_check": dg.MetadataValue.md(markdown_table(names, rows)),
        },
    )


@dg.asset_check(
    asset=dg.AssetKey(["raw", "indicators"]),
    description="The Pandera contracts of the reference files; failing rows are quarantined.",
)
def reference_contracts(paths: PipelinePaths) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        """
        select file_path, check_name, count(*) as failures
        from raw.rejected_rows
        where starts_with(file_path, 'reference/')
        group by all
        order by all
        """,
    )
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"by_check": dg.MetadataValue.md(markdown_table(names, rows))},
    )


@dg.asset_check(
    asset=HALFYEAR,
    blocking=True,
    description=(
        "Nothing good is lost against the published warehouse: no collapse of accepted rows "
        "or of the catalogue, registry or plans, no province and no figure that vanished. "
        "Stops publication and says what collapsed and why."
    ),
)
def nothing_lost_against_published(
    paths: PipelinePaths, thresholds: QualityThresholds
) -> dg.AssetCheckResult:
    settings = paths.settings
    with connect(settings.build_db, read_only=True, also_readable=(settings.warehouse,)) as con:
        losses = find_losses(con, settings.warehouse, thresholds.max_drop_pct)
    accepted = thresholds.accept_losses and bool(losses)
    summary = describe(losses)
    if accepted:
        summary = "accepted for this run (ICT_ACCEPT_LOSSES=1):\n" + summary
    elif losses:
        summary += (
            "\nThe last published warehouse and reports were kept. Fix the input, or "
            "publish a deliberate removal with ICT_ACCEPT_LOSSES=1 for one run."
        )
    return dg.AssetCheckResult(
        passed=not losses or accepted,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "n_losses": len(losses),
            "max_drop_pct": thresholds.max_drop_pct,
            **({"summary": dg.MetadataValue.md(summary)} if losses else {}),
        },
    )


# An asset check, visible beside the others (FreshnessPolicy would only show a badge).
marts_freshness = dg.build_last_update_freshness_checks(
    assets=MARTS, lower_bound_delta=timedelta(days=thresholds.MARTS_FRESHNESS_DAYS)
)

_SCALE_JUMP = thresholds.dbt_var("value_scale_jump_factor")


@dg.asset_check(
    asset=HALFYEAR,
    description=(
        "Values held for review (quality.open_review_flags: a value "
        f"{_SCALE_JUMP}x or 1/{_SCALE_JUMP} of the unit's median, a revision changing a "
        f"value by more than {thresholds.dbt_var('revision_jump_pct')}%, a failed high rule) "
        "that no reviewer has accepted, counted per province x period; their reports are "
        "drafts (DỰ THẢO) until the unit corrects them or a review in "
        "reference/reviews.csv decides."
    ),
)
def open_reviews(paths: PipelinePaths) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        """
        select f.province_code, p.year, p.period, count(*) as open_flags,
               string_agg(distinct f.check_name, ', ' order by f.check_name) as why
        from quality.open_review_flags as f
        inner join intermediate.int_reporting_periods as p
            on f.month_start between p.period_start and p.period_end
        group by all
        order by f.province_code, p.year, p.period
        """,
    )
    return _result(not rows, names, rows, severity=dg.AssetCheckSeverity.WARN)


ASSET_CHECKS = [
    rows_accounted_for,
    submission_contracts,
    reference_contracts,
    nothing_lost_against_published,
    open_reviews,
]
