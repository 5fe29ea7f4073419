-- Plausibility warnings, one row per warning: rows are flagged, never rejected. The
-- Python ones (raw.row_warnings: text in a legacy encoding) get their unit, indicator
-- and month from the accepted row they point at (or the unit code sent on a rejected
-- row); the SQL ones come from int_values_checked_for_plausibility and
-- int_values_flagged_for_review. Severity: `review` (a likely error, held for a person's
-- decision before publication): value_scale_jump, revision_jump, a failed rule of
-- importance high; `warning` for everything else (parent differs from its parts, a unit
-- outside its active dates, text in a legacy encoding, a failed rule of lower
-- importance): worth a look, but the figure stands. `info` is reserved for findings that
-- need no action (none today).
with

row_warnings as (
    select * from {{ ref('stg_row_warnings') }}
),

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

rejected_rows as (
    select * from {{ ref('stg_rejected_rows') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

checked_values as (
    select * from {{ ref('int_values_checked_for_plausibility') }}
),

flagged_for_review as (
    select * from {{ ref('int_values_flagged_for_review') }}
),

rejected_units as (
    select
        file_path,
        row_number,
        min(unit_code) as unit_code
    from rejected_rows
    where unit_code is not null
    group by file_path, row_number
),

from_python as (
    select
        units.province_code,
        coalesce(submission_values.unit_code, rejected_units.unit_code) as unit_code,
        submission_values.indicator_code,
        submission_values.month_start as period,
        row_warnings.file_path,
        row_warnings.row_number,
        row_warnings.column_name,
        row_warnings.value,
        row_warnings.check_name,
        row_warnings.message,
        row_warnings.message_vi,
        cast(null as varchar) as rule_importance
    from row_warnings
    left join submission_values
        on
            row_warnings.file_path = submission_values.file_path
            and row_warnings.row_number = submission_values.row_number
    left join rejected_units
        on
            row_warnings.file_path = rejected_units.file_path
            and row_warnings.row_number = rejected_units.row_number
    left join units
        on coalesce(submission_values.unit_code, rejected_units.unit_code) = units.unit_code
),

from_sql as (
    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi,
        cast(null as varchar) as rule_importance
    from checked_values

    union all

    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi,
        importance as rule_importance
    from flagged_for_review
),

all_warnings as (
    select * from from_python
    union all
    select * from from_sql
),

final as (
    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi,
        case
            when {{ is_review_flag('check_name', 'rule_importance') }} then 'review'
            else 'warning'
        end as severity
    from all_warnings
)

select * from final
