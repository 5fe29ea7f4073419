-- Each value submitted directly for a parent indicator (its current version) next to the
-- sum of the current values below it for the same unit and month, where there are any
-- (int_values_rolled_up: then the parent counts as that sum and the direct value is
-- ignored). They differ when |direct - sum| > var('parent_sum_tolerance_pct') (default
-- 1) percent of the sum.
with

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

rolled_up as (
    select * from {{ ref('int_values_rolled_up') }}
),

descendants as (
    select * from {{ ref('int_indicator_descendants') }}
),

parents as (
    select distinct ancestor_code as indicator_code
    from descendants
    where depth > 0
),

direct_values as (
    select
        versions.file_path,
        versions.row_number,
        versions.unit_code,
        versions.indicator_code,
        versions.month_start,
        versions.value
    from versions
    inner join parents
        on versions.indicator_code = parents.indicator_code
    where versions.is_current
),

final as (
    select
        rolled_up.province_code,
        direct_values.file_path,
        direct_values.row_number,
        direct_values.unit_code,
        direct_values.indicator_code,
        direct_values.month_start,
        direct_values.value,
        rolled_up.value as children_value,
        rolled_up.n_values as n_children_values,
        case
            when rolled_up.value <> 0
                then round(
                    100 * cast(direct_values.value - rolled_up.value as double)
                    / cast(rolled_up.value as double),
                    6
                )
        end as difference_pct,
        abs(direct_values.value - rolled_up.value)
        > cast({{ var('parent_sum_tolerance_pct') }} as double) / 100
        * abs(rolled_up.value) as differs
    from direct_values
    inner join rolled_up
        on
            direct_values.unit_code = rolled_up.unit_code
            and direct_values.indicator_code = rolled_up.indicator_code
            and direct_values.month_start = rolled_up.month_start
    where rolled_up.is_rolled_up
)

select * from final
