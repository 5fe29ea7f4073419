"""Asset checks beyond dbt's tests: accounting, contracts, roll-ups, bounds, completeness.

They read the build file, before it is published: a failing blocking check keeps the
last published warehouse in place and the report unwritten.
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
    description=(
        "A parent's value equals the sum of its children's, within a tolerance (default "
        f"{thresholds.PARENT_TOLERANCE_PCT:g}%). Warns: a unit may send only the total (it "
        "counts in the parent, not in any child), and a stock's children may end in "
        "different months."
    ),
)
def parts_sum_to_parent(
    paths: PipelinePaths, thresholds: QualityThresholds
) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        """
        with children as (
            select m.province_code, m.year, m.period, i.parent_code,
                   sum(m.actual_value)::double as children_sum
            from marts.halfyear_vs_plan as m
            inner join staging.stg_indicators as i on m.indicator_code = i.indicator_code
            where i.parent_code is not null and m.actual_value is not null
            group by all
        )
        select c.province_code, c.year, c.period, c.parent_code,
               p.actual_value::double as parent_value, c.children_sum
        from children as c
        inner join marts.halfyear_vs_plan as p
            on p.province_code = c.province_code and p.year = c.year
            and p.period = c.period and p.indicator_code = c.parent_code
        where abs(p.actual_value::double - c.children_sum)
              > greatest(abs(c.children_sum), 1e-9) * ? / 100
        """,
        [thresholds.parent_tolerance_pct],
    )
    return _result(
        not rows,
        names,
        rows,
        severity=dg.AssetCheckSeverity.WARN,
        tolerance_pct=thresholds.parent_tolerance_pct,
    )


def _implausible_line(row: tuple, limit: float) -> str:
    province, year, period, code, actual, plan, pct, path, line, value = row
    where = f"largest value {value:g} in {path} row {line}" if path else "no value found"
    return (
        f"{code} {province} {year} {period}: {actual:g} is {pct}% of the plan {plan:g} "
        f"(limit {limit:g}%); {where}"
    )


@dg.asset_check(
    asset=HALFYEAR,
    blocking=True,
    description=(
        "No province total lies beyond the plausible share of its plan (default "
        f"{thresholds.MAX_PCT_OF_PLAN:g}%): "
        "such a figure is almost surely a unit slip and must not be published unreviewed."
    ),
)
def pct_of_plan_plausible(
    paths: PipelinePaths, thresholds: QualityThresholds
) -> dg.AssetCheckResult:
    # Each implausible figure with the submitted value that weighs most in it: the likely
    # slip, with the file and row to look at.
    names, rows = _query(
        paths,
        """
        with implausible as (
            select province_code, year, period, period_start, period_end, indicator_code,
                   actual_value, plan_value, pct_of_plan
            from marts.halfyear_vs_plan
            where pct_of_plan > ?
        ),
        contributions as (
            select i.province_code, i.year, i.period, i.indicator_code,
                   v.file_path, v.row_number, v.value,
                   row_number() over (
                       partition by i.province_code, i.year, i.period, i.indicator_code
                       order by v.value desc, v.file_path, v.row_number
                   ) as rank
            from implausible as i
            inner join intermediate.int_indicator_descendants as d
                on i.indicator_code = d.ancestor_code
            inner join intermediate.int_submissions_versioned as v
                on d.descendant_code = v.indicator_code and v.is_current
                and v.month_start between i.period_start and i.period_end
            inner join staging.stg_reporting_units as u
                on v.unit_code = u.unit_code and u.province_code = i.province_code
        )
        select i.province_code, i.year, i.period, i.indicator_code,
               i.actual_value::double as actual, i.plan_value::double as plan,
               round(i.pct_of_plan, 1) as pct_of_plan,
               c.file_path as largest_value_file, c.row_number as largest_value_row,
               c.value::double as largest_value
        from implausible as i
        left join contributions as c
            on i.province_code = c.province_code and i.year = c.year
            and i.period = c.period and i.indicator_code = c.indicator_code and c.rank = 1
        order by i.pct_of_plan desc
        """,
        [thresholds.max_pct_of_plan],
    )
    summary = "\n".join(_implausible_line(row, thresholds.max_pct_of_plan) for row in rows)
    return _result(
        not rows,
        names,
        rows,
        max_pct_of_plan=thresholds.max_pct_of_plan,
        **({"summary": dg.MetadataValue.md(summary)} if rows else {}),
    )


@dg.asset_check(
    asset=HALFYEAR,
    description=(
        "Completeness per sector in each province's latest period: the share of the "
        "registry's expected units that reported. Warns below the threshold (default "
        f"{thresholds.MIN_COMPLETENESS_PCT:g}%)."
    ),
)
def completeness_by_sector(
    paths: PipelinePaths, thresholds: QualityThresholds
) -> dg.AssetCheckResult:
    names, rows = _query(
        paths,
        """
        with latest as (
            select province_code, max(period_end) as period_end
            from marts.halfyear_vs_plan
            where actual_value is not null and period <> 'FY'
            group by province_code
        )
        select m.province_code, m.year, m.period, m.sector_code,
               min(m.completeness_pct) as completeness_pct
        from marts.halfyear_vs_plan as m
        inner join latest as l
            on m.province_code = l.province_code and m.period_end = l.period_end
        where m.period <> 'FY' and m.units_expected > 0
        group by all
        order by all
        """,
    )
    short = [r for r in rows if r[-1] is not None and r[-1] < thresholds.min_completeness_pct]
    return dg.AssetCheckResult(
        passed=not short,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "by_sector": dg.MetadataValue.md(markdown_table(names, rows)),
            "min_completeness_pct": thresholds.min_completeness_pct,
        },
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
    parts_sum_to_parent,
    pct_of_plan_plausible,
    completeness_by_sector,
    nothing_lost_against_published,
    open_reviews,
]
