-- The plan each province, year, period and indicator is measured against: of several
-- plan sources the first in var('plan_source_priority'); of its revisions the latest
-- with revised_on on or before the period end (no revised_on = the original plan).
with

plans as (
    select * from {{ ref('stg_plans') }}
),

periods as (
    select * from {{ ref('int_reporting_periods') }}
),

in_force as (
    select
        plans.province_code,
        plans.year,
        periods.period,
        periods.period_end,
        plans.indicator_code,
        plans.plan_value,
        plans.plan_source,
        plans.plan_document,
        plans.revised_on,
        {{ plan_source_rank('plans.plan_source') }} as plan_source_rank
    from plans
    inner join periods
        on plans.year = periods.year
    where plans.revised_on is null or plans.revised_on <= periods.period_end
),

ranked as (
    select
        *,
        row_number() over (
            partition by province_code, year, period, indicator_code
            order by
                plan_source_rank asc,
                plan_source asc nulls last,
                revised_on desc nulls last,
                plan_document asc,
                plan_value desc
        ) as preference,
        count(distinct plan_source) over (
            partition by province_code, year, period, indicator_code
        ) as n_plan_sources
    from in_force
),

final as (
    select
        province_code,
        year,
        period,
        indicator_code,
        plan_value,
        plan_source,
        plan_document,
        revised_on as plan_revised_on,
        n_plan_sources
    from ranked
    where preference = 1
)

select * from final
