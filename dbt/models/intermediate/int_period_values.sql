-- Actual values per province, year, period and indicator, by kind: flows summed over the
-- months of the period; stocks summed over units at the last month of the period that
-- has data; ratios as 100 x (numerator) / (denominator), each part aggregated by its own
-- kind. scope = 'own' uses the province's own facts; scope = 'with_predecessors' (only
-- for provinces that others merged into) adds the predecessors' facts, for pro-forma
-- year-on-year bases.
with

rolled_up as (
    select * from {{ ref('int_values_rolled_up') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

periods as (
    select * from {{ ref('int_reporting_periods') }}
),

predecessors as (
    select * from {{ ref('int_province_predecessors') }}
),

successors as (
    select distinct predecessors.successor_code
    from predecessors
),

scoped_values as (
    select
        'own' as scope,
        rolled_up.province_code as scope_province_code,
        false as from_predecessor,
        rolled_up.*
    from rolled_up

    union all

    select
        'with_predecessors' as scope,
        rolled_up.province_code as scope_province_code,
        false as from_predecessor,
        rolled_up.*
    from rolled_up
    inner join successors
        on rolled_up.province_code = successors.successor_code

    union all

    select
        'with_predecessors' as scope,
        predecessors.successor_code as scope_province_code,
        true as from_predecessor,
        rolled_up.*
    from rolled_up
    inner join predecessors
        on rolled_up.province_code = predecessors.predecessor_code
),

in_periods as (
    select
        scoped_values.scope,
        scoped_values.scope_province_code as province_code,
        periods.year,
        periods.period,
        scoped_values.indicator_code,
        indicators.kind,
        scoped_values.unit_code,
        scoped_values.month_start,
        scoped_values.value,
        scoped_values.is_estimate,
        scoped_values.as_of,
        scoped_values.from_predecessor,
        max(scoped_values.month_start) over (
            partition by
                scoped_values.scope,
                scoped_values.scope_province_code,
                periods.year,
                periods.period,
                scoped_values.indicator_code
        ) as last_month_with_data
    from scoped_values
    inner join periods
        on scoped_values.month_start between periods.period_start and periods.period_end
    inner join indicators
        on scoped_values.indicator_code = indicators.indicator_code
    where indicators.kind in ('flow', 'stock')
),

contributing as (
    select
        *,
        kind = 'flow' or month_start = last_month_with_data as is_contributing
    from in_periods
),

flows_and_stocks as (
    select
        scope,
        province_code,
        year,
        period,
        indicator_code,
        sum(value) filter (where is_contributing) as actual_value,
        bool_or(is_estimate) filter (where is_contributing) as is_estimate,
        max(as_of) filter (where is_contributing) as as_of,
        count(distinct month_start) as months_with_data,
        max(last_month_with_data) as last_month_with_data,
        bool_or(from_predecessor) filter (where is_contributing) as includes_predecessors
    from contributing
    group by
        scope,
        province_code,
        year,
        period,
        indicator_code
),

ratios as (
    select
        numerator.scope,
        numerator.province_code,
        numerator.year,
        numerator.period,
        indicators.indicator_code,
        case
            when denominator.actual_value <> 0
                then round(
                    100 * numerator.actual_value::double
                    / denominator.actual_value::double,
                    6
                )::decimal(38, 6)
        end as actual_value,
        numerator.is_estimate or denominator.is_estimate as is_estimate,
        greatest(numerator.as_of, denominator.as_of) as as_of,
        greatest(numerator.months_with_data, denominator.months_with_data)
            as months_with_data,
        greatest(numerator.last_month_with_data, denominator.last_month_with_data)
            as last_month_with_data,
        numerator.includes_predecessors
        or denominator.includes_predecessors as includes_predecessors
    from indicators
    inner join flows_and_stocks as numerator
        on indicators.numerator_code = numerator.indicator_code
    inner join flows_and_stocks as denominator
        on
            indicators.denominator_code = denominator.indicator_code
            and numerator.scope = denominator.scope
            and numerator.province_code = denominator.province_code
            and numerator.year = denominator.year
            and numerator.period = denominator.period
    where indicators.kind = 'ratio'
),

final as (
    select * from flows_and_stocks

    union all

    select * from ratios
)

select * from final
