-- Each current value next to the median of the same unit and indicator's current values
-- in its previous months with data (up to var('value_scale_jump_history_months'), default
-- 12, not necessarily consecutive). Where there are at least
-- var('value_scale_jump_min_history') (default 3) such months, a value at least
-- var('value_scale_jump_factor') (default 10) times that median, or at most its inverse,
-- both non-zero, is a scale jump: a slip such as a misplaced comma (x100) or triệu
-- typed as tỷ đồng (x1000). A median of a year absorbs a seasonal peak.
with

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

current_values as (
    select
        file_path,
        row_number,
        unit_code,
        indicator_code,
        month_start,
        value
    from versions
    where is_current
),

with_history as (
    select
        *,
        median(value) over recent_months as previous_median,
        count(*) over recent_months as n_previous_months,
        min(month_start) over recent_months as first_previous_month,
        max(month_start) over recent_months as last_previous_month
    from current_values
    window recent_months as (
        partition by unit_code, indicator_code
        order by month_start asc
        rows between {{ var('value_scale_jump_history_months') }} preceding and 1 preceding
    )
),

final as (
    select
        file_path,
        row_number,
        unit_code,
        indicator_code,
        month_start,
        value,
        cast(previous_median as decimal(38, 6)) as previous_median,
        n_previous_months,
        first_previous_month,
        last_previous_month,
        case
            when value <> 0 and previous_median <> 0
                then cast(value as double) / cast(previous_median as double)
        end as ratio_to_median,
        -- Compared in doubles with a margin of 1e-9, so that exactly 100x counts.
        coalesce(
            n_previous_months >= {{ var('value_scale_jump_min_history') }}
            and value <> 0
            and previous_median <> 0
            and (
                cast(value as double) / cast(previous_median as double)
                >= {{ var('value_scale_jump_factor') }} * (1 - 1e-9)
                or cast(value as double) / cast(previous_median as double)
                <= (1 + 1e-9) / {{ var('value_scale_jump_factor') }}
            ),
            false
        ) as is_scale_jump
    from with_history
)

select * from final
