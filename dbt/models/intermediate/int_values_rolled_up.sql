-- Current values per unit, indicator and month, with parents rolled up: a parent is the
-- sum of the values below it. A value counts where nothing below it has a value for the
-- same unit and month, so a directly submitted parent counts only where no descendant
-- was reported (for two levels: only where there are no leaf values).
with

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

descendants as (
    select * from {{ ref('int_indicator_descendants') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

current_values as (
    select
        unit_code,
        indicator_code,
        month_start,
        value,
        status = 'estimate' as is_estimate,
        coalesce(as_of, last_day(month_start)) as as_of
    from versions
    where is_current
),

covered as (
    select distinct
        current_values.unit_code,
        current_values.month_start,
        current_values.indicator_code
    from current_values
    inner join descendants
        on
            current_values.indicator_code = descendants.ancestor_code
            and descendants.depth > 0
    inner join current_values as below
        on
            current_values.unit_code = below.unit_code
            and current_values.month_start = below.month_start
            and descendants.descendant_code = below.indicator_code
),

counted as (
    select current_values.*
    from current_values
    left join covered
        on
            current_values.unit_code = covered.unit_code
            and current_values.month_start = covered.month_start
            and current_values.indicator_code = covered.indicator_code
    where covered.unit_code is null
),

rolled_up as (
    select
        descendants.ancestor_code as indicator_code,
        counted.unit_code,
        counted.month_start,
        sum(counted.value) as value,
        bool_or(counted.is_estimate) as is_estimate,
        max(counted.as_of) as as_of,
        count(*) as n_values,
        bool_or(descendants.depth > 0) as is_rolled_up
    from counted
    inner join descendants
        on counted.indicator_code = descendants.descendant_code
    group by
        descendants.ancestor_code,
        counted.unit_code,
        counted.month_start
),

final as (
    select
        units.province_code,
        rolled_up.unit_code,
        rolled_up.indicator_code,
        rolled_up.month_start,
        cast(year(rolled_up.month_start) as integer) as year,
        rolled_up.value,
        rolled_up.is_estimate,
        rolled_up.as_of,
        rolled_up.n_values,
        rolled_up.is_rolled_up
    from rolled_up
    inner join units
        on rolled_up.unit_code = units.unit_code
)

select * from final
